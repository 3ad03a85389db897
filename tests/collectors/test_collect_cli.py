"""`ambassade collect`: the command-line contract, with click's CliRunner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ambassade.cli import main
from tests.collectors.conftest import BRAND_TOML, PAYLOADS, payload

CONTRACT_FIELDS = {"id", "source", "native_id", "author", "author_id", "text", "url",
                   "created_at", "lang", "matched", "metrics"}


def invoke(*args: str, config: str | None = None, tmp_path=None):
    base = []
    if config is not None:
        path = tmp_path / "ambassade.toml"
        path.write_text(config, encoding="utf-8")
        base = ["--config", str(path), "--db", str(tmp_path / "a.duckdb")]
    return CliRunner().invoke(main, [*base, *args])


def test_dry_run_jsonl_prints_every_entry_with_matched(tmp_path):
    feed = PAYLOADS / "rss" / "listening_rss2.xml"
    result = invoke("collect", "rss", "--url", str(feed), "--dry-run", "--jsonl",
                    config=BRAND_TOML, tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3 and all(set(line) == CONTRACT_FIELDS for line in lines)
    assert [line["matched"] for line in lines] == [["Lemoine"], ["Lemoine"], []]
    assert lines[0]["created_at"] == "2026-11-23T07:30:00Z"
    assert not (tmp_path / "a.duckdb").exists()          # stores nothing


def test_dry_run_reads_urls_and_skips_unreadable_feeds(httpserver, tmp_path):
    httpserver.expect_request("/feed").respond_with_data(payload("rss", "listening_atom.xml"))
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    result = invoke("collect", "rss", "--url", httpserver.url_for("/gone"),
                    "--url", httpserver.url_for("/feed"), "--url", str(tmp_path / "missing.xml"),
                    "--dry-run", "--jsonl", config=BRAND_TOML, tmp_path=tmp_path)
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3
    assert "not found (404)" in result.stderr and "missing.xml: no such file" in result.stderr


def test_dry_run_with_no_readable_feed_exits_1_with_one_line(tmp_path):
    result = invoke("collect", "rss", "--url", str(PAYLOADS / "rss" / "not_a_feed.html"),
                    "--dry-run", "--jsonl", config=BRAND_TOML, tmp_path=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("ambassade: error: none of the 1 feeds")
    assert "Traceback" not in result.output


def test_dry_run_works_without_a_config_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["collect", "rss", "--url",
                                       str(PAYLOADS / "rss" / "listening_atom.xml"),
                                       "--dry-run", "--jsonl"])
    assert result.exit_code == 0
    assert all(json.loads(line)["matched"] == [] for line in result.stdout.splitlines())


def test_collect_stores_and_second_pass_adds_nothing(httpserver, tmp_path):
    httpserver.expect_request("/feed").respond_with_data(payload("rss", "listening_rss2.xml"))
    config = BRAND_TOML + f'\n[rss]\nfeeds = ["{httpserver.url_for("/feed")}"]\n'
    first = invoke("collect", "rss", "--jsonl", config=config, tmp_path=tmp_path)
    second = invoke("collect", "rss", "--jsonl", config=config, tmp_path=tmp_path)
    assert first.exit_code == 0 and second.exit_code == 0, first.output
    assert json.loads(first.stdout)["new"] == 2
    assert json.loads(second.stdout)["new"] == 0


def test_missing_credentials_skip_that_source_with_one_line(httpserver, tmp_path):
    httpserver.expect_request("/feed").respond_with_data(payload("rss", "listening_rss2.xml"))
    config = (BRAND_TOML + f'\n[rss]\nfeeds = ["{httpserver.url_for("/feed")}"]\n'
              '[x]\nqueries = ["Lemoine"]\n')
    result = invoke("collect", "x", "rss", config=config, tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    assert "ambassade: x: skipped: set X_BEARER_TOKEN" in result.stderr
    assert "ambassade: ok: rss: 2 new" in result.stderr
    from store.connect import open_store

    with open_store(tmp_path / "a.duckdb") as store:
        assert store._rows("SELECT job, status, message FROM runs WHERE status = 'skipped'") == [
            ("collect:x", "skipped", "set X_BEARER_TOKEN in the environment or in .env")]


def test_unknown_source_is_bad_usage(tmp_path):
    result = invoke("collect", "myspace", config=BRAND_TOML, tmp_path=tmp_path)
    assert result.exit_code == 2
    assert "unknown source 'myspace'" in result.stderr


def test_url_without_dry_run_is_bad_usage(tmp_path):
    result = invoke("collect", "rss", "--url", "https://example.org/feed", config=BRAND_TOML,
                    tmp_path=tmp_path)
    assert result.exit_code == 2 and "--url works only with" in result.stderr


def test_reddit_dry_run_prints_configured_queries_and_stores_nothing(httpserver, tmp_path,
                                                                      monkeypatch):
    from tests.collectors.test_reddit import FakeReddit

    fake = FakeReddit(httpserver)
    monkeypatch.setenv("REDDIT_CLIENT_ID", "replay-id")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "replay-secret")
    config = (BRAND_TOML + f'\n[reddit]\nqueries = ["Lemoine"]\nsubreddits = ["france"]\n'
              f'oauth_url = "{fake.url}"\nreddit_url = "{fake.url}"\n')
    result = invoke("collect", "reddit", "--dry-run", "--jsonl", config=config, tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["reddit:t3_1h0aae", "reddit:t3_1h0aad",
                                              "reddit:t3_1h0aac", "reddit:t3_1h0aab",
                                              "reddit:t3_1h0aaa"]
    assert lines[-1]["matched"] == []           # search results are mentions all the same
    assert all(set(line) == CONTRACT_FIELDS for line in lines)
    assert not (tmp_path / "a.duckdb").exists()


def test_hostile_feed_in_dry_run_prints_plain_json_lines(tmp_path):
    result = invoke("collect", "rss", "--url", str(PAYLOADS / "rss" / "hostile.xml"),
                    "--dry-run", "--jsonl", config=BRAND_TOML, tmp_path=tmp_path)
    assert result.exit_code == 0
    for line in result.stdout.splitlines():
        entry = json.loads(line)
        assert "<script" not in entry["text"] and "\x07" not in entry["text"]


def test_file_urls_and_odd_schemes_are_never_fetched(tmp_path):
    result = invoke("collect", "rss", "--url", "file:///etc/passwd", "--url", "javascript:alert(1)",
                    "--url", "http://exa mple.org/\x07feed", "--dry-run", "--jsonl",
                    config=BRAND_TOML, tmp_path=tmp_path)
    assert result.exit_code == 1 and result.stdout == ""
    assert "root:" not in result.output and "Traceback" not in result.output
    assert result.stderr.count("\n") == 4            # three feeds reported, then the error line


def test_second_pass_with_304s_and_one_broken_feed_is_not_a_failure(httpserver, tmp_path):
    from tests.collectors.conftest import feed_handler

    httpserver.expect_request("/feed").respond_with_handler(
        feed_handler(payload("rss", "listening_rss2.xml")))
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    config = (BRAND_TOML + f'\n[rss]\nfeeds = ["{httpserver.url_for("/feed")}", '
              f'"{httpserver.url_for("/gone")}"]\n')
    first = invoke("collect", "rss", "--jsonl", config=config, tmp_path=tmp_path)
    second = invoke("collect", "rss", "--jsonl", config=config, tmp_path=tmp_path)
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert json.loads(second.stdout) == {"source": "rss", "status": "ok", "new": 0,
                                         "fetched": 0, "pages": 0, "skipped": 0,
                                         "errors": 1, "reads": 0}
    assert second.stderr.count("not found (404)") == 1


ESCAPING_FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>T\x1b]0;owned\x07</title>'
                 '<item><title>Lemoine \x1b[2J\u202egnp.exe</title>'
                 '<link>https://e.example/a\x1b[31m</link>'
                 '<guid isPermaLink="false">g\x1b]8;;http://evil/\x07-1\x9b31m</guid>'
                 '<author>x\x1b[1mboss</author><description>ok\x9d0;t\x07</description>'
                 '</item></channel></rss>').encode()


def _terminal_safe(text: str) -> bool:
    return not any(c in text for c in "\x1b\x07\x9b\x9d\u202e")


def test_dry_run_never_prints_a_terminal_escape_from_a_feed(tmp_path):
    """An ESC/OSC sequence in a <guid> would retitle or rewrite the user's terminal."""
    feed = tmp_path / "escapes.xml"
    feed.write_bytes(ESCAPING_FEED)
    for fmt in (["--jsonl"], []):
        result = invoke("collect", "rss", "--url", str(feed), "--dry-run", *fmt,
                        config=BRAND_TOML, tmp_path=tmp_path)
        assert result.exit_code == 0, result.output
        assert _terminal_safe(result.stdout) and _terminal_safe(result.stderr)
        assert "g-1" in result.stdout and "gnp.exe" in result.stdout
    [line] = [json.loads(line) for line in invoke(
        "collect", "rss", "--url", str(feed), "--dry-run", "--jsonl",
        config=BRAND_TOML, tmp_path=tmp_path).stdout.splitlines()]
    # (feedparser may read the 8-bit CSI as a visible cp1252 "›": harmless once not a control)
    assert line["id"].startswith("rss:g-1") and "evil" not in line["id"]
    assert (line["url"], line["author"]) == ("https://e.example/a", "xboss")
    assert all(_terminal_safe(str(value)) for value in line.values())


def test_stored_ids_and_texts_carry_no_escape_or_bidi_override(httpserver, tmp_path):
    from store.connect import open_store

    httpserver.expect_request("/esc").respond_with_data(ESCAPING_FEED,
                                                        content_type="application/rss+xml")
    config = BRAND_TOML + f'\n[rss]\nfeeds = ["{httpserver.url_for("/esc")}"]\n'
    result = invoke("collect", "rss", config=config, tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    with open_store(tmp_path / "a.duckdb") as store:
        rows = store._rows("SELECT id, native_id, author, author_id, text, url FROM mentions")
    assert len(rows) == 1 and rows[0][0].startswith("rss:g-1")
    assert all(_terminal_safe(str(cell)) for cell in rows[0])


def test_logs_never_print_a_terminal_escape(caplog):
    import logging

    from ambassade.log import SafeFormatter

    record = logging.LogRecord("collectors.rss", logging.WARNING, __file__, 1,
                               "%s: entry skipped", ("feed\x1b]0;owned\x07\u202e",), None)
    line = SafeFormatter("%(message)s").format(record)
    assert line == "feed: entry skipped"
