"""On the demo database, through `ambassade links serve`: a known code answers 302 with UTM,
trick paths answer 404, and a human click plus a LinkedInBot fetch give +1 click and +1 bot."""

from __future__ import annotations

import signal
from datetime import date
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from ambassade.demo.build import build_demo
from store import open_store
from tests.links.conftest import BROWSER, free_port, raw_request
from tests.links.test_kill9 import ingest, start
from tests.links.test_redirector import TRICKS

pytestmark = pytest.mark.slow


def counts(db) -> tuple[int, int]:
    with open_store(db) as store:
        return store._rows("SELECT count(*) FILTER (kind = 'human'), count(*) FILTER (kind = 'bot') FROM link_hits")[0]


def test_the_demo_redirects_its_codes_and_counts_a_click_and_a_bot(tmp_path):
    db = tmp_path / "demo.duckdb"
    build_demo(db, today=date(2026, 3, 15))
    with open_store(db) as store:
        code, url = store._rows("SELECT l.code, c.url FROM share_links l JOIN content c ON c.id = l.content_id "
                                "JOIN enrolled_employees e ON e.id = l.employee_id ORDER BY l.code LIMIT 1")[0]
        # The demo's clicks came through the redirector's recording: bots and repeats are there, apart.
        kinds = dict(store._rows("SELECT kind, count(*) FROM link_hits GROUP BY 1"))
        assert kinds["human"] == store._rows("SELECT count(*) FROM clicks")[0][0] > 50
        assert kinds["bot"] > 20 and kinds["repeat"] > 0
    before = counts(db)
    port = free_port()
    proc = start(db, port)
    try:
        answer = httpx.get(f"http://127.0.0.1:{port}/l/{code}", headers={"user-agent": BROWSER})
        assert answer.status_code == 302
        location = answer.headers["location"]
        assert location.startswith(url + "?")
        query = parse_qs(urlsplit(location).query)
        assert query["utm_source"] == ["x"] and query["utm_medium"] == ["employee_advocacy"]
        assert httpx.get(f"http://127.0.0.1:{port}/l/{code}",
                         headers={"user-agent": "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient "
                                                "+http://www.linkedin.com)"}).status_code == 302
        for trick in TRICKS:
            path = trick.format(code=code)
            head = raw_request(port, f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode()).split(b"\r\n\r\n")[0]
            assert head.lower().startswith(b"http/1.1 404") and b"location" not in head.lower(), trick
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
    ingest(db)
    human, bot = counts(db)
    assert (human - before[0], bot - before[1]) == (1, 1)
