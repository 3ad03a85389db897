"""Collector cursors (committed with the rows they cover), paid reads, backoff and the runs journal."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from store.connect import Store, is_database_url, open_when_free


# How long the file stays free after a short-lived writer's transaction before the same writer
# opens it again. Back to back (the index pass, a backlog's scoring when the workers keep up)
# the gaps were a few milliseconds, which a process waiting for the lock, trying every 0.09 s
# at most (store/connect.py RETRY_DELAY_MAX), almost never hit: the dashboard waited out the
# whole pass (2 s for 100k queued mentions here) and, past its 5 s, showed "busy".
READERS_GAP = 0.1

_COMMIT_LOCKS: dict[Path | str, threading.Lock] = {}
_COMMIT_LOCKS_GUARD = threading.Lock()


def _commit_lock(path: Path | str) -> threading.Lock:
    with _COMMIT_LOCKS_GUARD:
        return _COMMIT_LOCKS.setdefault(path if isinstance(path, str) else path.resolve(), threading.Lock())


class ShortLivedStore:
    """A writer that opens the database for each transaction and closes it right after.

    Collection spends most of its time waiting on the network; holding the file open for a
    whole run would lock the dashboard out (DuckDB: one writing process, or readers). Opened
    per page, the lock is held for the commit only. A lock held by a reader is retried with
    jitter for `retry_seconds`. Within one process, commits to one file take turns: two
    sources (X and employee shares) may write the same author, mention or read counter,
    which concurrent DuckDB transactions would refuse as a conflict.
    """

    def __init__(self, path: str | Path, retry_seconds: float = 15.0) -> None:
        # A PostgreSQL URL stays as given (opened from a pool, see store/postgres.py).
        self.path: Path | str = path if is_database_url(path) else Path(path)
        self.retry_seconds = retry_seconds
        self.longest_hold = 0.0   # seconds the file was held open at most, by one transaction
        self._closed_at: float | None = None   # when this writer last let the file go

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Open, begin, yield the open Store, commit (or roll back), close.

        A transaction right after the last one first leaves the file free for READERS_GAP."""
        with _commit_lock(self.path):
            self._leave_room()
            store = self._open()
            opened = time.monotonic()
            try:
                with store.transaction() as db:
                    yield db
            finally:
                store.close()
                self._closed_at = time.monotonic()
                self.longest_hold = max(self.longest_hold, self._closed_at - opened)

    def _leave_room(self) -> None:
        """Wait until READERS_GAP has passed since the last close (a DuckDB file only: on
        PostgreSQL readers never wait for a writer)."""
        if self._closed_at is None or not isinstance(self.path, Path):
            return
        wait = READERS_GAP - (time.monotonic() - self._closed_at)
        if wait > 0:
            time.sleep(wait)

    @contextmanager
    def held(self) -> Iterator[Store]:
        """The open Store for work that is not one transaction (rewriting the file), while this
        process's other commits to the file wait their turn."""
        with _commit_lock(self.path):
            store = self._open()
            try:
                yield store
            finally:
                store.close()

    def _open(self) -> Store:
        return open_when_free(self.path, retry_seconds=self.retry_seconds)


def load_cursor(db: Store, source: str, query: str) -> dict[str, str] | None:
    """The stored cursor state of one (source, query) partition, or None."""
    row = db._rows(
        "SELECT state FROM cursors WHERE source = ? AND query = ?", [source, query]
    )
    return json.loads(row[0][0]) if row else None


def save_cursor(db: Store, source: str, query: str, state: dict[str, str]) -> None:
    """Store a cursor; call it in the same transaction as the rows it covers."""
    db._rows(
        "INSERT OR REPLACE INTO cursors VALUES (?, ?, ?::JSON, ?)",
        [source, query, json.dumps(state, sort_keys=True), datetime.now(timezone.utc)],
    )


def start_run(db: Store, job: str) -> int:
    """Open a row in the runs journal, with this process's pid and host; returns its id.

    Runs left "running" by a process that is gone are closed as "interrupted" first: every
    start of a job is the next start after a killed one."""
    close_stale_runs(db)
    row = db._rows(
        "INSERT INTO runs (job, started_at, status, pid, host) VALUES (?, ?, 'running', ?, ?) "
        "RETURNING id",
        [job, datetime.now(timezone.utc), os.getpid(), socket.gethostname()],
    )
    return int(row[0][0])


