"""A run whose process was killed is closed as "interrupted" at the next start, not left running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from store import health, state
from store.connect import open_store
from tests.conftest import REPO


def _child_run(db_path: Path, job: str) -> subprocess.Popen:
    """Another process starts a run of `job`, commits it and then waits (to be killed)."""
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import time
            from store.connect import open_store
            from store import state
            with open_store({str(db_path)!r}) as store, store.transaction() as db:
                state.start_run(db, {job!r})
            print("started", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE, text=True, cwd=REPO,
    )
    assert child.stdout.readline().strip() == "started"
    return child


def _status(db_path: Path, job: str) -> tuple:
    with open_store(db_path) as store:
        return store._rows("SELECT status, finished_at IS NOT NULL FROM runs WHERE job = ?", [job])[0]


def test_a_killed_run_is_interrupted_at_the_next_start(db_path: Path):
    child = _child_run(db_path, "collect:rss")
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert _status(db_path, "collect:rss") == ("running", False)
    with open_store(db_path) as store, store.transaction() as db:
        state.start_run(db, "collect:reddit")
    assert _status(db_path, "collect:rss") == ("interrupted", True)
    with open_store(db_path) as store:
        runs = health.recent_runs(store)
    assert dict(zip(runs["job"], runs["status"]))["collect:rss"] == "interrupted"


def test_a_run_whose_process_lives_is_left_running(db_path: Path):
    child = _child_run(db_path, "collect:x")
    try:
        with open_store(db_path) as store, store.transaction() as db:
            state.start_run(db, "collect:rss")
            assert state.close_stale_runs(db) == 0
        assert _status(db_path, "collect:x") == ("running", False)
    finally:
        child.kill()
        child.wait()


def test_runs_of_another_host_or_a_reused_pid(db_path: Path):
    with open_store(db_path) as store:
        store._rows("INSERT INTO runs (job, started_at, status, pid, host) VALUES "
                    "('elsewhere', now(), 'running', 1, 'another-host'), "
                    # pid 1 is alive, but a run started in 1971 cannot belong to a process started since.
                    "('reused', TIMESTAMPTZ '1971-01-01 00:00:00+00', 'running', 1, ?)",
                    [__import__("socket").gethostname()])
        assert state.close_stale_runs(store) == 1
        rows = dict(store._rows("SELECT job, status FROM runs"))
    assert rows == {"elsewhere": "running", "reused": "interrupted"}


def test_runs_left_running_by_an_older_version_are_closed_by_the_upgrade(tmp_path: Path):
    import duckdb

    from store.connect import migrate, migrations

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for version, _name, sql in migrations():
        if version < 13:
            con.execute(sql)
            con.execute("DELETE FROM schema_version")
            con.execute("INSERT INTO schema_version VALUES (?)", [version])
    con.execute("INSERT INTO runs (job, started_at, status) VALUES ('collect:rss', now(), 'running')")
    migrate(con, path)
    assert con.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
    con.close()
