"""The value page's coordinated posts on a kept database, each form in a child process of its
own so that its peak memory is its own:
  digest    now: store/links.py `coordinated_posts`, on the digest of the normal text kept at
            ingest (migration 0027), ids and sources read for the groups shown;
  windowed  before 0027: the same windowed distinct count over the normal text of every text
            of the window, computed by the query (its SQL is kept here);
  paired    the first form: copies paired with every other copy (kept here too).

Run: python bench/bench_coordinated.py --db FILE [--days 90] [--hours 2] [--accounts 3] [--limit 100]
     [--timeout 180] [--forms digest windowed paired]

FILE is a store built by bench/bench_dashboard_pages.py --keep (1M) or scaled up by
bench/engines_data.py (10M: every text there has ten copies by ten accounts seconds apart, so
every text is a group: the worst case for pairing). The window ends at the newest mention.
FILE must be at the latest schema (opened once writable, store.connect.open_store upgrades it
in place: 14 s for the 10M file). A form
that runs past --timeout is stopped and reported as such (pairing at 10M took 50-121 s and
15 GB: leave it out there with --forms on a shared machine). Figures are printed, not
asserted; the answers of the forms that finish are compared with the first's.
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

from store import links  # noqa: E402

WITHIN = "to_microseconds(CAST($hours * 3600e6 AS BIGINT))"

# The forms before migration 0027 normalised each text as they read it: by `lower` alone when
# the patterns of `_NORMAL_TEXT` would change nothing (no "://", no space but single ones,
# nothing trim drops at either end; RE2's \s+ took 5 s over 1M texts), else by the patterns.
PLAIN_TEXT = " AND ".join(
    ["NOT contains(text, '://')", "NOT contains(text, '  ')"]
    + [f"NOT contains(text, chr({ord(c)}))" for c in "\t\n\f\r"]
    + [f"ascii(text) NOT IN ({', '.join(map(str, links.TRIMMED))})"]
    + [f"NOT ends_with(text, chr({c}))" for c in links.TRIMMED])


def normal_text(engine: str) -> str:
    """What the forms before 0027 read as a text's normal text (PostgreSQL: always the patterns,
    its \\s depends on the locale)."""
    norm = links._NORMAL_TEXT.format(col="text")
    return norm if engine != "duckdb" else f"CASE WHEN {PLAIN_TEXT} THEN lower(text) ELSE {norm} END"


def paired_sql(norm: str, limit: int | None) -> str:
    """The first form (PostgreSQL's until migration 0027): the copies of a text, found by a hash
    of the normal text computed here, paired with every other copy in the `hours` after it."""
    return f"""
        WITH w AS MATERIALIZED (
                 SELECT id, author, hash({norm}) AS h FROM mentions
                 WHERE created_at >= $start AND created_at < $end AND length(text) >= 20
                   AND id NOT IN (SELECT id FROM employee_posts)),
             -- cheap aggregates every group passes, on a hash of the normal text; bursts count
             -- accounts exactly, on the normal text itself
             shared AS (SELECT h FROM w GROUP BY h
                        HAVING count(*) >= $accounts AND ($accounts < 2 OR min(author) < max(author))),
             m AS MATERIALIZED (
                 SELECT id, source, author, created_at, text, {norm} AS norm FROM mentions
                 WHERE created_at >= $start AND created_at < $end
                   AND id IN (SELECT id FROM w WHERE h IN (SELECT h FROM shared))),
             burst AS (SELECT a.norm, a.created_at AS first, count(DISTINCT b.author) AS accounts
                       FROM m a JOIN m b ON b.norm = a.norm
                        AND b.created_at BETWEEN a.created_at AND a.created_at + {WITHIN}
                       GROUP BY 1, 2 HAVING count(DISTINCT b.author) >= $accounts),
             -- the burst with the most accounts, the earliest of equals (arg_max chose any)
             best AS (SELECT b.norm, min(b.first) AS first, b.accounts FROM burst b
                       JOIN (SELECT norm, max(accounts) AS accounts FROM burst GROUP BY 1) top
                       ON top.norm = b.norm AND top.accounts = b.accounts GROUP BY b.norm, b.accounts)
        SELECT any_value(m.text) AS text, string_agg(DISTINCT m.source, ', ') AS sources,
               best.accounts, min(m.created_at) AS first_seen, max(m.created_at) AS last_seen,
               list(m.id ORDER BY m.created_at, m.id) AS mention_ids, count(*) OVER () AS groups
        FROM best JOIN m ON m.norm = best.norm AND m.created_at BETWEEN best.first
             AND best.first + {WITHIN}
        GROUP BY best.norm, best.accounts ORDER BY best.accounts DESC, first_seen, min(m.id)
        {"" if limit is None else "LIMIT $limit"}"""


def windowed_sql(norm: str, limit: int | None) -> str:
    """DuckDB's form before migration 0027: the windowed count of store/links.py, over each
    text's normal form computed here as a 128-bit digest (7 s of 13 s at 10M)."""
    first_copy = "min(struct_pack(t := {0}.created_at, i := {0}.id)).i"
    return f"""
        WITH w AS MATERIALIZED (
                 SELECT id, source, author, created_at, md5_number({norm}) AS h FROM mentions
                 WHERE created_at >= $start AND created_at < $end AND length(text) >= 20
                   AND id NOT IN (SELECT id FROM employee_posts)),
             shared AS MATERIALIZED (
                 SELECT h, min(created_at) AS first, max(created_at) AS last FROM w GROUP BY h
                 HAVING count(*) >= $accounts AND ($accounts < 2 OR min(author) < max(author))),
             whole AS (SELECT w.h, count(DISTINCT w.author) AS accounts, min(w.created_at) AS first_seen,
                              max(w.created_at) AS last_seen, {first_copy.format("w")} AS first_id
                       FROM w JOIN shared s ON s.h = w.h AND s.last <= s.first + {WITHIN}
                       GROUP BY w.h HAVING count(DISTINCT w.author) >= $accounts),
             m AS MATERIALIZED (SELECT w.* FROM w JOIN shared s ON s.h = w.h AND s.last > s.first + {WITHIN}),
             counted AS (SELECT h, created_at AS first, count(DISTINCT author) OVER (
                             PARTITION BY h ORDER BY created_at
                             RANGE BETWEEN CURRENT ROW AND {WITHIN} FOLLOWING) AS accounts FROM m),
             -- the burst with the most accounts, the earliest of equals
             best AS (SELECT h, first, accounts FROM counted WHERE accounts >= $accounts
                      QUALIFY row_number() OVER (PARTITION BY h ORDER BY accounts DESC, first) = 1),
             spread AS (SELECT best.h, best.accounts, min(m.created_at) AS first_seen,
                               max(m.created_at) AS last_seen, {first_copy.format("m")} AS first_id
                        FROM best JOIN m ON m.h = best.h AND m.created_at BETWEEN best.first AND best.first + {WITHIN}
                        GROUP BY best.h, best.accounts),
             top AS (SELECT *, count(*) OVER () AS groups FROM (SELECT * FROM whole UNION ALL SELECT * FROM spread)
                     ORDER BY accounts DESC, first_seen, first_id {"" if limit is None else "LIMIT $limit"})
        SELECT string_agg(DISTINCT w.source, ', ') AS sources, top.accounts, top.first_seen, top.last_seen,
               list(w.id ORDER BY w.created_at, w.id) AS mention_ids, top.groups
        FROM top JOIN w ON w.h = top.h AND w.created_at BETWEEN top.first_seen AND top.last_seen
        GROUP BY top.h, top.accounts, top.first_seen, top.last_seen, top.first_id, top.groups
        ORDER BY top.accounts DESC, top.first_seen, top.first_id"""


def child(db: str, form: str, days: int, hours: float, accounts: int, limit: int | None) -> None:
    from store.connect import open_store

    with open_store(Path(db), read_only=True) as store:
        [(end,)] = store._rows("SELECT max(created_at) FROM mentions")
        start, end = end - timedelta(days=days), end + timedelta(seconds=1)
        started = time.perf_counter()
        params = {"start": start, "end": end, "hours": hours, "accounts": accounts, "limit": limit}
        if form == "paired":
            found = store._frame(paired_sql(normal_text(store.engine), limit), params)
        elif form == "windowed":
            found = links._with_examples(store, store._frame(windowed_sql(normal_text(store.engine), limit), params))
        else:
            found = links.coordinated_posts(store, start, end, hours, accounts, limit=limit)
        seconds = time.perf_counter() - started
    groups = int(found["groups"].iloc[0]) if len(found) else 0
    answer = [(int(a), [str(i) for i in ids]) for a, ids in zip(found["accounts"], found["mention_ids"])]
    print(json.dumps({"seconds": seconds, "groups": groups, "rows": len(found), "answer": answer}))


FORMS = ("digest", "windowed", "paired")


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
    parser.add_argument("--forms", nargs="+", choices=FORMS, default=list(FORMS))
    parser.add_argument("--child", choices=FORMS)
    args = parser.parse_args()
    if args.child:
        child(args.db, args.child, args.days, args.hours, args.accounts, args.limit)
        return
    print(f"{args.db}: {args.days} days, {args.accounts} accounts within {args.hours} h, top {args.limit}; "
          f"load average {os.getloadavg()[0]:.1f}")
    results = {}
    for form in args.forms:     # the new form first: its peak is then its own
        results[form] = result = run(args, form)
        if "stopped" in result:
            print(f"  {form:9} stopped after {result['stopped']:.0f} s (--timeout)")
        else:
            peak = f"{result['peak_mb']:,.0f} MB" if result["peak_mb"] else "below the first's"
            print(f"  {form:9} {result['seconds']:7.2f} s  {result['groups']:,} groups, {result['rows']} shown, "
                  f"peak memory {peak}")
    answers = [(form, r["answer"]) for form, r in results.items() if "answer" in r]
    for form, answer in answers[1:]:
        print(f"  same groups shown by {form} as by {answers[0][0]}: {answer == answers[0][1]}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
