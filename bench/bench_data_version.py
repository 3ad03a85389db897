"""What should the dashboard's data version be on PostgreSQL? Each candidate's cost, lag and honesty.

Run: nice -n 10 python bench/bench_data_version.py [--writes 10] [--pg postgresql://…]

The dashboard keys its caches by a data version (dashboard/queries.py): it must move on every
committed write by any process or host, never before the write is visible (a page would cache
the old data under the new version and keep it), and be cheap to read. For each candidate this
prints, over `--writes` writes by another connection (BEGIN; a counter's nextval; INSERT; COMMIT):
- the cost of one read of the version on an open connection (median, µs);
- how often it had moved before the COMMIT (too early: stale data cached under a new version),
  at once after it (the next read), or later (median and worst lag, ms; or not within 12 s);
- whether 200 reads alone (another connection's SELECTs) moved it (needless cache turnover).
Twice: the writer with synchronous_commit on (PostgreSQL's default), then off (tests/pg.py's).
The DuckDB baseline, in the same run: the file's modification time (one stat); and the chosen
function, store.freshness.data_version(url), as the dashboard calls it.

Without --pg a throwaway PostgreSQL cluster is started (tests/pg.py) and removed at the end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CANDIDATES = {
    "pg_current_snapshot()": "SELECT pg_current_snapshot()::text",
    "pg_current_wal_lsn()": "SELECT pg_current_wal_lsn()::text",
    "pg_stat_database tuples": "SELECT (tup_inserted + tup_updated + tup_deleted)::text FROM pg_stat_database "
                               "WHERE datname = current_database()",
    "pg_stat_database xact_commit": "SELECT xact_commit::text FROM pg_stat_database WHERE datname = current_database()",
    "counter (sequence nextval in each write)": "SELECT last_value::text FROM bench_version",
    "pg_last_committed_xact()": "SELECT (pg_last_committed_xact()).xid::text",
}
LAG_LIMIT_SECONDS = 12.0


def read(con, sql: str) -> str | None:
    try:
        return con.execute(sql).fetchone()[0]
    except Exception as exc:  # noqa: BLE001  (pg_last_committed_xact without track_commit_timestamp)
        return f"error: {str(exc).splitlines()[0][:60]}"


def cost_us(con, sql: str, n: int = 500) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        read(con, sql)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def measure(url: str, writes: int, synchronous_commit: str) -> None:
    import psycopg

    reader = psycopg.connect(url, autocommit=True)
    writer = psycopg.connect(url, autocommit=True)
    writer.execute(f"SET synchronous_commit = {synchronous_commit}")
    other = psycopg.connect(url, autocommit=True)
    writer.execute("DROP TABLE IF EXISTS bench_rows")
    writer.execute("CREATE TABLE bench_rows (id bigint PRIMARY KEY, body text)")
    writer.execute("CREATE SEQUENCE IF NOT EXISTS bench_version")
    writer.execute("SELECT nextval('bench_version')")
    time.sleep(11)     # let every backend's statistics settle before counting
    names = [n for n in CANDIDATES if not str(read(reader, CANDIDATES[n])).startswith("error")]
    found = {name: {"early": 0, "at_once": 0, "lags": [], "never": 0} for name in names}
    for i in range(writes):
        # A collector commits page after page: the write measured comes 50 ms after another one.
        writer.execute("INSERT INTO bench_rows VALUES (%s, 'previous page')", [-1 - i])
        time.sleep(0.05)
        before = {name: read(reader, CANDIDATES[name]) for name in names}
        writer.execute("BEGIN")
        writer.execute("SELECT nextval('bench_version')")
        writer.execute("INSERT INTO bench_rows VALUES (%s, 'x')", [i])
        during = {name: read(reader, CANDIDATES[name]) for name in names}
        writer.execute("COMMIT")
        committed = time.perf_counter()
        right_after = {name: read(reader, CANDIDATES[name]) for name in names}
        pending = set()
        for name in names:
            if during[name] != before[name]:
                found[name]["early"] += 1
            elif right_after[name] != during[name]:
                found[name]["at_once"] += 1
            else:
                pending.add(name)
        while pending and time.perf_counter() - committed < LAG_LIMIT_SECONDS:
            for name in list(pending):
                if read(reader, CANDIDATES[name]) != during[name]:
                    found[name]["lags"].append((time.perf_counter() - committed) * 1000)
                    pending.discard(name)
            time.sleep(0.001)
        for name in pending:
            found[name]["never"] += 1
    time.sleep(11)
    idle = {name: read(reader, CANDIDATES[name]) for name in names}
    for _ in range(200):
        other.execute("SELECT count(*), max(body) FROM bench_rows").fetchall()
    time.sleep(11)     # the readers' statistics, flushed when idle
    after_reads = {name: read(reader, CANDIDATES[name]) for name in names}
    settings = {k: writer.execute(f"SHOW {k}").fetchone()[0] for k in ("synchronous_commit", "track_commit_timestamp")}
    print(f"PostgreSQL ({', '.join(f'{k}={v}' for k, v in settings.items())}), {writes} writes by another "
          "connection, each 50 ms after another write of it:")
    for name, sql in CANDIDATES.items():
        if name not in names:
            print(f"  {name}: unusable here ({read(reader, sql)})")
            continue
        f = found[name]
        lags = f["lags"]
        later = f"; later: {len(lags)}/{writes} (median {statistics.median(lags):.0f} ms, worst {max(lags):.0f} ms)" if lags else ""
        never = f"; not within {LAG_LIMIT_SECONDS:.0f} s: {f['never']}/{writes}" if f["never"] else ""
        print(f"  {name}: {cost_us(reader, sql):.0f} µs a read; moved before COMMIT: {f['early']}/{writes}; "
              f"at once after COMMIT: {f['at_once']}/{writes}{later}{never}; "
              f"moved by 200 reads alone: {'yes' if after_reads[name] != idle[name] else 'no'}")
    for con in (reader, writer, other):
        con.close()


def duckdb_baseline() -> None:
    from store import open_store
    from store.freshness import data_version

    with tempfile.TemporaryDirectory(prefix="bench-version-") as folder:
        db = Path(folder) / "v.duckdb"
        open_store(db).close()
        n = 5000
        start = time.perf_counter()
        for _ in range(n):
            data_version(db)
        print(f"DuckDB baseline: data_version(file), the file's mtime, {(time.perf_counter() - start) / n * 1e6:.0f} µs a read")


def store_data_version(url: str) -> None:
    """The chosen function as the dashboard calls it: a pooled connection and one statement."""
    from store import open_store
    from store.freshness import data_version

    open_store(url).close()        # the schema, as the dashboard finds it
    data_version(url)
    n = 500
    start = time.perf_counter()
    for _ in range(n):
        data_version(url)
    print(f"store.data_version(url), as the dashboard calls it (pooled connection): "
          f"{(time.perf_counter() - start) / n * 1e6:.0f} µs a call")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=10)
    parser.add_argument("--pg", help="an empty PostgreSQL database to use (default: a throwaway cluster)")
    args = parser.parse_args()
    cluster = None
    if args.pg:
        url = args.pg
    else:
        from tests.pg import Cluster, _bin_dir

        bin_dir = _bin_dir()
        if bin_dir is None:
            sys.exit("PostgreSQL is not installed (scripts/test.sh installs Debian's postgresql)")
        cluster = Cluster(bin_dir)
        cluster.admin("CREATE DATABASE bench")
        url = cluster.url("bench")
    try:
        duckdb_baseline()
        for synchronous_commit in ("on", "off"):     # the server's default, and the test cluster's
            measure(url, args.writes, synchronous_commit)
        store_data_version(url)
    finally:
        from store.postgres import close_pools

        close_pools()
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
