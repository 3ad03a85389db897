"""Cursors, paid reads, backoff and the runs journal in store/state.py, on a real DuckDB file."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from store import state
from store.connect import open_store


@pytest.fixture
def con(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        yield store


def test_cursor_round_trips_and_is_replaced(con):
    assert state.load_cursor(con, "x", "q") is None
    state.save_cursor(con, "x", "q", {"since_id": "1"})
    state.save_cursor(con, "x", "q", {"since_id": "2", "next_token": "t"})
    state.save_cursor(con, "x", "other", {"since_id": "9"})
    assert state.load_cursor(con, "x", "q") == {"since_id": "2", "next_token": "t"}


def test_cursor_saved_in_a_rolled_back_transaction_is_gone(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        with pytest.raises(RuntimeError):
            with store.transaction() as con:
                state.save_cursor(con, "rss", "u", {"etag": '"a"'})
                raise RuntimeError("crash before commit")
        assert state.load_cursor(store, "rss", "u") is None


def test_reads_add_up_per_month(con):
    november = datetime(2026, 11, 30, 23, 59, tzinfo=timezone.utc)
    december = datetime(2026, 12, 1, 0, 1, tzinfo=timezone.utc)
    state.add_reads(con, "x", 100, november)
    state.add_reads(con, "x", 20, november)
    state.add_reads(con, "x", 7, december)
    assert state.reads_this_month(con, "x", november) == 120
    assert state.reads_this_month(con, "x", december) == 7
    assert state.reads_this_month(con, "reddit", november) == 0


def test_backoff_round_trips_in_utc(con):
    assert state.load_backoff(con, "x") == (0, None)
    when = datetime(2026, 11, 23, 12, 30, tzinfo=timezone.utc)
    state.save_backoff(con, "x", 3, when)
    assert state.load_backoff(con, "x") == (3, when)
    state.save_backoff(con, "x", 0, None)
    assert state.load_backoff(con, "x") == (0, None)


def test_runs_journal_records_outcomes(con):
    run = state.start_run(con, "collect:rss")
    state.finish_run(con, run, "ok", items=12, errors=1, skipped=3, message="rss: 12 new")
    job, started, finished, status, items, errors, skipped, message = state.last_runs(con)[0]
    assert (job, status, items, errors, skipped, message) == (
        "collect:rss", "ok", 12, 1, 3, "rss: 12 new")
    assert started.endswith("Z") and finished >= started


def test_a_run_skipping_nothing_journals_zero_skipped(con):
    state.record_skip(con, "collect:x", "set X_BEARER_TOKEN")
    assert state.last_runs(con)[0][3:7] == ("skipped", 0, 0, 0)


def test_runs_journalled_before_the_skipped_column_upgrade_with_zero(tmp_path):
    import duckdb

    from store.connect import migrations

    path = tmp_path / "v5.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for version, _, sql in migrations():
        if version <= 5:
            con.execute(sql)
    con.execute("INSERT INTO schema_version VALUES (5)")
    con.execute("INSERT INTO runs (job, started_at, status, items) VALUES ('collect:rss', now(), 'ok', 4)")
    con.close()
    with open_store(path) as store:
        assert [r[4:7] for r in state.last_runs(store)] == [(4, 0, 0)]


def test_short_lived_commits_from_threads_take_turns(tmp_path):
    """Two threads writing the same counter row never meet a DuckDB write conflict."""
    import threading

    from store.state import ShortLivedStore

    open_store(tmp_path / "s.duckdb").close()
    store = ShortLivedStore(tmp_path / "s.duckdb")
    errors: list[BaseException] = []

    def add(n: int) -> None:
        try:
            for _ in range(n):
                with store.transaction() as con:
                    state.add_reads(con, "x", 1)
        except BaseException as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(15,)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with store.transaction() as con:
        assert state.reads_this_month(con, "x") == 45


WRITER = """
import sys, time
from pathlib import Path
from store.state import ShortLivedStore, add_reads
store = ShortLivedStore(Path(sys.argv[1]))
print("writing", flush=True)
for _ in range(12):                 # back to back, each holding the file 0.3 s: 3.6 s in all
    with store.transaction() as db:
        add_reads(db, "x", 1)
        time.sleep(0.3)
"""


def test_a_reader_gets_in_between_a_short_lived_writers_back_to_back_transactions(tmp_path):
    """The dashboard's read waits for one transaction, never for the writer's whole pass."""
    import subprocess
    import sys
    import time

    from store.connect import open_when_free
    from tests.conftest import REPO

    path = tmp_path / "s.duckdb"
    open_store(path).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "writing\n"
        time.sleep(0.5)
        waits = []
        while writer.poll() is None and len(waits) < 4:
            started = time.monotonic()
            # 1.5 s: several of the writer's transactions, far less than its 3.6 s
            open_when_free(path, read_only=True, retry_seconds=1.5).close()
            waits.append(time.monotonic() - started)
        assert writer.wait(30) == 0
    finally:
        writer.kill()
    assert len(waits) == 4, waits        # the reader got in four times while the writer wrote
    with open_store(path, read_only=True) as store:
        assert state.reads_this_month(store, "x") == 12
