"""The dashboard's reads of issue 16 on an existing database, the way before beside the way now,
in the same run and on the same connection: the health page's counts, the overview's distinct
authors, the advocacy page's best authors and its counts per class.

Run: python bench/bench_pg_reads.py URL_OR_FILE [--repeat 3]

The database is opened read only and nothing is written (a PostgreSQL session can be made
read only as well: PGOPTIONS='-c default_transaction_read_only=on'); it must be at this
checkout's schema version, or --version N opens one at N (a database at 0024 gives the query
changes without 0025's indexes). Figures are printed (best of --repeat), never asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store import connect  # noqa: E402
from store import health, listening, signals  # noqa: E402

OLD_AUTHORS = "SELECT count(DISTINCT author_id) FROM daily_authors WHERE NOT own AND day >= ? AND day < ?"
NEW_AUTHORS = 'SELECT count(DISTINCT author_id COLLATE "C") FROM daily_authors WHERE NOT own AND day >= ? AND day < ?'
OLD_EMPLOYEES = "au.id NOT IN (SELECT id FROM employee_authors)"
NEW_EMPLOYEES = "NOT EXISTS (SELECT 1 FROM employee_authors e WHERE e.id = au.id)"
TOP = ("SELECT a.class, au.id FROM advocacy a JOIN authors au ON au.id = a.subject_id "
       "WHERE a.subject_kind = 'author' AND a.class = 'ambassador' AND {employees} "
       "ORDER BY a.confidence DESC, a.reach DESC NULLS LAST, au.id LIMIT 1000")
COUNTS_OLD = ("SELECT a.class, count(*) FROM advocacy a JOIN authors au ON au.id = a.subject_id "
              f"WHERE a.subject_kind = 'author' AND {OLD_EMPLOYEES} GROUP BY 1")


def best(repeat: int, read: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        read()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--version", type=int, help="open a database at this schema version")
    args = parser.parse_args()
    if args.version:
        connect.LATEST_VERSION = args.version       # read only: checked, never migrated
    with connect.open_store(args.target, read_only=True) as db:
        last = listening.bounds(db).newest
        if last is None:
            sys.exit("the database holds no mention")
        first = (last - timedelta(days=30)).date()
        pairs = [
            ("health counts", lambda: (health.row_counts(db), health.scoring_coverage(db)),
             lambda: (health.page_counts(db), health.page_coverage(db))),
            ("overview distinct authors, 30 days", lambda: db._rows(OLD_AUTHORS, [first, last.date()]),
             lambda: db._rows(NEW_AUTHORS, [first, last.date()])),
            ("advocacy best 1000 ambassadors", lambda: db._rows(TOP.format(employees=OLD_EMPLOYEES)),
             lambda: db._rows(TOP.format(employees=NEW_EMPLOYEES))),
            ("advocacy counts per class", lambda: db._rows(COUNTS_OLD), lambda: signals.public_author_counts(db)),
        ]
        print(f"{db.engine}, best of {args.repeat}")
        print(f"{'read':38s} {'before':>10s} {'now':>10s}")
        for label, before, now in pairs:
            print(f"{label:38s} {best(args.repeat, before) * 1000:8.1f}ms {best(args.repeat, now) * 1000:8.1f}ms",
                  flush=True)
        # the store's own functions, as the pages call them
        print(f"{'signals.public_authors(1000) + counts':38s} {'':>10s} "
              f"{best(args.repeat, lambda: (signals.public_authors(db, 1000, ('ambassador', 'detractor')), signals.public_author_counts(db))) * 1000:8.1f}ms")


if __name__ == "__main__":
    main()
