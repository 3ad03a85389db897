"""What counting only the rows a transaction inserted costs on PostgreSQL's ingest.

Run: nice python bench/bench_pg_owned_rows.py [--size 50000] [--batch 5000] [--rounds 3]

store/mentions.py inserts a page on PostgreSQL with `RETURNING id` so that the daily counts
and the word index take only the rows this transaction really inserted (another writer may
have stored some of the same ids after the known-ids check). The baseline, in the same run,
is the same `insert_mentions` with the insert as it was before (no RETURNING: under
concurrent writers its daily counts may exceed a scan). Each round loads the same synthetic
mentions (bench/bench_ingest.py's) into a fresh database, alternating the two, in batches of
--batch rows, one transaction each. Then the insert statement alone, one batch into an
empty table, both forms alternating (less noise than whole loads on a shared machine).
Figures are printed, not asserted; the machine may be shared: compare within one run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import store.mentions as mentions_module  # noqa: E402
from bench.bench_ingest import make_mentions, pages  # noqa: E402
from store.connect import open_store  # noqa: E402
from store.mentions import insert_mentions  # noqa: E402
from tests.pg import TEMPLATE, Cluster, _bin_dir  # noqa: E402


_INSERT = "INSERT INTO mentions BY NAME SELECT * REPLACE (metrics::JSON AS metrics) FROM _mention_batch"


def _without_returning(db, rows: int):
    """The insert as it was: every row of the batch taken as inserted."""
    db._rows(_INSERT)
    return None


def load(url: str, found: list, batch: int) -> float:
    store = open_store(url)
    began = time.perf_counter()
    for page in pages(found, batch):
        with store.transaction() as db:
            insert_mentions(db, page)
    elapsed = time.perf_counter() - began
    [(count,)] = store._rows("SELECT count(*) FROM mentions")
    store.close()
    assert count == len(found)
    return elapsed


def statement_alone(url: str, found: list, batch: int, rounds: int) -> dict[str, list[float]]:
    """The insert statement alone, with and without RETURNING id, on one batch (rolled back)."""
    table, _ = mentions_module._page_tables(found[:batch])
    times: dict[str, list[float]] = {"RETURNING id (now)": [], "no RETURNING (baseline)": []}
    store = open_store(url)
    for _ in range(rounds):
        for name in times:
            with store.transaction() as db, db._registered("_mention_batch", table):
                began = time.perf_counter()
                db._rows(_INSERT + (" RETURNING id" if name.startswith("RETURNING") else ""))
                times[name].append(time.perf_counter() - began)
                db._rows("DELETE FROM mentions")
    store.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    bin_dir = _bin_dir()
    if bin_dir is None:
        sys.exit("PostgreSQL is not installed (Debian's postgresql)")
    found = make_mentions(args.size)
    cluster = Cluster(bin_dir)
    try:
        from store.postgres import close_pools

        cluster.admin(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE template0')
        open_store(cluster.url(TEMPLATE)).close()
        close_pools()
        real = mentions_module._insert_batch
        times: dict[str, list[float]] = {"RETURNING id (now)": [], "no RETURNING (baseline)": []}
        for turn in range(args.rounds):
            for name in (list(times) if turn % 2 == 0 else list(times)[::-1]):   # alternate who goes first
                mentions_module._insert_batch = real if name.startswith("RETURNING") else _without_returning
                database = cluster.new_database(TEMPLATE)
                times[name].append(load(cluster.url(database), found, args.batch))
                close_pools()
                cluster.drop(database)
        mentions_module._insert_batch = real
        database = cluster.new_database(TEMPLATE)
        alone = statement_alone(cluster.url(database), found, args.batch, 4 * args.rounds)
        close_pools()
    finally:
        cluster.stop()
    print(f"{args.size:,} mentions in batches of {args.batch:,}, median of {args.rounds} fresh databases:")
    base = statistics.median(times["no RETURNING (baseline)"])
    for name, values in times.items():
        median = statistics.median(values)
        rounds = ", ".join(f"{v:.2f}" for v in values)
        print(f"  {name:<24} {median:7.2f} s  {args.size / median:9,.0f} rows/s  {median / base:6.1%} of baseline"
              f"  (rounds: {rounds} s)")
    print(f"the insert statement alone, {args.batch:,} rows, median of {4 * args.rounds}:")
    base = statistics.median(alone["no RETURNING (baseline)"])
    for name, values in alone.items():
        median = statistics.median(values)
        print(f"  {name:<24} {median * 1000:7.1f} ms {median / base:6.1%} of baseline")


if __name__ == "__main__":
    main()
