"""What a reader (the dashboard) asks about the database itself, on both engines: how fresh its
data is (`data_version`, the key of the dashboard's caches) and how big it is (`database_bytes`).

DuckDB: a file and its write-ahead log; a stat answers both, no connection needed.

PostgreSQL: the data version is the server's current snapshot (`pg_current_snapshot()`: the
oldest transaction still running, one past the newest completed, and those running between).
It changes exactly when a transaction that wrote something completes (commit or rollback), in
any session, process or host, and only then: a transaction counts as completed in snapshots
from its COMMIT on, the instant its rows become visible, so the version never moves before a
write can be read, and read-only transactions (the dashboard's own) never move it. It lives in
shared memory: no statistics lag, no setting to turn on, no privilege, no table to bump (which
would make every writer wait on one row), and it works on a read replica. It is cluster-wide:
writes in another database of the same server (or a writing command's start, which re-creates
the store's SQL functions) move it too, which only turns the caches over sooner (at most once
per hold, see dashboard/queries.py).
Measured by bench/bench_data_version.py (10 writes by another connection, each 50 ms after
another of its writes, as a collector commits page after page; the writer with
synchronous_commit on, PostgreSQL's default, then off; this shared 2-core machine):
- pg_current_snapshot(): 43–51 µs a read; moved before COMMIT 0/10, at once after it 10/10,
  both ways; not moved by 200 reads. Chosen.
- pg_current_wal_lsn(): fine with synchronous_commit on (at once 10/10); off, it moved 113 ms
  after COMMIT (median; worst 180 ms: the WAL writer's round), and in a busier run 3/10 before
  COMMIT (the INSERT's record written out first). It also moves with checkpoints, vacuum and
  other databases, and fails on a read replica.
- pg_stat_database tuple counters: 10.0 s after COMMIT, 10/10 (a backend that flushed its
  statistics less than a second before waits for its 10-second idle timer); xact_commit
  0.7–0.75 s after, and moved by reads alone.
- a counter from a sequence bumped in each write: before COMMIT 10/10 (nextval is not
  transactional; a counter row would be transactional but make every writer wait on it, and
  would need every write path and other tools to bump it).
- pg_last_committed_xact(): an error unless track_commit_timestamp is on (off by default).
data_version(url) as the dashboard calls it (a pooled connection and the statement): 0.78 ms
(≈ 6 ms with the machine loaded), against 40 µs for the DuckDB file's stat in the same run; the
dashboard asks only once its hold is over.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from store.connect import is_database_url, read_only

READ_RETRY_SECONDS = 5.0


def data_version(target: str | Path) -> float:
    """A number that changes whenever committed data changes (0.0 for a missing DuckDB file).
    A float, as the dashboard's cache keys want it; a URL's snapshot is hashed to 48 bits (a float
    holds them exactly), so two different snapshots give the same number once in 2**48."""
    if is_database_url(target):
        with read_only(target, retry_seconds=READ_RETRY_SECONDS) as store:
            [(snapshot,)] = store._rows("SELECT CAST(pg_current_snapshot() AS VARCHAR)")
        digest = hashlib.blake2b(str(snapshot).encode(), digest_size=6).digest()
        return float(int.from_bytes(digest, "big"))
    return max((stat.st_mtime for stat in _file_stats(Path(target))), default=0.0)


def database_bytes(target: str | Path) -> int:
    """The database's size: a DuckDB file with its write-ahead log (0 when missing), or a
    PostgreSQL database as the server counts it (pg_database_size: tables, indexes, TOAST)."""
    if is_database_url(target):
        with read_only(target, retry_seconds=READ_RETRY_SECONDS) as store:
            [(size,)] = store._rows("SELECT pg_database_size(current_database())")
        return int(size or 0)
    return sum(stat.st_size for stat in _file_stats(Path(target)))


def _file_stats(path: Path) -> list:
    """The stats of a DuckDB file and of its write-ahead log, of those that exist."""
    stats = []
    for file in (path, path.with_name(path.name + ".wal")):
        try:
            stats.append(file.stat())
        except OSError:
            pass
    return stats
