"""A click answered 302 survives a kill -9 of the redirector: after the next ingestion it is
in the database exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from store import open_store
from tests.links.conftest import BROWSER, free_port, make_programme

pytestmark = pytest.mark.slow


def start(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "ambassade", "--db", str(db), "links", "serve",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError(proc.stderr.read().decode()[-2000:])


def ingest(db: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "ambassade", "--db", str(db), "links", "ingest"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def stored(db: Path) -> tuple[int, int]:
    with open_store(db) as store:
        return (store._rows("SELECT count(*) FROM link_hits")[0][0],
                store._rows("SELECT count(*) FROM clicks")[0][0])


def test_every_click_answered_before_a_kill_9_is_ingested_exactly_once(tmp_path):
    db = tmp_path / "links.duckdb"
    codes = list(make_programme(db).values())
    port = free_port()
    proc = start(db, port)
    answered = 0
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        for n in range(150):
            # a different visitor each time, so each one is a counted human click
            answer = client.get(f"/l/{codes[n % len(codes)]}", headers={"user-agent": f"{BROWSER} v{n}"})
            assert answer.status_code == 302
            answered += 1
    proc.send_signal(signal.SIGKILL)          # right after the last 302, no shutdown of any kind
    proc.wait(10)
    assert "150 clicks" in ingest(db)
    assert stored(db) == (answered, answered)
    assert "0 clicks" in ingest(db)           # ingesting again adds nothing
    assert stored(db) == (answered, answered)
    # A new redirector after the kill: its clicks join, the old ones are not counted twice.
    proc = start(db, port)
    try:
        assert httpx.get(f"http://127.0.0.1:{port}/l/{codes[0]}", headers={"user-agent": "another " + BROWSER},
                         follow_redirects=False).status_code == 302
        ingest(db)                            # while it runs: its file is read, kept, read again later
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    ingest(db)
    assert stored(db) == (answered + 1, answered + 1)
    assert list((tmp_path / "links.duckdb.clicks").glob("*.jsonl")) == []   # finished files are gone


def test_a_kill_9_under_concurrent_load_loses_no_answered_click(tmp_path):
    db = tmp_path / "links.duckdb"
    codes = list(make_programme(db).values())
    port = free_port()
    proc = start(db, port)
    answered, attempted, stop = [0], [0], threading.Event()
    lock = threading.Lock()

    def hammer(worker: int) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            n = 0
            while not stop.is_set():
                n += 1
                with lock:
                    attempted[0] += 1
                try:
                    answer = client.get(f"/l/{codes[n % len(codes)]}", headers={"user-agent": f"{BROWSER} {worker}-{n}"})
                except httpx.TransportError:
                    return
                if answer.status_code == 302:
                    with lock:
                        answered[0] += 1

    threads = [threading.Thread(target=hammer, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    stop.set()
    for t in threads:
        t.join(10)
    ingest(db)
    hits, _ = stored(db)
    assert answered[0] > 50
    # Every answered click is there; at most the requests in flight at the kill are extra.
    assert answered[0] <= hits <= attempted[0]
    ingest(db)
    assert stored(db)[0] == hits
