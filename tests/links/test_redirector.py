"""The redirector: 302 with UTM for a known code, 404 for everything else, bots and repeats apart."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from links.ingest import ingest_spool
from links.redirector import Visitors
from store import open_store, read_only
from store.links import hit_counts
from store.retention import erase_employee
from tests.links.conftest import BROWSER, PHONE, raw_request


def get(running, path: str, agent: str = BROWSER, method: str = "GET") -> httpx.Response:
    return httpx.request(method, running.url + path, headers={"user-agent": agent}, follow_redirects=False)


def test_a_known_code_answers_302_to_the_content_with_its_utm_parameters(redirector):
    code = redirector.codes["emp:ana|Le pain|linkedin"]
    answer = get(redirector, f"/l/{code}")
    assert answer.status_code == 302
    location = urlsplit(answer.headers["location"])
    assert (location.scheme, location.netloc, location.path) == ("https", "www.exemple.fr", "/blog/pain")
    assert location.fragment == "recette"                   # the content's own fragment is kept
    query = parse_qs(location.query)
    assert query["lang"] == ["fr"]                          # and its own query
    assert query["utm_source"] == ["linkedin"] and query["utm_medium"] == ["employee_advocacy"]
    assert query["utm_campaign"] == ["ambassadeurs"]
    # utm_content is an opaque per-link code, distinct from the public /l/ code, naming no one.
    (utm_content,) = query["utm_content"]
    assert utm_content != code and utm_content.isalnum() and "ana" not in utm_content.lower()
    assert answer.headers["cache-control"] == "no-store"


TRICKS = [
    "//evil.example", "//evil.example/l/{code}", "/l//evil.example", "/l/%2F%2Fevil.example",
    "/l/{code}%2F..%2F..%2Fetc", "/l/..%2F{code}", "/l/../l/{code}", "/l/{code}/../x", "/l/./{code}",
    "/l/%2e%2e/{code}", "/l\\{code}", "/l/\\\\evil.example", "/l/{code}@evil.example",
    "/l/@evil.example", "/l/{code}%0d%0aLocation:%20https://evil.example", "/l/%0d%0a{code}",
    "/l/{code}%00", "/l/{code}%20", "/L/{code}", "/l/{code}//", "/l/{code}.", "/l/{code}x",
    "/l/", "/l", "/", "/healthz/..", "/favicon.ico", "/l/" + "A" * 65, "/l/" + "A" * 8000,
    "/l/abc", "/l/ZZZZZZZZZZZZ",
]


@pytest.mark.parametrize("trick", TRICKS)
def test_any_other_path_answers_404_and_never_a_redirect(redirector, trick):
    path = trick.format(code=redirector.codes["emp:ana|Le pain|x"])
    answer = raw_request(redirector.port, f"GET {path} HTTP/1.1\r\nHost: x\r\nUser-Agent: {BROWSER}\r\n\r\n".encode())
    head = answer.split(b"\r\n\r\n", 1)[0].lower()
    assert head.startswith(b"http/1.1 404"), head[:200]
    assert b"location:" not in head


@pytest.mark.parametrize("request_bytes", [
    b"GET /l/CODE\r\nLocation: https://evil.example HTTP/1.1\r\nHost: x\r\n\r\n",   # raw CRLF in the path
    b"GET /l/CODE\rX HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /l/" + b"A" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",                  # a path past the server's limit
    b"GET http://evil.example/l/CODE HTTP/1.1\r\nHost: x\r\n\r\n",                 # absolute form
])
def test_malformed_requests_never_get_a_redirect_elsewhere(redirector, request_bytes):
    """A raw CR or LF cannot be inside a path: it ends the request line. The server then
    refuses the request (4xx) or reads the path before it; either way the answer names no
    other host and carries no header from the request."""
    code = redirector.codes["emp:ana|Le pain|x"].encode()
    answer = raw_request(redirector.port, request_bytes.replace(b"CODE", code))
    head = answer.split(b"\r\n\r\n", 1)[0].lower()
    assert b"evil" not in answer.lower()
    locations = [line for line in head.split(b"\r\n") if line.startswith(b"location:")]
    assert all(line.startswith(b"location: https://www.exemple.fr/blog/pain?") for line in locations)
    assert head == b"" or head.startswith((b"http/1.1 4", b"http/1.0 4", b"http/1.1 302"))


def test_other_methods_answer_404(redirector):
    code = redirector.codes["emp:ana|Le pain|x"]
    for method in ("POST", "PUT", "DELETE", "OPTIONS"):
        assert get(redirector, f"/l/{code}", method=method).status_code == 404


def test_a_human_click_and_a_link_preview_give_one_click_and_one_bot(redirector):
    code = redirector.codes["emp:ana|Le pain|x"]
    assert get(redirector, f"/l/{code}").status_code == 302
    assert get(redirector, f"/l/{code}", agent="LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)").status_code == 302
    assert get(redirector, f"/l/{code}", method="HEAD").status_code == 302     # a HEAD is a bot too
    with open_store(redirector.db) as store:
        stats = ingest_spool(store, redirector.spool_dir)
        assert (stats.clicks, stats.others) == (1, 2)
        assert hit_counts(store, code) == {"human": 1, "bot": 2, "repeat": 0}
        assert store._rows("SELECT count(*) FROM clicks WHERE code = ?", [code]) == [(1,)]


@pytest.mark.parametrize("agent", [
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "Twitterbot/1.0",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "WhatsApp/2.23.20.0 A",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/8.5.0", "",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "SkypeUriPreview Preview/0.5",
    "http.rb/5.1.1 (Mastodon/4.3.0; +https://mastodon.social/) Bot", "python-requests/2.32",
])
def test_previews_and_crawlers_get_their_302_but_are_never_clicks(redirector, agent):
    code = redirector.codes["emp:bob|La tarte|x"]
    assert get(redirector, f"/l/{code}", agent=agent).status_code == 302
    with open_store(redirector.db) as store:
        ingest_spool(store, redirector.spool_dir)
        assert hit_counts(store, code) == {"human": 0, "bot": 1, "repeat": 0}
        assert store._rows("SELECT count(*) FROM clicks") == [(0,)]


def test_one_visitor_clicking_again_within_the_window_counts_once(redirector):
    code = redirector.codes["emp:bob|Le pain|linkedin"]
    for _ in range(3):
        assert get(redirector, f"/l/{code}").status_code == 302
    assert get(redirector, f"/l/{code}", agent=PHONE).status_code == 302       # another visitor
    with open_store(redirector.db) as store:
        ingest_spool(store, redirector.spool_dir)
        assert hit_counts(store, code) == {"human": 2, "bot": 0, "repeat": 2}
        # Nothing that identifies the visitor is stored: no address, no user agent.
        cells = " ".join(str(v) for row in store._rows("SELECT * FROM link_hits") for v in row)
        assert "127.0.0.1" not in cells and "Chrome" not in cells and "iPhone" not in cells
    spooled = b"".join(p.read_bytes() for p in redirector.spool_dir.glob("*.jsonl"))
    assert b"127.0.0.1" not in spooled and b"Chrome" not in spooled


def test_visitor_hashes_are_salted_windowed_and_forgotten_when_the_salt_changes():
    now = [0.0]
    visitors = Visitors(60, clock=lambda: now[0])
    assert not visitors.repeat("1.2.3.4", "ua", "code1")
    assert visitors.repeat("1.2.3.4", "ua", "code1")
    assert not visitors.repeat("1.2.3.4", "ua", "code2")
    now[0] = 61
    assert not visitors.repeat("1.2.3.4", "ua", "code1")       # past the window: counts again
    now[0] = 62 + 24 * 3600
    assert not visitors.repeat("1.2.3.4", "ua", "code1")       # new salt, nothing remembered


def test_an_expired_code_answers_404(redirector):
    code = redirector.codes["emp:ana|La tarte|x"]
    route = redirector.app.map.routes[code][0]
    redirector.app.clock = lambda: route.expires_at + 1
    try:
        assert get(redirector, f"/l/{code}").status_code == 404
    finally:
        redirector.app.clock = time.time
    assert route.expires_at - time.time() > timedelta(days=300).total_seconds() - 10**8


def test_an_erased_employees_codes_answer_404_after_the_refresh(redirector):
    code = redirector.codes["emp:bob|Le pain|x"]
    assert get(redirector, f"/l/{code}").status_code == 302
    with open_store(redirector.db) as store, store.transaction() as db:
        erase_employee(db, "emp:bob")
    assert redirector.app.refresh()
    assert get(redirector, f"/l/{code}").status_code == 404
    # The click spooled before the erasure is dropped at ingestion, not resurrected.
    with open_store(redirector.db) as store:
        stats = ingest_spool(store, redirector.spool_dir)
        assert stats.unknown_code == 1 and stats.clicks == 0
        assert store._rows("SELECT count(*) FROM link_hits WHERE code = ?", [code]) == [(0,)]


def test_it_keeps_serving_the_old_map_while_a_writer_holds_the_database(redirector):
    code = redirector.codes["emp:ana|Le pain|x"]
    with open_store(redirector.db) as writer:          # the scheduler, writing
        writer._rows("CHECKPOINT")
        redirector.app._version = None                  # force a reload attempt
        started = time.monotonic()
        assert redirector.app.refresh() is False        # locked: bounded retry, then give up
        assert time.monotonic() - started < 10
        assert get(redirector, f"/l/{code}").status_code == 302
    assert redirector.app.refresh_failures == 1
    assert redirector.app.refresh() is True


def test_healthz_says_how_it_is(redirector):
    answer = httpx.get(redirector.url + "/healthz")
    assert answer.status_code == 200
    body = answer.json()
    assert body["ok"] is True and body["links"] == 8 and body["spool_errors"] == 0


def test_read_only_map_load_does_not_block_writers(redirector):
    # The map is read on a short read-only connection that is closed at once.
    with read_only(redirector.db) as store:
        assert store.read_only
    with open_store(redirector.db):
        pass


def test_behind_the_local_proxy_visitors_are_told_apart_by_x_forwarded_for(redirector):
    code = redirector.codes["emp:ana|La tarte|linkedin"]
    for address in ("198.51.100.7", "198.51.100.8", "198.51.100.7"):
        answer = httpx.get(f"{redirector.url}/l/{code}", follow_redirects=False,
                           headers={"user-agent": BROWSER, "x-forwarded-for": f"10.0.0.1, {address}"})
        assert answer.status_code == 302
    with open_store(redirector.db) as store:
        ingest_spool(store, redirector.spool_dir)
        assert hit_counts(store, code) == {"human": 2, "bot": 0, "repeat": 1}
