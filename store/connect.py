"""The one place that opens DuckDB, and the schema migrations it runs.

DuckDB 2 results stream: `fetchone()` leaves a result pending and the next statement on the
same connection then fails, so this project always fetches with `fetchall()`.

Concurrency (DuckDB: one writing process, or many reading ones, never both):
- writers (`collect`, `schedule`, `demo`) open the file read-write, write in short
  transactions and close;
- readers (the dashboard) open it read-only through `read_only()` or `open_when_free()`
  (the dashboard: one connection per page run, dashboard/queries.py), which retry with jitter
  for a bounded time while a writer holds the lock. Within one process, a read-write open
  waits the same way while the process's own readers hold the file (DuckDB refuses a second
  configuration of a file a connection has open).
"""

from __future__ import annotations

import logging
import random
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

import duckdb

from ambassade.errors import StoreError, StoreLocked, StoreWriteFailed, one_line

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

# Never fetch an extension from the internet at run time (DESIGN.md, offline guarantee).
_OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
LOCK_RETRY_SECONDS = 5.0
# An existing database's schema upgrade, one line per migration and one when done: on a large
# history a migration runs for tens of seconds (0031 at 10M mentions: 31 s on the 2-core
# machine), which a command would otherwise spend in silence. The command line shows these
# lines whatever its verbosity (ambassade/log.py).
UPGRADE_LOG = logging.getLogger("store.upgrade")


_ENGINES = ("duckdb", "postgres")
# A migration's files run in this order within its one transaction (store/migrations/README.md).
_BEFORE, _SHARED, _AFTER = 0, 1, 2


def migrations(engine: str = "duckdb") -> list[tuple[int, str, str]]:
    """(version, file name, sql) of every migration file `engine` runs, in the order it runs them.

    Each version has one plain `NNNN_name.sql`, run on both engines (translated for PostgreSQL
    by store/dialect.py), and may have per-engine files beside it holding only what differs,
    in that engine's own dialect, run untranslated:
    - `NNNN_name.duckdb.sql` / `NNNN_name.postgres.sql` run BEFORE the plain file (macros and
      SQL functions that its statements and views use);
    - `NNNN_name.after.duckdb.sql` / `NNNN_name.after.postgres.sql` run AFTER it (indexes,
      collations, views an engine makes again, what needs the plain file's tables).
    A version's files run in one transaction and the version is recorded once they all have."""
    found: dict[int, list[tuple[int, str, str]]] = {}
    stems: dict[int, set[str]] = {}
    for entry in resources.files("store.migrations").iterdir():
        if not entry.name.endswith(".sql"):
            continue
        stem, *tags = entry.name[: -len(".sql")].split(".")
        place = _place(entry.name, tags, engine)
        version = int(stem.split("_", 1)[0])
        stems.setdefault(version, set()).add(stem)
        if place is not None:
            found.setdefault(version, []).append((place, entry.name, entry.read_text(encoding="utf-8")))
    out = []
    for version in sorted(stems):
        files = sorted(found.get(version, []))
        if len(stems[version]) != 1 or [p for p, _, _ in files].count(_SHARED) != 1:
            raise StoreError(f"store/migrations: version {version} needs one plain NNNN_name.sql, and its "
                             f"per-engine files the same name (found {sorted(stems[version])})")
        out += [(version, name, sql) for _, name, sql in files]
    return out


def _place(file_name: str, tags: list[str], engine: str) -> int | None:
    """Where a migration file runs on `engine` (_BEFORE, _SHARED, _AFTER), None if another engine's."""
    if not tags:
        return _SHARED
    if len(tags) == 1 and tags[0] in _ENGINES:
        return _BEFORE if tags[0] == engine else None
    if len(tags) == 2 and tags[0] == "after" and tags[1] in _ENGINES:
        return _AFTER if tags[1] == engine else None
    raise StoreError(f"store/migrations/{file_name}: not a migration file name "
                     "(NNNN_name.sql, NNNN_name.ENGINE.sql or NNNN_name.after.ENGINE.sql)")


LATEST_VERSION = migrations()[-1][0]


class UpgradeProgress:
    """The upgrade's lines for `label` (a file, a redacted URL), from schema version `current`:
    none for a new database (version 0), whose migrations only create empty tables."""

    def __init__(self, label: object, current: int) -> None:
        self.label, self.current, self.started = label, current, time.monotonic()

    def migration(self, version: int, file_name: str) -> None:
        if self.current:
            UPGRADE_LOG.info("%s: upgrading the schema to version %d of %d (%s)…",
                             self.label, version, LATEST_VERSION, file_name.split(".", 1)[0])

    def finished(self, version: int) -> None:
        """The upgrade is over at `version` (said only when a migration ran)."""
        if self.current and version > self.current:
            UPGRADE_LOG.info("%s: schema upgraded from version %d to %d in %.1f s",
                             self.label, self.current, version, time.monotonic() - self.started)