def close_stale_runs(db: Store) -> int:
    """Close as "interrupted" the runs of this host still "running" whose process is gone.

    A run of another host is left alone (its process cannot be checked from here). A pid
    that is alive but belongs to a process started after the run (the pid was reused) is
    gone too."""
    rows = db._rows(
        "SELECT id, pid, epoch(started_at) FROM runs WHERE status = 'running' AND host = ?",
        [socket.gethostname()],
    )
    stale = [run_id for run_id, pid, started in rows if not _process_alive(pid, started)]
    if stale:
        db._rows(
            "UPDATE runs SET status = 'interrupted', finished_at = ?, "
            "message = coalesce(message, 'its process ended before the run finished') "
            "WHERE list_contains(?, id)",
            [datetime.now(timezone.utc), stale],
        )
    return len(stale)


def _process_alive(pid: int | None, started_epoch: float) -> bool:
    if pid is None:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, someone else's
    began = _process_start_epoch(pid)
    # A process that began after the run cannot be the one that started it (pid reused).
    return began is None or began <= started_epoch + 1.0


def _process_start_epoch(pid: int) -> float | None:
    """When process `pid` started (Linux /proc), or None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        with open("/proc/stat", encoding="ascii") as f:
            boot = next(float(line.split()[1]) for line in f if line.startswith("btime"))
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, StopIteration):
        return None


def finish_run(db: Store, run_id: int, status: str, items: int = 0,
               errors: int = 0, message: str | None = None, skipped: int = 0) -> None:
    """Close a run row with its outcome, counts (new items, errors, skipped entries) and summary."""
    db._rows(
        "UPDATE runs SET finished_at = ?, status = ?, items = ?, errors = ?, skipped = ?, "
        "message = ? WHERE id = ?",
        [datetime.now(timezone.utc), status, items, errors, skipped, message, run_id],
    )


def record_skip(db: Store, job: str, message: str) -> None:
    """A run that did not happen, and why (e.g. a missing secret): shown on the health page."""
    finish_run(db, start_run(db, job), "skipped", message=message)


def month_of(when: datetime | None = None) -> str:
    """The UTC month "YYYY-MM" that a read is billed to."""
    return (when or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m")


def add_reads(db: Store, source: str, reads: int,
              when: datetime | None = None) -> None:
    """Count paid reads for this month; call it in the transaction of the page they fetched."""
    db._rows(
        "INSERT INTO source_reads VALUES (?, ?, ?) ON CONFLICT (source, month) "
        "DO UPDATE SET reads = source_reads.reads + excluded.reads",
        [source, month_of(when), int(reads)],
    )


def reads_this_month(db: Store, source: str,
                     when: datetime | None = None) -> int:
    """Paid reads counted for `source` in the UTC month of `when` (default: now)."""
    row = db._rows(
        "SELECT reads FROM source_reads WHERE source = ? AND month = ?", [source, month_of(when)]
    )
    return int(row[0][0]) if row else 0


def load_backoff(db: Store, source: str) -> tuple[int, datetime | None]:
    """(consecutive failures, no run before) for one source."""
    row = db._rows(
        "SELECT failures, epoch(not_before) FROM source_backoff WHERE source = ?", [source]
    )
    if not row:
        return 0, None
    # Epoch seconds, not TIMESTAMPTZ: fetching an aware timestamp needs pytz in DuckDB.
    when = row[0][1]
    return int(row[0][0]), (datetime.fromtimestamp(when, tz=timezone.utc) if when is not None else None)


def save_backoff(db: Store, source: str, failures: int,
                 not_before: datetime | None) -> None:
    """Remember a source's failures and when it may run again (survives restarts)."""
    db._rows(
        "INSERT OR REPLACE INTO source_backoff VALUES (?, ?, ?, ?)",
        [source, failures, not_before, datetime.now(timezone.utc)],
    )


def last_runs(db: Store, limit: int = 50) -> list[tuple]:
    """(job, started_at, finished_at, status, items, errors, skipped, message), newest first;
    times as ISO text."""
    return db._rows(
        "SELECT job, strftime(started_at, '%Y-%m-%dT%H:%M:%SZ'), "
        "strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ'), status, items, errors, skipped, message "
        "FROM runs ORDER BY started_at DESC, id DESC LIMIT ?", [limit]
    )


def has_run(db: Store, job: str) -> bool:
    """Whether the runs journal has any run of `job` (e.g. "demo": the file is a demo database)."""
    return bool(db._rows("SELECT count(*) FROM runs WHERE job = ?", [job])[0][0])


def has_succeeded(db: Store, job: str) -> bool:
    """Whether the runs journal has a finished, successful run of `job`."""
    return bool(db._rows("SELECT count(*) FROM runs WHERE job = ? AND status = 'ok'", [job])[0][0])
