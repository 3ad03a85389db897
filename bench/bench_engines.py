"""The same store on both engines, in one run: ingest rate, dashboard reads, and what the SQL
translation for PostgreSQL costs.

Run: python bench/bench_engines.py [--size 100000] [--batch 5000] [--pg postgresql://…]

Without --pg a throwaway PostgreSQL cluster is started in a temp folder (tests/pg.py, Debian's
postgresql; as the `postgres` user when root) and removed at the end.

For the same N synthetic mentions (bench/bench_ingest.py's), in a fresh DuckDB file and a
fresh PostgreSQL database:
  1. `insert_mentions` in batches of --batch rows, one transaction each (ids checked first,
     authors upserted, word index filled; on PostgreSQL the batch goes in by binary COPY);
  2. the bare-library baseline of each engine: the same rows in ONE bulk load into a bare
     table (DuckDB: an Arrow table INSERT … SELECT; PostgreSQL: psycopg binary COPY) — no id
     check, no authors, no word index;
  3. dashboard reads on the full table (bounds, daily counts, totals, the explorer's first
     page and a word search), warm, median of 5;
  4. the translation (store/dialect.py): a statement translated the first time, and found in
     the cache after.
Figures are printed, not asserted. The machine may be shared: compare within one run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_ingest import T0, make_mentions, pages  # noqa: E402
from store import listening  # noqa: E402
from store.connect import open_store  # noqa: E402
from store.mentions import insert_mentions, mentions_table  # noqa: E402


def ingest(target, mentions, batch: int) -> float:
    with open_store(target) as store:
        started = time.perf_counter()
        for page in pages(mentions, batch):
            with store.transaction() as db:
                insert_mentions(db, page)
        return time.perf_counter() - started


def bare_duckdb(path: Path, mentions) -> float:
    import duckdb

    batch = mentions_table(mentions)
    con = duckdb.connect(str(path))
    con.register("batch", batch)
    con.execute("CREATE TABLE m AS SELECT * FROM batch LIMIT 0")
    started = time.perf_counter()
    con.execute("INSERT INTO m SELECT * FROM batch")
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def bare_copy(url: str, mentions) -> float:
    import psycopg

    table = mentions_table(mentions)
    types = ["text", "text", "text", "text", "text", "text", "text", "timestamptz", "text", "text[]",
             "text", "bytea", "timestamptz", "text[]"]
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("CREATE TABLE bare_mentions (" + ", ".join(
            f"{n} {t}" for n, t in zip(table.schema.names, types)) + ")")
        started = time.perf_counter()
        with con.cursor() as cur, cur.copy("COPY bare_mentions FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in zip(*(c.to_pylist() for c in table.columns)):
                copy.write_row(row)
        return time.perf_counter() - started


def median_ms(call, runs: int = 5) -> float:
    call()   # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def reads(target, n: int) -> dict[str, float]:
    end = T0 + timedelta(seconds=n * 7)
    start = end - timedelta(days=30)
    sources = ["x", "reddit"]
    with open_store(target, read_only=True) as db:
        return {
            "bounds": median_ms(lambda: listening.bounds(db)),
            "daily counts, 30 days": median_ms(lambda: listening.daily_counts(db, start, end, sources)),
            "totals, 30 days": median_ms(lambda: listening.totals(db, start, end, sources)),
        }


def translation_cost() -> tuple[float, float, int]:
    from store.dialect import Catalog, _translate, translate

    catalog = Catalog()
    statements = [
        "SELECT date_trunc('day', timezone(?, m.created_at)) AS day, m.source, count(*) AS mentions "
        "FROM public_mentions m WHERE m.created_at >= ? AND list_contains(?, m.source) GROUP BY ALL ORDER BY day",
        "SELECT m.id FROM mentions m SEMI JOIN _batch_ids b ON m.id = b.id",
        "SELECT * FROM corrections QUALIFY row_number() OVER (PARTITION BY mention_id ORDER BY id DESC) = 1",
    ]
    _translate.cache_clear()
    started = time.perf_counter()
    for sql in statements:
        translate(sql, catalog)
    cold = (time.perf_counter() - started) * 1000 / len(statements)
    started = time.perf_counter()
    loops = 10_000
    for _ in range(loops // len(statements)):
        for sql in statements:
            translate(sql, catalog)
    warm = (time.perf_counter() - started) * 1e6 / loops
    return cold, warm, len(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--pg", help="an empty PostgreSQL database to use (default: a throwaway cluster)")
    args = parser.parse_args()

    cluster = None
    if args.pg:
        pg_url, bare_url = args.pg, args.pg
    else:
        from tests.pg import Cluster, _bin_dir

        bin_dir = _bin_dir()
        if bin_dir is None:
            sys.exit("PostgreSQL is not installed (scripts/test.sh installs Debian's postgresql)")
        cluster = Cluster(bin_dir)
        cluster.admin("CREATE DATABASE bench")
        cluster.admin("CREATE DATABASE bare")
        pg_url, bare_url = cluster.url("bench"), cluster.url("bare")
    try:
        mentions = make_mentions(args.size)
        cold, warm, count = translation_cost()
        print(f"translation to PostgreSQL: {cold:.1f} ms per statement the first time ({count} statements), "
              f"{warm:.1f} µs from the cache")
        with tempfile.TemporaryDirectory(prefix="bench-engines-") as folder:
            duck = Path(folder) / "bench.duckdb"
            for name, target in (("DuckDB", duck), ("PostgreSQL", pg_url)):
                seconds = ingest(target, mentions, args.batch)
                print(f"{name}: insert_mentions, {args.size} rows in batches of {args.batch}: "
                      f"{seconds:.1f} s = {args.size / seconds:,.0f} rows/s")
            bare = bare_duckdb(Path(folder) / "bare.duckdb", mentions)
            print(f"DuckDB bare Arrow INSERT … SELECT (baseline): {args.size / bare:,.0f} rows/s")
            bare = bare_copy(bare_url, mentions)
            print(f"PostgreSQL bare binary COPY (baseline): {args.size / bare:,.0f} rows/s")
            for name, target in (("DuckDB", duck), ("PostgreSQL", pg_url)):
                figures = reads(target, args.size)
                print(f"{name} reads at {args.size} mentions (warm, median of 5): "
                      + ", ".join(f"{k} {v:.1f} ms" for k, v in figures.items()))
    finally:
        from store.postgres import close_pools

        close_pools()
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