def is_database_url(target: object) -> bool:
    """Whether a --db value names a PostgreSQL database (a URL) rather than a DuckDB file."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def redact(target: object) -> str:
    """A --db value as shown to people: a URL without its password (`user:***@host`)."""
    text = str(target)
    if not is_database_url(text):
        return text
    parts = urlsplit(text)
    if parts.password is None:
        return text
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


class Store:
    """An open DuckDB database with the schema at LATEST_VERSION.

    The connection never leaves the store: other packages call the named functions of the
    store's modules (listening, programme, signals, managers, retention…) with a Store, and
    those modules alone run SQL, through the underscored methods below.
    """

    engine = "duckdb"     # store/postgres.py's PostgresStore: "postgres"

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
        self._con = con
        self.path = path
        self.read_only = read_only

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One transaction: committed on success, rolled back on any error. Yields this Store."""
        try:
            self._con.begin()
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: {one_line(exc)}") from None
        try:
            yield self
        except BaseException:
            self._rollback()
            raise
        try:
            self._con.commit()
        except duckdb.Error as exc:
            # A commit refused (a full disk, an I/O error) loses nothing already committed:
            # the transaction is rolled back and the caller gets one line naming the file.
            self._rollback()
            raise StoreWriteFailed(f"{self.path}: could not save the changes ({_what_failed(exc)})") from None

    def _rollback(self) -> None:
        try:
            self._con.rollback()
        except duckdb.Error:
            pass  # already rolled back by DuckDB (a failed commit, a fatal I/O error)

    def _rows(self, sql: str, params: list | tuple | dict | None = None) -> list[tuple]:
        """Run one statement and fetch all rows (DuckDB 2 streams; never leave a result pending)."""
        try:
            return self._con.execute(sql, params or []).fetchall()
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: {one_line(exc)}") from None

    def _frame(self, sql: str, params: list | tuple | dict | None = None) -> pd.DataFrame:
        """Run one query and return a pandas DataFrame."""
        try:
            return self._con.execute(sql, params or []).fetch_df()
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: {one_line(exc)}") from None

    def _arrow(self, sql: str, params: list | tuple | dict | None = None) -> pa.Table:
        """Run one query and return an Arrow table."""
        try:
            return self._con.sql(sql, params=params or None).to_arrow_table()
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: {one_line(exc)}") from None

    @contextmanager
    def _registered(self, name: str, table: pa.Table) -> Iterator[None]:
        """`table` visible to SQL as `name` for the block (batch writes through Arrow)."""
        self._con.register(name, table)
        try:
            yield
        finally:
            self._con.unregister(name)

    def cursor(self) -> Store:
        """A Store on its own cursor of the same database: one per thread (connections are not thread-safe)."""
        return Store(self._con.cursor(), self.path, self.read_only)

    def schema_version(self) -> int:
        return _schema_version(self._con)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: str | Path, read_only: bool = False) -> Store:
    """Open (and create or upgrade) the database at `path`, a DuckDB file or a `postgresql://`
    URL (store/postgres.py). Errors are one-line StoreErrors."""
    if is_database_url(path):
        from store.postgres import open_postgres

        return open_postgres(str(path), read_only=read_only)
    path = Path(path)
    if not read_only:
        _check_writable(path)
    elif not path.exists():
        raise StoreError(f"{path}: database not found (run `ambassade demo` or `ambassade collect`)")
    con = _connect(path, read_only)
    try:
        _check_readable(con, path)
        if read_only:
            version = _schema_version(con)
            if version != LATEST_VERSION:
                raise StoreError(
                    f"{path}: schema version {version}, this Ambassade needs {LATEST_VERSION}; "
                    "run any writing command (e.g. `ambassade collect`) to upgrade it"
                )
        else:
            migrate(con, path)
    except BaseException:
        con.close()
        raise
    return Store(con, path, read_only)


# The longest pause between two tries at a locked file: shorter than the room a short-lived
# writer leaves between its transactions (store/state.py READERS_GAP), so a waiting process
# gets in there. A failed try costs a few milliseconds.
RETRY_DELAY_MAX = 0.06


def open_when_free(path: str | Path, read_only: bool = False,
                   retry_seconds: float = LOCK_RETRY_SECONDS) -> Store:
    """open_store, retrying with jittered backoff for `retry_seconds` while another process holds the lock."""
    deadline = time.monotonic() + retry_seconds
    delay = 0.02
    while True:
        try:
            return open_store(path, read_only=read_only)
        except StoreError as exc:
            if not isinstance(exc, StoreLocked) or time.monotonic() > deadline:
                raise
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, RETRY_DELAY_MAX)


