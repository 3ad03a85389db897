"""The redirector on a PostgreSQL URL: on a host with no database file, its code map read from
the server (and refreshed when it changes), its clicks answered from memory and the spool
whatever the server does, and its spool drained into the server by the redirector itself:
once each, whether a drain is repeated, killed or run twice at once."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from links.ingest import ingest_spool
from links.serve import make_redirector
from links.spool import SpoolWriter, database_spool_dir, new_hit, spool_dir
from store import open_store
from store.enrolment import withdraw
from store.links import share_link_for, targets_version
from store.state import ShortLivedStore
from tests.links.conftest import BROWSER, NOW, PAIN, TARTE, Running, free_port, make_programme

ROOT = Path(__file__).resolve().parents[2]


def stored(target) -> tuple[int, int, int]:
    """(hits, distinct hit ids, counted clicks) in the store."""
    with open_store(target, read_only=True) as store:
        [(hits, ids)] = store._rows("SELECT count(*), count(DISTINCT id) FROM link_hits")
        [(clicks,)] = store._rows("SELECT count(*) FROM clicks")
    return hits, ids, clicks


def wait_for(check, seconds: float = 30.0, every: float = 0.2):
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(every)


def spool_hits(folder: Path, codes: list[str], n: int) -> None:
    """`n` human clicks in a finished spool file of `folder`."""
    writer = SpoolWriter(folder)
    for i in range(n):
        writer.write(new_hit(codes[i % len(codes)], NOW + timedelta(seconds=i), "human", "desktop"))
    writer.close()


# -- the code map's version ------------------------------------------------------------------
@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
def test_the_targets_version_changes_with_the_code_map_and_only_then(engine, request, tmp_path):
    target = request.getfixturevalue("pg_url") if engine == "postgres" else tmp_path / "links.duckdb"
    make_programme(target)
    with open_store(target) as store:
        first = targets_version(store)
        assert first[0] == 8 and targets_version(store) == first        # nothing changed: the same
        with store.transaction() as db:
            share_link_for(db, "emp:ana", PAIN.id, "facebook", NOW)
        minted = targets_version(store)
        with store.transaction() as db:
            withdraw(db, "emp:bob", "test", NOW)
        withdrawn = targets_version(store)
    assert minted[0] == 9 and withdrawn[0] == 5
    assert len({first, minted, withdrawn}) == 3


# -- the spool's folder ------------------------------------------------------------------------
def test_on_a_url_the_spool_defaults_to_a_state_folder_of_that_database(tmp_path, monkeypatch):
    url = "postgresql://ambassade:secret@db.example.internal:5433/ambassade"
    other = database_spool_dir("postgresql://ambassade@db.example.internal:5433/other", {"HOME": "/h"})
    assert database_spool_dir(url, {"STATE_DIRECTORY": "/var/lib/ambassade-links"}).parent == \
        Path("/var/lib/ambassade-links")                                    # systemd's StateDirectory=
    assert database_spool_dir(url, {"XDG_STATE_HOME": "/s"}).parent == Path("/s/ambassade")
    # The same database whoever connects (user, password) is the same spool; another is another.
    assert database_spool_dir(url, {}) == database_spool_dir("postgresql://other@db.example.internal:5433/ambassade", {})
    assert database_spool_dir(url, {}).name != other.name and "secret" not in str(database_spool_dir(url, {}))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert spool_dir(None, url) == tmp_path / "state" / "ambassade" / database_spool_dir(url, {}).name


# -- `links serve` on a URL, as its own host runs it -------------------------------------------
def start(url: str, folder: Path, port: int) -> subprocess.Popen:
    """`ambassade --db URL links serve` in a folder with no database file, refreshing every second."""
    (folder / "ambassade.toml").write_text('[brand]\nname = "Maison Lemoine"\nterms = ["Lemoine"]\n'
                                           '[links]\nrefresh_seconds = 1\n', encoding="utf-8")
    env = {**os.environ, "XDG_STATE_HOME": str(folder / "state"), "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "ambassade", "--db", url, "links", "serve", "--port", str(port)],
                            cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def healthy() -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
        except httpx.TransportError:
            return proc.poll() is not None
    wait_for(healthy, 30)
    if proc.poll() is not None:
        raise AssertionError(proc.stderr.read().decode()[-2000:])
    return proc


@pytest.mark.slow
def test_links_serve_on_a_url_needs_no_file_and_drains_its_own_spool(pg_url, tmp_path):
    codes = list(make_programme(pg_url).values())
    port = free_port()
    proc = start(pg_url, tmp_path, port)
    try:
        assert list(tmp_path.glob("*.duckdb")) == []
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            for n in range(40):
                answer = client.get(f"/l/{codes[n % len(codes)]}", headers={"user-agent": f"{BROWSER} v{n}"})
                assert answer.status_code == 302
            # The redirector stores them itself, while it runs: no scheduler, no `links ingest`.
            assert wait_for(lambda: stored(pg_url) == (40, 40, 40))
            # A link minted on another host is served once the map refreshes (the fingerprint moved).
            with open_store(pg_url) as store, store.transaction() as db:
                fresh = share_link_for(db, "emp:ana", TARTE.id, "facebook", NOW).code
            assert wait_for(lambda: client.get(f"/l/{fresh}", headers={"user-agent": BROWSER}).status_code == 302, 15)
            health = client.get("/healthz").json()
            assert health["links"] == 9 and health["drain_failures"] == 0
            for n in range(10):
                assert client.get(f"/l/{codes[0]}", headers={"user-agent": f"last {BROWSER} {n}"}).status_code == 302
    finally:
        proc.send_signal(signal.SIGTERM)
        # uvicorn shuts down (lifespan included), then re-raises the signal: systemd's clean stop
        assert proc.wait(60) in (0, -signal.SIGTERM), proc.stderr.read().decode()[-2000:]
    # The last clicks were drained at shutdown, every finished spool file deleted.
    assert stored(pg_url) == (51, 51, 51)
    [folder] = (tmp_path / "state" / "ambassade").iterdir()
    assert list(folder.glob("*.jsonl")) == []
    assert b"Traceback" not in proc.stderr.read()


@pytest.mark.slow
def test_clicks_answered_while_postgres_refuses_connections_are_stored_once_it_is_back(
        pg_url, pg_cluster, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    codes = list(make_programme(pg_url).values())
    name = pg_url.rsplit("/", 1)[1]
    settings = _settings(tmp_path, refresh_seconds=1)
    app = make_redirector(settings, pg_url)
    with Running(app, free_port()) as running, httpx.Client(base_url=running.url) as client:
        pg_cluster.admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        pg_cluster.admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        try:
            for n in range(30):
                answer = client.get(f"/l/{codes[n % len(codes)]}", headers={"user-agent": f"{BROWSER} v{n}"})
                assert answer.status_code == 302           # from memory and the spool: no wait
            assert wait_for(lambda: app.drain_failures > 0 and app.refresh_failures > 0, 60)
        finally:
            pg_cluster.admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        assert wait_for(lambda: _stored_or_none(pg_url) == (30, 30, 30), 90, 1.0)
        assert client.get(f"/l/{codes[0]}", headers={"user-agent": BROWSER}).status_code == 302
    assert stored(pg_url) == (31, 31, 31)                  # the last one drained at shutdown


def _stored_or_none(url: str):
    try:
        return stored(url)
    except Exception:
        return None


def _settings(folder: Path, **links):
    from ambassade.settings import parse_settings

    lines = "".join(f"{k} = {v}\n" for k, v in links.items())
    return parse_settings(f'[brand]\nname = "Maison Lemoine"\nterms = ["Lemoine"]\n[links]\n{lines}')


# -- the drain: idempotent and crash-safe --------------------------------------------------------
@pytest.mark.slow
def test_a_drain_killed_before_its_commit_loses_nothing_and_a_repeated_one_doubles_nothing(pg_url, tmp_path):
    codes = list(make_programme(pg_url).values())
    folder = tmp_path / "spool"
    spool_hits(folder, codes, 500)
    killed = subprocess.run([sys.executable, "-m", "tests.links.postgres_drain_child", pg_url, str(folder)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    assert stored(pg_url) == (0, 0, 0) and len(list(folder.glob("*.jsonl"))) == 1    # rolled back, kept
    # A crash after the commit and before the delete: the same files are read again.
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    first = ingest_spool(ShortLivedStore(pg_url), folder)
    again = ingest_spool(ShortLivedStore(pg_url), copy)
    assert (first.clicks, again.clicks, again.known) == (500, 0, 500)
    assert stored(pg_url) == (500, 500, 500)
    assert list(folder.glob("*.jsonl")) == list(copy.glob("*.jsonl")) == []


@pytest.mark.slow
def test_two_drains_of_one_spool_at_once_store_each_click_once(pg_url, tmp_path):
    codes = list(make_programme(pg_url).values())
    folder = tmp_path / "spool"
    for _ in range(4):
        spool_hits(folder, codes, 5000)
    config = tmp_path / "ambassade.toml"
    config.write_text(f'[brand]\nname = "Maison Lemoine"\nterms = ["Lemoine"]\n[links]\nspool = "{folder}"\n',
                      encoding="utf-8")
    drains = [subprocess.Popen([sys.executable, "-m", "ambassade", "--config", str(config), "--db", pg_url,
                                "links", "ingest"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True) for _ in range(2)]
    outs = [d.communicate(timeout=180) for d in drains]
    assert [d.returncode for d in drains] == [0, 0], [err[-500:] for _, err in outs]
    added = sum(int(out.split("links ingest: ")[1].split(" clicks")[0]) for out, _ in outs)
    assert added == 20_000                       # each click counted by the one drain that stored it
    assert stored(pg_url) == (20_000, 20_000, 20_000)
    assert list(folder.glob("*.jsonl")) == []
