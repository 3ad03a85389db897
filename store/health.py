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
