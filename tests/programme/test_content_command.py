"""`ambassade content`: adding a page by its OpenGraph card (served from 127.0.0.1), approving with
the charter's findings, rejecting with a reason; hostile pages give one line and nothing written."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest

from programme.opengraph import parse_card
from store import open_store
from tests.ambassade.test_cli import assert_one_line_error, invoke
from tests.programme.conftest import PROGRAMME_TOML

PAGE = """<!doctype html><html lang="fr-FR"><head>
<title>Fallback title</title>
<meta property="og:title" content="&lt;b&gt;Nos 40 apprentis&lt;/b&gt; de la rentrée<script>alert(1)</script>">
<meta property="og:description" content="Rencontre &amp; portraits &lt;img src=x onerror=alert(1)&gt; en vidéo">
<meta property="og:image" content="/img/apprentis.jpg">
<meta property="og:url" content="https://evil.example/phish">
</head><body><p>Bonjour</p></body></html>"""


@pytest.fixture(autouse=True)
def instant_retries(monkeypatch):
    """urllib3's 5xx retry backoff sleeps; the test need not."""
    monkeypatch.setattr(time, "sleep", lambda seconds: None)


@pytest.fixture(autouse=True)
def quiet_server(monkeypatch):
    """The local server's access log is not the command's stderr."""
    monkeypatch.setattr(logging.getLogger("werkzeug"), "disabled", True)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "ambassade.toml"
    path.write_text(PROGRAMME_TOML + '\n[programme]\npage_max_bytes = 2000000\n')
    return path


def run(config, db_path, *args):
    return invoke("--config", str(config), "--db", str(db_path), *args)


def library(db_path: Path) -> list[tuple]:
    with open_store(db_path) as store:
        return store._rows("SELECT title, summary, image_url, lang, state, origin FROM content")


def test_a_page_is_added_from_its_opengraph_card_as_plain_text(config, db_path, httpserver):
    httpserver.expect_request("/blog/apprentis").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/blog/apprentis")
    result = run(config, db_path, "content", "add", url, "--by", "Agnès", "--tag", "recrutement, apprentissage")
    assert result.exit_code == 0, result.stderr
    assert "proposed: Nos 40 apprentis de la rentrée" in result.stdout
    [(title, summary, image, lang, state, origin)] = library(db_path)
    assert title == "Nos 40 apprentis de la rentrée"
    assert "<" not in summary and summary.startswith("Rencontre & portraits")
    assert image == httpserver.url_for("/img/apprentis.jpg")
    assert (lang, state, origin) == ("fr", "proposed", "admin")
    listed = json.loads(run(config, db_path, "content", "list", "--json").stdout)
    # A page naming a canonical URL on another host is not believed.
    assert listed[0]["url"].startswith(httpserver.url_for("/").rstrip("/"))
    assert listed[0]["tags"] == ["recrutement", "apprentissage"]
    again = run(config, db_path, "content", "add", url, "--by", "Agnès")
    assert_one_line_error(again, "already in the library")


@pytest.mark.parametrize("respond, needle", [
    (lambda r: r.respond_with_data("oops", status=500), "server error"),
    (lambda r: r.respond_with_data("gone", status=404), "not found (404)"),
    (lambda r: r.respond_with_data(b"%PDF-1.7", content_type="application/pdf"), "not a web page"),
    (lambda r: r.respond_with_data("<html><body>no title</body></html>", content_type="text/html"),
     "has no title"),
])
def test_a_page_that_cannot_be_read_is_one_line_and_nothing_written(config, db_path, httpserver, respond, needle):
    respond(httpserver.expect_request("/page"))
    result = run(config, db_path, "content", "add", httpserver.url_for("/page"), "--by", "Agnès")
    assert_one_line_error(result, needle)
    assert library(db_path) == []


def test_a_50_mb_page_is_cut_at_the_size_cap_and_nothing_written(config, db_path, httpserver):
    big = b"<html><head><title>x</title></head><body>" + b"A" * 50_000_000 + b"</body></html>"
    httpserver.expect_request("/huge").respond_with_data(big, content_type="text/html")
    result = run(config, db_path, "content", "add", httpserver.url_for("/huge"), "--by", "Agnès")
    assert_one_line_error(result, "larger than 2 MB")
    assert library(db_path) == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.fr/a", "not a url", ""])
def test_only_http_urls_can_be_added(config, db_path, url):
    assert_one_line_error(run(config, db_path, "content", "add", url, "--by", "Agnès"), "")
    assert library(db_path) == []


def test_adding_needs_to_say_who(config, db_path, httpserver):
    assert_one_line_error(run(config, db_path, "content", "add", "https://x.fr/a"), "who adds it")


def test_hostile_card_values_are_bounded_plain_text():
    body = ('<html><head><meta property="og:title" content="' + "&lt;i&gt;T\u202e" * 10_000 + '">'
            '<meta property="og:image" content="javascript:alert(1)"></head></html>').encode()
    card = parse_card(body, "https://www.maisonlemoine.fr/a")
    assert len(card.title) <= 300 and "<" not in card.title and "\u202e" not in card.title
    assert card.image_url is None


def test_approve_shows_the_charters_findings_and_reject_needs_a_reason(config, db_path, httpserver):
    httpserver.expect_request("/secret").respond_with_data(
        '<html><head><meta property="og:title" content="Le Projet Brioche en avant-première"></head></html>',
        content_type="text/html")
    httpserver.expect_request("/ok").respond_with_data(
        '<html><head><meta property="og:title" content="Nos apprentis de la rentrée"></head></html>',
        content_type="text/html")
    run(config, db_path, "content", "add", httpserver.url_for("/secret"), "--by", "Agnès")
    run(config, db_path, "content", "add", httpserver.url_for("/ok"), "--by", "Agnès")
    items = {i["title"]: i["id"] for i in json.loads(run(config, db_path, "content", "list", "--json").stdout)}
    secret, ok = items["Le Projet Brioche en avant-première"], items["Nos apprentis de la rentrée"]
    approved = run(config, db_path, "content", "approve", ok, "--by", "Agnès", "--expires", "2099-12-31")
    assert approved.exit_code == 0 and "approved until 2100-01-01" in approved.stdout
    assert "charter: no findings" in approved.stdout
    flagged = run(config, db_path, "content", "approve", secret, "--by", "Agnès")
    assert flagged.exit_code == 0
    assert "charter: block" in flagged.stdout and "Projet Brioche" in flagged.stdout
    assert "will not be offered" in flagged.stderr
    assert_one_line_error(run(config, db_path, "content", "reject", secret, "--by", "Agnès"), "say why")
    rejected = run(config, db_path, "content", "reject", secret, "--by", "Agnès", "--why", "nom de code")
    assert rejected.exit_code == 0
    states = {i["id"]: i["state"] for i in json.loads(run(config, db_path, "content", "list", "--json").stdout)}
    assert states == {secret: "rejected", ok: "approved"}
    assert_one_line_error(run(config, db_path, "content", "approve", ok, "--by", "Agnès", "--expires", "31/12"),
                          "not a date")
    assert_one_line_error(run(config, db_path, "content", "expire", "content:nope", "--by", "A"), "no content")
    with open_store(db_path) as store:
        trail = store._rows("SELECT state, decided_by, why, findings IS NOT NULL FROM content_decisions "
                            "WHERE content_id = ? ORDER BY id", [secret])
    assert trail == [("proposed", "Agnès", None, False), ("approved", "Agnès", None, True),
                     ("rejected", "Agnès", "nom de code", False)]
