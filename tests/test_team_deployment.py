"""A team deployment on PostgreSQL (issue 16): 4 collector processes and the redirector writing
one database at once for a minute: no error, no duplicate, no lost row.

Four loops each run real `ambassade collect rss` processes, one pass after another, on feeds
served from 127.0.0.1 in the recorded payloads' shape (tests/collectors/payloads/rss). The
feeds grow as the minute goes on, and every item is in two feeds that different collectors
read, so the collectors race on the same mention and author ids all along. Meanwhile a real
redirector (`ambassade links serve`, uvicorn, its spool drained by itself) answers a client's
clicks. Then the feeds stop growing, each loop makes a last pass, the redirector is stopped,
and the store must hold every item and every click answered 302 exactly once, with daily
counts equal to a scan.

AMBASSADE_DEPLOYMENT_SECONDS shortens the minute for a local run (CI keeps the default 60).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from store import open_store
from store.listening import MentionFilter, explore
from tests.links.conftest import BROWSER, make_programme
from tests.conftest import free_port
from tests.store.test_concurrent_writers import assert_daily_tables_equal_a_scan

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[1]
SECONDS = float(os.environ.get("AMBASSADE_DEPLOYMENT_SECONDS", "60"))
COLLECTORS = 4
FEEDS = 4
ITEMS_PER_SECOND = 10
T0 = datetime(2026, 11, 20, 6, tzinfo=timezone.utc)
BOT = "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"


class Feeds:
    """Growing RSS feeds: item j is out once `released` passes j; it is in feeds j % 4 and (j + 1) % 4."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.frozen: int | None = None
        self.requests = 0

    def released(self) -> int:
        if self.frozen is not None:
            return self.frozen
        return 20 + int((time.monotonic() - self.started) * ITEMS_PER_SECOND)

    def freeze(self) -> int:
        self.frozen = self.released()
        return self.frozen

    def body(self, feed: int) -> bytes:
        self.requests += 1
        items = "".join(_item(j) for j in range(self.released()) if feed in (j % FEEDS, (j + 1) % FEEDS))
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Actu {feed}</title>'
                f'<link>https://news.example.org/</link><language>fr-FR</language>{items}</channel></rss>'
                ).encode()


def _item(j: int) -> str:
    # Every item names the brand; 13 news sites are the authors (the author id is the link's host).
    when = format_datetime(T0 + timedelta(minutes=7 * j))
    return (f"<item><title>MAISON LEMOINE : nouvelle n° {j}</title>"
            f"<link>https://news{j % 13}.example.org/lemoine-{j}</link>"
            f'<guid isPermaLink="false">lemoine-{j}</guid><pubDate>{when}</pubDate>'
            f"<description>&lt;p&gt;Article {j} sur la boulangerie.&lt;/p&gt;</description></item>")


def serve_feeds(feeds: Feeds) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            try:
                feed = int(self.path.removeprefix("/feed/").removesuffix(".xml"))
            except ValueError:
                feed = -1
            if not 0 <= feed < FEEDS:
                self.send_error(404)
                return
            body = feeds.body(feed)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def config(folder: Path, name: str, feeds: list[str]) -> Path:
    path = folder / f"{name}.toml"
    listed = ", ".join(f'"{f}"' for f in feeds)
    path.write_text('[brand]\nname = "Maison Lemoine"\nterms = ["Lemoine"]\n'
                    f"[rss]\nfeeds = [{listed}]\n[links]\nrefresh_seconds = 1\n", encoding="utf-8")
    return path


