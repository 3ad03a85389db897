"""Configuration-health reads: rows per table, recent runs, collector cursors, scoring coverage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from store.connect import Store
from store.state import reads_this_month

if TYPE_CHECKING:
    import pandas as pd


def table_names(db: Store) -> list[str]:
    """The database's own tables (not views), the schema-version bookkeeping left out."""
    rows = db._rows("SELECT table_name FROM information_schema.tables "
                    "WHERE table_type = 'BASE TABLE' AND table_schema = current_schema() "
                    "AND table_name <> 'schema_version' ORDER BY 1")
    return [row[0] for row in rows]


def row_counts(db: Store) -> dict[str, int]:
    """Rows in each table."""
    names = table_names(db)
    # Names come from the catalog, not from a user; quoted all the same.
    union = " UNION ALL ".join(f"SELECT '{n}', count(*) FROM \"{n}\"" for n in names)
    return {name: int(n) for name, n in db._rows(union)} if names else {}


# Below this many rows (the planner's estimate) a PostgreSQL table is counted: a count of a
# small table is quick, and a page reading "about 12" would be silly.
ESTIMATE_FROM = 100_000


@dataclass(frozen=True)
class Count:
    """A table's rows for the health page: exact, or PostgreSQL's estimate (`approximate`)."""

    rows: int
    approximate: bool = False


def page_counts(db: Store) -> dict[str, Count]:
    """Rows in each table for the health page, without counting every row on PostgreSQL.

    DuckDB's count(*) reads its metadata (milliseconds at 10M mentions): exact. PostgreSQL
    counts by reading every row (3.9 to 5.4 s at 10M mentions, issue 16), so there the mentions
    come from daily_mentions, which counts every stored mention by design (store/daily.py), and
    a table the planner puts at ESTIMATE_FROM rows or more shows pg_class.reltuples, marked
    approximate. `row_counts` stays exact (the store copy, the demo's summary)."""
    if db.engine != "postgres":
        return {name: Count(n) for name, n in row_counts(db).items()}
    estimates = _estimates(db)
    return {name: Count(_daily_mention_total(db)) if name == "mentions" else _count(db, name, estimates)
            for name in table_names(db)}


def _estimates(db: Store) -> dict[str, float]:
    """PostgreSQL's planner estimate of each table's rows (-1 for one never analysed, 14+)."""
    return dict(db._rows("SELECT c.relname, c.reltuples FROM pg_class c "
                         "WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace"))


def _count(db: Store, table: str, estimates: dict[str, float]) -> Count:
    estimate = estimates.get(table, -1)
    if estimate >= ESTIMATE_FROM:
        return Count(int(estimate), approximate=True)
    # Names come from the catalog, not from a user; quoted all the same.
    return Count(int(db._rows(f'SELECT count(*) FROM "{table}"')[0][0]))


def _daily_mention_total(db: Store) -> int:
    return int(db._rows("SELECT coalesce(sum(mentions), 0) FROM daily_mentions")[0][0])


def page_coverage(db: Store, counts: dict[str, Count] | None = None) -> tuple[int, int, bool]:
    """(scored, total, scored is approximate) mentions for the health page, from its
    `page_counts` (given, or read): the mentions' count and the scores' (exact on DuckDB, as
    `scoring_coverage`; PostgreSQL's estimate once scores hold ESTIMATE_FROM rows), never more
    scored than stored."""
    counts = page_counts(db) if counts is None else counts
    scores, mentions = counts["scores"], counts["mentions"]
    return min(scores.rows, mentions.rows), mentions.rows, scores.approximate


def recent_runs(db: Store, limit: int = 20) -> pd.DataFrame:
    """The latest runs of every job, newest first."""
    return db._frame("SELECT job, started_at, finished_at, status, items, errors, skipped, "
                     "message FROM runs ORDER BY started_at DESC, id DESC LIMIT ?", [limit])


def last_run_per_job(db: Store) -> pd.DataFrame:
    """Each job's newest run, and its newest failed run's message (what went wrong, in words)."""
    return db._frame(
        """
        WITH ranked AS (
            SELECT *, row_number() OVER (PARTITION BY job ORDER BY started_at DESC, id DESC) AS n FROM runs)
        SELECT r.job, r.started_at, r.finished_at, r.status, r.items, r.errors, r.skipped, r.message,
               (SELECT f.message FROM runs f WHERE f.job = r.job AND (f.errors > 0 OR f.status = 'failed')
                  AND f.message IS NOT NULL ORDER BY f.started_at DESC, f.id DESC LIMIT 1) AS last_error,
               (SELECT max(f.started_at) FROM runs f WHERE f.job = r.job AND (f.errors > 0 OR f.status = 'failed'))
                  AS last_error_at
        FROM ranked r WHERE n = 1 ORDER BY r.job
        """)


def last_scoring(db: Store) -> datetime | None:
    """When the newest score was written (a scoring pass of the scheduler, `score`, or the demo), or None."""
    return db._rows("SELECT max(scored_at) FROM scores")[0][0]


def cursor_table(db: Store) -> pd.DataFrame:
    """Where each collector partition stopped (no state, only when)."""
    return db._frame("SELECT source, query, updated_at FROM cursors ORDER BY source, query")


def scoring_coverage(db: Store) -> tuple[int, int]:
    """(scored, total) mentions.

    Two counts, not a join (1.7 s at 10M mentions for the join, about 1 ms for the counts,
    issue 17): a score is written only for a stored mention and deleted with it (retention,
    erasure), so the scores counted are the scored mentions. A stray score (one saved for an
    id never stored) is still never counted beyond the mentions."""
    total, scores = db._rows("SELECT (SELECT count(*) FROM mentions), (SELECT count(*) FROM scores)")[0]
    return min(int(scores), int(total)), int(total)


def x_reads_this_month(db: Store) -> int:
    """Paid X reads counted this month (the X collector pauses itself at the budget)."""
    return reads_this_month(db, "x")


@dataclass(frozen=True)
class Inventory:
    """What a database holds, in counts (the demo's summary, the health page)."""

    rows: dict[str, int]                 # table -> rows
    by_source: dict[str, int]
    by_lang: dict[str | None, int]
    scored: int                          # mentions with a score
    negative: int
    teams: int
    first_day: str | None                # ISO dates of the oldest and newest mention
    last_day: str | None


def inventory(db: Store) -> Inventory:
    """Counts of everything stored."""
    scored, _ = scoring_coverage(db)
    first, last = db._rows("SELECT min(created_at)::DATE, max(created_at)::DATE FROM mentions")[0]
    return Inventory(
        rows=row_counts(db),
        by_source=dict(db._rows("SELECT source, count(*) FROM mentions GROUP BY 1")),
        by_lang=dict(db._rows("SELECT lang, count(*) FROM mentions GROUP BY 1")),
        scored=scored,
        negative=int(db._rows("SELECT count(*) FROM scores s JOIN mentions m ON m.id = s.mention_id "
                              "WHERE s.label = 'negative'")[0][0]),
        teams=int(db._rows("SELECT count(DISTINCT team) FROM employees")[0][0]),
        first_day=str(first) if first else None,
        last_day=str(last) if last else None,
    )
