"""Collector cursors (committed with the rows they cover), paid reads, backoff and the runs journal."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from store.connect import Store, open_when_free


_COMMIT_LOCKS: dict[Path, threading.Lock] = {}
_COMMIT_LOCKS_GUARD = threading.Lock()


def _commit_lock(path: Path) -> threading.Lock:
    with _COMMIT_LOCKS_GUARD:
        return _COMMIT_LOCKS.setdefault(path.resolve(), threading.Lock())


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
        self.path = Path(path)
        self.retry_seconds = retry_seconds

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Open, begin, yield the open Store, commit (or roll back), close."""
        with _commit_lock(self.path), self._open() as store, store.transaction() as db:
            yield db

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
    """Open a row in the runs journal; returns its id."""
    row = db._rows(
        "INSERT INTO runs (job, started_at, status) VALUES (?, ?, 'running') RETURNING id",
        [job, datetime.now(timezone.utc)],
    )
    return int(row[0][0])


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