class Collector(threading.Thread):
    """One collector host: `ambassade collect rss` passes until told to stop, then one last pass
    (begun after the stop, so after the feeds stopped growing: it reads every item)."""

    def __init__(self, url: str, cfg: Path) -> None:
        super().__init__(daemon=True)
        self.url, self.cfg = url, cfg
        self.stop = threading.Event()
        self.passes: list[tuple[int, str]] = []

    def once(self) -> None:
        done = subprocess.run([sys.executable, "-m", "ambassade", "--config", str(self.cfg), "--db", self.url,
                               "collect", "rss"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        self.passes.append((done.returncode, done.stderr))

    def run(self) -> None:
        while not self.stop.is_set():
            self.once()
        self.once()


class Clicker(threading.Thread):
    """A client clicking the share links: a new visitor each time, now and then a preview bot."""

    def __init__(self, port: int, codes: list[str]) -> None:
        super().__init__(daemon=True)
        self.port, self.codes = port, codes
        self.stop = threading.Event()
        self.humans = self.bots = self.other = 0

    def run(self) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=10) as client:
            n = 0
            while not self.stop.is_set():
                n += 1
                bot = n % 10 == 0
                answer = client.get(f"/l/{self.codes[n % len(self.codes)]}",
                                    headers={"user-agent": BOT if bot else f"{BROWSER} visitor-{n}"})
                if answer.status_code != 302:
                    self.other += 1
                elif bot:
                    self.bots += 1
                else:
                    self.humans += 1
                time.sleep(0.01)


def start_redirector(url: str, cfg: Path, folder: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "ambassade", "--config", str(cfg), "--db", url, "links",
                             "serve", "--port", str(port)], cwd=folder, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "XDG_STATE_HOME": str(folder / "state"), "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError(proc.stderr.read()[-2000:])


def test_four_collectors_and_the_redirector_write_at_once_for_a_minute(pg_url, tmp_path):
    began = time.monotonic()
    codes = list(make_programme(pg_url).values())
    feeds = Feeds()
    server = serve_feeds(feeds)
    base = f"http://127.0.0.1:{server.server_address[1]}/feed"
    # Collector c reads feeds c, c+1 and c+2: each item is read by three or four collectors.
    collectors = [Collector(pg_url, config(tmp_path, f"collector{c}",
                                           [f"{base}/{(c + k) % FEEDS}.xml" for k in range(3)]))
                  for c in range(COLLECTORS)]
    port = free_port()
    redirector = start_redirector(pg_url, config(tmp_path, "redirector", []), tmp_path, port)
    clicker = Clicker(port, codes)
    try:
        for thread in (*collectors, clicker):
            thread.start()
        time.sleep(SECONDS)
        clicker.stop.set()
        clicker.join(30)
        items = feeds.freeze()
        for collector in collectors:
            collector.stop.set()
        for collector in collectors:
            collector.join(600)
    finally:
        redirector.send_signal(signal.SIGTERM)
        redirector_exit = redirector.wait(120)
        server.shutdown()
    wall = time.monotonic() - began
    redirector_log = redirector.stderr.read()

    # No error: every process exited 0 and logged no error.
    passes = [p for c in collectors for p in c.passes]
    assert [rc for rc, _ in passes if rc != 0] == []
    said = [line for _, err in passes for line in err.splitlines() if line.strip()]
    assert [line for line in said if not (line.startswith("ambassade: ok: rss: ") and line.endswith(" 0 errors"))] == []
    assert redirector_exit in (0, -signal.SIGTERM)        # uvicorn re-raises the SIGTERM it handled
    assert "error" not in redirector_log.lower() and "traceback" not in redirector_log.lower(), redirector_log
    assert clicker.other == 0 and clicker.humans > 0
    with open_store(pg_url, read_only=True) as db:
        # No duplicate, no lost row: every item served once each, every click answered 302 once each.
        [(mentions, ids)] = db._rows("SELECT count(*), count(DISTINCT id) FROM mentions")
        stored = {r[0] for r in db._rows("SELECT native_id FROM mentions")}
        [(authors, author_ids)] = db._rows("SELECT count(*), count(DISTINCT id) FROM authors")
        [(hits, hit_ids)] = db._rows("SELECT count(*), count(DISTINCT id) FROM link_hits")
        kinds = dict(db._rows("SELECT kind, count(*) FROM link_hits GROUP BY 1"))
        [(clicks, click_ids)] = db._rows("SELECT count(*), count(DISTINCT id) FROM clicks")
        # the explorer's search finds each item once (PostgreSQL's full-text index, 0024)
        where = MentionFilter(datetime(2000, 1, 1, tzinfo=timezone.utc), datetime.now(timezone.utc) + timedelta(days=1),
                              ("rss",), search="lemoine boulangerie")
        indexed = explore(db, where, bound=items + 1)[1]
        assert_daily_tables_equal_a_scan(db)
        [(counted,)] = db._rows("SELECT sum(mentions) FROM daily_mentions")
    assert (mentions, ids) == (items, items)
    assert stored == {f"lemoine-{j}" for j in range(items)}
    assert (authors, author_ids) == (13, 13)
    assert (hits, hit_ids) == (clicker.humans + clicker.bots,) * 2
    assert kinds == {"human": clicker.humans, "bot": clicker.bots}
    assert (clicks, click_ids) == (clicker.humans, clicker.humans)
    assert indexed == counted == items
    # Each item was reported new by the one pass that stored it, whoever else fetched it.
    assert sum(int(line.split("rss: ")[1].split(" new")[0]) for line in said) == items
    print(f"\nteam deployment: {SECONDS:.0f} s of writing, {len(passes)} collector passes, {items} items, "
          f"{feeds.requests} feed requests, {hits} clicks ({clicker.humans} human); wall {wall:.1f} s")
