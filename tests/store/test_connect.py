"""The store opens, creates and upgrades its schema in place, and fails in one clear line."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from ambassade.errors import StoreError
from ambassade.model import Mention
from store import open_store, read_only
from store.connect import LATEST_VERSION, WRITER_CHECKPOINT_THRESHOLD, migrations
from store.mentions import insert_mentions


def _mention(native_id: str = "1", text: str = "Lemoine !", source: str = "x") -> Mention:
    return Mention(source=source, native_id=native_id, author="ana", author_id="42", text=text,
                   url=None, created_at=datetime(2026, 11, 1, 9, tzinfo=timezone.utc))


def test_new_database_gets_the_latest_schema(db):
    assert db.schema_version() == LATEST_VERSION
    tables = {row[0] for row in db._rows("SELECT table_name FROM information_schema.tables")}
    assert {"mentions", "authors", "scores", "cursors", "runs", "employees",
            "employee_handles", "content", "share_links", "shares", "clicks"} <= tables


def test_older_database_upgrades_in_place_keeping_its_rows(db_path: Path):
    con = duckdb.connect(str(db_path))
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    first_version, _, first_sql = migrations()[0]
    con.execute(first_sql)
    con.execute("INSERT INTO schema_version VALUES (?)", [first_version])
    con.execute(
        "INSERT INTO mentions VALUES ('x:1','x','1','ana','42','Lemoine',NULL,now(),'fr',"
        "['Lemoine'],'{}',NULL,now())"
    )
    con.close()

    with open_store(db_path) as store:
        assert store.schema_version() == LATEST_VERSION
        assert store._rows("SELECT id FROM mentions") == [("x:1",)]
        assert store._rows("SELECT count(*) FROM employees") == [(0,)]


def test_reopening_is_idempotent(db_path: Path):
    open_store(db_path).close()
    with open_store(db_path) as store:
        assert store._rows("SELECT count(*) FROM schema_version") == [(1,)]


def test_database_from_a_newer_ambassade_is_refused(db_path: Path):
    open_store(db_path).close()
    con = duckdb.connect(str(db_path))
    con.execute("UPDATE schema_version SET version = 999")
    con.close()
    with pytest.raises(StoreError, match="newer Ambassade"):
        open_store(db_path)


def test_corrupt_file_is_one_clear_error(tmp_path: Path):
    path = tmp_path / "broken.duckdb"
    path.write_bytes(b"this is not a database" * 200)
    with pytest.raises(StoreError, match="not a DuckDB database, or the file is corrupt"):
        open_store(path)


def test_read_only_file_is_refused_for_writing(db_path: Path):
    open_store(db_path).close()
    os.chmod(db_path, 0o444)
    try:
        with pytest.raises(StoreError, match="database file is read-only"):
            open_store(db_path)
        with read_only(db_path) as store:  # reading it is fine
            assert store.schema_version() == LATEST_VERSION
    finally:
        os.chmod(db_path, 0o644)


def test_read_only_folder_is_refused(tmp_path: Path):
    folder = tmp_path / "locked"
    folder.mkdir()
    os.chmod(folder, 0o555)
    try:
        with pytest.raises(StoreError, match="folder is read-only"):
            open_store(folder / "new.duckdb")
    finally:
        os.chmod(folder, 0o755)


def test_missing_folder_and_directory_paths(tmp_path: Path):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nope" / "a.duckdb")
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path)


def test_reading_a_missing_database_says_how_to_make_one(tmp_path: Path):
    with pytest.raises(StoreError, match="ambassade demo"):
        with read_only(tmp_path / "none.duckdb"):
            pass


def test_extensions_are_never_fetched_at_run_time(db):
    with pytest.raises(StoreError):
        db._rows("PRAGMA create_fts_index('mentions', 'id', 'text')")


def test_duckdb_draws_no_progress_bar(db_path: Path):
    """DuckDB draws its progress bar on stdout once a query runs past 2 s (a 10M-mention upgrade
    did), where `alerts --json` and the exports write: off on the store's connections."""
    off = "SELECT current_setting('enable_progress_bar')"
    with open_store(db_path) as store:
        assert store._rows(off) == [(False,)] and store.cursor()._rows(off) == [(False,)]


def _as_duckdb_prints(size: str) -> str:
    con = duckdb.connect()
    con.execute(f"SET checkpoint_threshold = '{size}'")
    return con.execute("SELECT current_setting('checkpoint_threshold')").fetchone()[0]


def test_a_writer_checkpoints_rarely_and_leaves_no_log_at_close(db_path: Path):
    """A writer that stays open checkpoints past WRITER_CHECKPOINT_THRESHOLD of log, not
    DuckDB's 16 MiB (each checkpoint rewrote the tables' last row groups); its close still
    checkpoints, so no log is left for the next reader to replay."""
    with open_store(db_path) as store:
        threshold = store._rows("SELECT current_setting('checkpoint_threshold')")[0][0]
        assert threshold == _as_duckdb_prints(WRITER_CHECKPOINT_THRESHOLD) != _as_duckdb_prints("16MiB")
        with store.transaction() as db:
            insert_mentions(db, [_mention(str(i), f"Lemoine {'!' * 1000} {i}") for i in range(2_000)])
        assert Path(f"{db_path}.wal").stat().st_size > 1_000_000    # still in the log
    assert not Path(f"{db_path}.wal").exists()
    with read_only(db_path) as store:
        assert store._rows("SELECT count(*) FROM mentions") == [(2_000,)]


def test_failed_transaction_leaves_nothing(db):
    with pytest.raises(RuntimeError):
        with db.transaction() as con:
            insert_mentions(con, [_mention()])
            raise RuntimeError("crash between rows and cursor")
    assert db._rows("SELECT count(*) FROM mentions") == [(0,)]


def test_reader_waits_for_a_writer_in_another_process(db_path: Path, hold_lock):
    holder = hold_lock(db_path, 0.6)
    with read_only(db_path, retry_seconds=10) as store:
        assert store.schema_version() == LATEST_VERSION
    holder.wait(timeout=10)


def test_reader_gives_up_after_its_retry_budget(db_path: Path, hold_lock):
    hold_lock(db_path, 5)
    with pytest.raises(StoreError, match="locked by another process"):
        with read_only(db_path, retry_seconds=0.3):
            pass


def test_a_cursor_per_thread_writes_safely_in_parallel(db):
    """As the scheduler does: one thread per source, each on its own cursor."""
    import threading

    def write(source: str) -> None:
        own = db.cursor()
        for n in range(20):
            with own.transaction() as con:
                insert_mentions(con, [_mention(str(n), source=source)])
        own.close()

    threads = [threading.Thread(target=write, args=(s,)) for s in ("x", "reddit", "rss", "shares")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert db._rows("SELECT count(*) FROM mentions") == [(80,)]


def test_a_writer_waits_for_this_process_own_readers(db_path: Path):
    """DuckDB refuses a read-write open of a file this process reads (the dashboard's run
    connection): that is a lock to wait for, not a broken database."""
    import threading

    from ambassade.errors import StoreLocked
    from store.connect import open_when_free

    open_store(db_path).close()
    reader = open_store(db_path, read_only=True)
    with pytest.raises(StoreLocked):
        open_store(db_path)
    threading.Timer(0.3, reader.close).start()
    with open_when_free(db_path, retry_seconds=5) as writer:
        assert writer.schema_version() > 0