@contextmanager
def read_only(path: str | Path, retry_seconds: float = LOCK_RETRY_SECONDS) -> Iterator[Store]:
    """A short-lived read-only Store, retrying with jitter while a writer holds the lock."""
    store = open_when_free(path, read_only=True, retry_seconds=retry_seconds)
    try:
        yield store
    finally:
        store.close()


def migrate(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Bring the schema up to LATEST_VERSION in place, one transaction per migration (all its files)."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    current = _schema_version(con)
    if current > LATEST_VERSION:
        raise StoreError(
            f"{path}: schema version {current} was written by a newer Ambassade "
            f"(this one knows up to {LATEST_VERSION})"
        )
    progress = UpgradeProgress(path, current)
    for version, files in groupby(migrations(), key=lambda m: m[0]):
        if version <= current:
            continue
        steps = list(files)
        progress.migration(version, steps[0][1])
        con.begin()
        running = ""     # the file that fails, named in the error
        try:
            for _, name, sql in steps:
                running = name
                con.execute(sql)
            con.execute("DELETE FROM schema_version")
            con.execute("INSERT INTO schema_version VALUES (?)", [version])
        except duckdb.Error as exc:
            con.rollback()
            raise StoreError(f"{path}: migration {running} failed: {one_line(exc)}") from None
        con.commit()
    version = _schema_version(con)
    progress.finished(version)
    return version


def _schema_version(con: duckdb.DuckDBPyConnection) -> int:
    try:
        rows = con.execute("SELECT max(version) FROM schema_version").fetchall()
        row = rows[0] if rows else None
    except duckdb.CatalogException:
        return 0
    return int(row[0]) if row and row[0] is not None else 0


# A writer that stays open (a bulk load, a scoring pass) checkpoints once its write-ahead log
# passes this size. At DuckDB's 16 MiB a load of 200k mentions in pages of 5,000 checkpointed
# ten times, each rewriting the table's last, partly filled row groups: a third of the time
# spent storing (bench/bench_ingest.py --checkpoint-turns). Closing the file still checkpoints,
# so a writer opened per page (store/state.py ShortLivedStore) leaves no log behind; a crashed
# writer's log is replayed by the next open.
WRITER_CHECKPOINT_THRESHOLD = "256MB"


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=_OFFLINE)
        con.execute("SET TimeZone = 'UTC'")
        # DuckDB draws a progress bar on stdout once a query runs past 2 s (a 10M-mention
        # upgrade did), where commands write JSON: progress is ours to show, on stderr.
        con.execute("SET enable_progress_bar = false")
        if not read_only:
            con.execute(f"SET checkpoint_threshold = '{WRITER_CHECKPOINT_THRESHOLD}'")
        return con
    except duckdb.Error as exc:
        message = one_line(exc)
        if "Could not set lock" in message:
            raise StoreLocked(f"{path}: database is locked by another process") from None
        if "different configuration" in message:     # this process's own readers have it open
            raise StoreLocked(f"{path}: database is being read by this process") from None
        if "not a valid DuckDB database" in message:
            raise StoreError(f"{path}: not a DuckDB database, or the file is corrupt") from None
        if isinstance(exc, duckdb.IOException) and not _is_disk_trouble(message):
            raise StoreError(_damaged(path, message)) from None
        raise StoreError(f"{path}: cannot open database: {message}") from None


def _damaged(path: Path, message: str) -> str:
    return (f"{path}: the database file is damaged (truncated or corrupt: {message[:160]}); "
            "restore it from a backup, or move it away to start a new one")


def _check_readable(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Read the catalog once: a truncated file fails here, in one line, not in the first query."""
    try:
        con.execute("SELECT count(*) FROM duckdb_tables()").fetchall()
        _schema_version(con)
    except duckdb.IOException as exc:
        raise StoreError(_damaged(path, one_line(exc))) from None
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot read database: {one_line(exc)}") from None


def _is_disk_trouble(message: str) -> bool:
    lowered = message.lower()
    return any(word in lowered for word in ("no space", "disk full", "file too large", "could not write",
                                             "could not truncate", "exceeds the limit", "quota"))


def _what_failed(exc: duckdb.Error) -> str:
    """A short reason for a failed write, with what to do when the disk is the cause."""
    message = one_line(exc, limit=300)
    if _is_disk_trouble(message):
        return f"{message}; free some disk space and run the command again"
    return message


def _check_writable(path: Path) -> None:
    """Refuse write-protected files and folders, even for root (who bypasses permissions)."""
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    target = path if path.exists() else path.parent if str(path.parent) else Path(".")
    if not target.exists():
        raise StoreError(f"{path}: folder {target} does not exist")
    write_bits = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    if not target.stat().st_mode & write_bits:
        what = "database file" if target == path else "folder"
        raise StoreError(f"{path}: {what} is read-only")
