"""The value page's coordinated posts on a kept database: copies paired with every other copy
(before) against each copy's burst as a windowed distinct count (now), each in a child process
of its own so that its peak memory is its own.

Run: python bench/bench_coordinated.py --db FILE [--days 90] [--hours 2] [--accounts 3] [--limit 100]
     [--timeout 180]

FILE is a store built by bench/bench_dashboard_pages.py --keep (1M) or scaled up by
bench/engines_data.py (10M: every text there has ten copies by ten accounts seconds apart, so
every text is a group: the worst case for pairing). The window ends at the newest mention.
A form that runs past --timeout is stopped and reported as such. Figures are printed, not
asserted; the answers of both forms are compared when both finish.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def child(db: str, form: str, days: int, hours: float, accounts: int, limit: int | None) -> None:
    from store import links
    from store.connect import open_store

    with open_store(Path(db), read_only=True) as store:
        [(end,)] = store._rows("SELECT max(created_at) FROM mentions")
        start, end = end - timedelta(days=days), end + timedelta(seconds=1)
        started = time.perf_counter()
        if form == "paired":     # the form before (PostgreSQL's still), run on DuckDB
            params = {"start": start, "end": end, "hours": hours, "accounts": accounts, "limit": limit}
            found = store._frame(links._paired_sql(links._normal_text(store), limit), params)
        else:
            found = links.coordinated_posts(store, start, end, hours, accounts, limit=limit)
        seconds = time.perf_counter() - started
    groups = int(found["groups"].iloc[0]) if len(found) else 0
    answer = [(int(a), [str(i) for i in ids]) for a, ids in zip(found["accounts"], found["mention_ids"])]
    print(json.dumps({"seconds": seconds, "groups": groups, "rows": len(found), "answer": answer}))


def run(args, form: str) -> dict:
    command = [sys.executable, __file__, "--child", form, "--db", args.db, "--days", str(args.days),
               "--hours", str(args.hours), "--accounts", str(args.accounts), "--limit", str(args.limit)]
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"stopped": time.perf_counter() - started}
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["peak_mb"] = peak / 1024 if peak > before else None     # the largest child so far
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--hours", type=float, default=2)
    parser.add_argument("--accounts", type=int, default=3)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument("--child", choices=("paired", "windowed"))
    args = parser.parse_args()
    if args.child:
        child(args.db, args.child, args.days, args.hours, args.accounts, args.limit)
        return
    print(f"{args.db}: {args.days} days, {args.accounts} accounts within {args.hours} h, top {args.limit}; "
          f"load average {os.getloadavg()[0]:.1f}")
    results = {}
    for form in ("windowed", "paired"):     # the new form first: its peak is then its own
        results[form] = result = run(args, form)
        if "stopped" in result:
            print(f"  {form:9} stopped after {result['stopped']:.0f} s (--timeout)")
        else:
            peak = f"{result['peak_mb']:,.0f} MB" if result["peak_mb"] else "below the first's"
            print(f"  {form:9} {result['seconds']:7.2f} s  {result['groups']:,} groups, {result['rows']} shown, "
                  f"peak memory {peak}")
    if all("answer" in r for r in results.values()):
        same = results["windowed"]["answer"] == results["paired"]["answer"]
        print(f"  same groups shown: {same}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
