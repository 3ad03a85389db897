"""Dashboard reads while a collector writes: short-lived writers against one long-lived writer.

DuckDB lets one process write or several read, never both. Ambassade's collectors open the
file per page (`store.state.ShortLivedStore`) and the dashboard opens it read-only per query
(`store.read_only`, bounded retry with jitter). This measures, on the demo database, a writer
process committing 100-mention pages with a simulated network wait between them while a reader
process runs the overview's daily-counts query in a loop; then the naive way in the same run:
a writer that keeps its connection open for the whole collection.

    python bench/bench_concurrency.py [--pages 60] [--wait-ms 50]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ambassade.demo.build import build_demo  # noqa: E402
from ambassade.errors import StoreError  # noqa: E402
from ambassade.model import Mention  # noqa: E402
from store import read_only  # noqa: E402
from store.connect import open_when_free  # noqa: E402
from store.listening import daily_counts  # noqa: E402
from store.mentions import insert_mentions  # noqa: E402
from store.state import ShortLivedStore  # noqa: E402



def page(run: str, n: int, size: int = 100) -> list[Mention]:
    now = datetime.now(timezone.utc)
    return [Mention(source="x", native_id=f"{run}-{n}-{i}", author=f"a{i % 50}", author_id=f"a{i % 50}",
                    text=f"Lemoine page {n} post {i}", url=None, created_at=now - timedelta(minutes=i),
                    matched=("Lemoine",), raw={"i": i}) for i in range(size)]


def writer(db: str, run: str, pages: int, wait: float, long_lived: bool, out: mp.Queue) -> None:
    commits: list[float] = []
    try:
        _write(db, run, pages, wait, long_lived, commits)
    finally:
        out.put(commits)


def _write(db: str, run: str, pages: int, wait: float, long_lived: bool, commits: list[float]) -> None:
    if long_lived:
        store = open_when_free(db, retry_seconds=15)  # waits for the reader once, then keeps the file
        for n in range(pages):
            time.sleep(wait)  # the network
            started = time.perf_counter()
            with store.transaction() as db:
                insert_mentions(db, page(run, n))
            commits.append(time.perf_counter() - started)
        store.close()
    else:
        short = ShortLivedStore(db)
        for n in range(pages):
            time.sleep(wait)
            started = time.perf_counter()
            with short.transaction() as db:
                insert_mentions(db, page(run, n))
            commits.append(time.perf_counter() - started)


def reader(db: str, stop: mp.Event, out: mp.Queue) -> None:
    latencies, failures = [], 0
    while not stop.is_set():
        started = time.perf_counter()
        try:
            with read_only(db) as store:  # the dashboard's own retry budget (5 s)
                daily_counts(store, datetime.now(timezone.utc) - timedelta(days=30),
                             datetime.now(timezone.utc), ["x", "reddit", "rss"])
            latencies.append(time.perf_counter() - started)
        except StoreError:
            failures += 1
        time.sleep(0.02)
    out.put((latencies, failures))


def measure(db: str, run: str, pages: int, wait: float, long_lived: bool) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    results, stop = ctx.Queue(), ctx.Event()
    read = ctx.Process(target=reader, args=(db, stop, results))
    read.start()
    time.sleep(1.0)  # the reader is warm before the writer starts
    started = time.perf_counter()
    write = ctx.Process(target=writer, args=(db, run, pages, wait, long_lived, results))
    write.start()
    commits = results.get()
    write.join()
    elapsed = time.perf_counter() - started
    stop.set()
    latencies, failures = results.get()
    read.join()
    return {"elapsed": elapsed, "commit_p50": _pct(commits, 50), "commit_p95": _pct(commits, 95),
            "reads": len(latencies), "read_p50": _pct(latencies, 50), "read_p95": _pct(latencies, 95),
            "failed_reads": failures}


def _pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else values[0] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--wait-ms", type=float, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "demo.duckdb")
        build_demo(Path(db))
        print(f"{args.pages} pages of 100 mentions, {args.wait_ms:.0f} ms of network between pages; "
              "a reader runs the overview's daily counts every 20 ms")
        print(f"  {'writer':<34}{'run s':>6}{'commit p50/p95 ms':>20}{'reads ok':>10}{'read p50/p95 ms':>18}"
              f"{'failed reads':>14}")
        for name, long_lived in (("short-lived (Ambassade)", False), ("long-lived connection (naive)", True)):
            r = measure(db, name[:5], args.pages, args.wait_ms / 1000, long_lived)
            print(f"  {name:<34}{r['elapsed']:>6.1f}{r['commit_p50']:>9.0f} / {r['commit_p95']:<8.0f}{r['reads']:>10}"
                  f"{r['read_p50']:>9.0f} / {r['read_p95']:<7.0f}{r['failed_reads']:>14}")


if __name__ == "__main__":
    main()
