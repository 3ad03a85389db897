"""Signals: per-subject sentiment aggregates, hourly counts, advocacy rows and alerts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import pyarrow as pa

from store.connect import Store

if TYPE_CHECKING:
    import pandas as pd

# A mention's brand-targeted sentiment; a mention whose sentences never name the brand (the
# source matched it on a field we do not see) falls back to its whole-text compound.
_BRAND = "coalesce(s.brand_compound, s.compound)"
# Recency weight: halves every half-life (days), from the window's end.
_WEIGHT = "pow(0.5, date_diff('second', m.created_at, $now) / 86400.0 / $half_life)"
_EMPLOYEE_MENTIONS = """
    SELECT m.employee_id, m.id, m.created_at, m.source, {brand} AS brand, {weight} AS w
    FROM employee_posts m
    JOIN effective_scores s ON s.mention_id = m.id
    JOIN enrolled_employees e ON e.id = m.employee_id
    WHERE m.created_at > $since AND m.created_at <= $now
      AND m.id NOT IN (SELECT mention_id FROM latest_corrections WHERE irrelevant)
""".format(brand=_BRAND, weight=_WEIGHT)


def author_aggregates(
    db: Store, since: datetime, now: datetime, half_life_days: float
) -> pa.Table:
    """subject_id, mentions, weight (Σw), weighted_sum (Σw·compound), reach of every author with
    scored public mentions in (since, now]; employees' handles and own accounts are left out."""
    return db._arrow(
        f"""
        WITH scored AS (
            SELECT author_key(m.source, m.author_id, m.author) AS subject,
                   {_WEIGHT} AS w, {_BRAND} AS brand
            -- public_mentions: purpose limitation (an employee's handle is only ever seen as that
            -- employee), the company's own accounts left out, corrections applied
            FROM public_mentions m JOIN effective_scores s ON s.mention_id = m.id
            WHERE m.created_at > $since AND m.created_at <= $now
              AND coalesce(m.author_id, m.author) IS NOT NULL
        )
        SELECT subject AS subject_id, count(*) AS mentions, sum(w) AS weight,
               sum(w * brand) AS weighted_sum, any_value(a.followers) AS reach
        FROM scored LEFT JOIN authors a ON a.id = scored.subject
        GROUP BY subject
        """,
        {"since": since, "now": now, "half_life": half_life_days},
    )


def employee_aggregates(
    db: Store, since: datetime, now: datetime, half_life_days: float
) -> pa.Table:
    """The same for every enrolled (not withdrawn) employee, with coaching_ok, shares and clicks."""
    return db._arrow(
        f"""
        WITH em AS ({_EMPLOYEE_MENTIONS}),
        sent AS (SELECT employee_id, count(*) AS n, sum(w) AS w, sum(w * brand) AS ws
                 FROM em GROUP BY employee_id),
        reach AS (SELECT employee_id, sum(followers)::BIGINT AS followers FROM employee_authors
                  GROUP BY employee_id),
        sh AS (SELECT employee_id, count(*) AS n FROM shares
               WHERE shared_at > $since AND shared_at <= $now GROUP BY employee_id),
        cl AS (SELECT l.employee_id, count(*) AS n FROM clicks c JOIN share_links l ON l.code = c.code
               WHERE c.clicked_at > $since AND c.clicked_at <= $now GROUP BY l.employee_id)
        SELECT e.id AS subject_id, coalesce(sent.n, 0) AS mentions, coalesce(sent.w, 0.0) AS weight,
               coalesce(sent.ws, 0.0) AS weighted_sum, reach.followers AS reach, e.coaching_ok,
               coalesce(sh.n, 0) AS shares, coalesce(cl.n, 0) AS clicks
        FROM enrolled_employees e
        LEFT JOIN sent ON sent.employee_id = e.id
        LEFT JOIN reach ON reach.employee_id = e.id
        LEFT JOIN sh ON sh.employee_id = e.id
        LEFT JOIN cl ON cl.employee_id = e.id
        """,
        {"since": since, "now": now, "half_life": half_life_days},
    )


_ADVOCACY_SCHEMA = pa.schema([
    ("subject_kind", pa.string()), ("subject_id", pa.string()), ("window_days", pa.int32()),
    ("computed_at", pa.timestamp("us", tz="UTC")), ("class", pa.string()),
    ("confidence", pa.float64()), ("score", pa.float64()), ("mentions", pa.int64()),
    ("reach", pa.int64()), ("weight", pa.float64()), ("shares", pa.int64()),
    ("clicks", pa.int64()), ("follow_up", pa.string()),
])


_ADVOCACY_VALUES = [f.name for f in _ADVOCACY_SCHEMA if f.name not in ("subject_kind", "subject_id")]


def replace_advocacy(db: Store, kind: str, columns: dict[str, object]) -> int:
    """Make the advocacy rows of `kind` exactly the given columns (in the caller's transaction).

    Known subjects are updated in place, new ones inserted, vanished ones deleted: deleting and
    re-inserting the same primary keys in one transaction was measured 10-40x slower.
    """
    n = len(columns["subject_id"])
    if not n:
        db._rows("DELETE FROM advocacy WHERE subject_kind = ?", [kind])
        return 0
    table = pa.table({f.name: _column(columns.get(f.name), f.type, n) for f in _ADVOCACY_SCHEMA},
                     schema=_ADVOCACY_SCHEMA)
    assignments = ", ".join(f'"{c}" = b."{c}"' for c in _ADVOCACY_VALUES)
    with db._registered("_advocacy_batch", table):
        db._rows(
            "DELETE FROM advocacy WHERE subject_kind = ? AND subject_id NOT IN "
            "(SELECT subject_id FROM _advocacy_batch)",
            [kind],
        )
        db._rows(
            f"UPDATE advocacy SET {assignments} FROM _advocacy_batch b "
            "WHERE advocacy.subject_kind = b.subject_kind AND advocacy.subject_id = b.subject_id"
        )
        db._rows(
            "INSERT INTO advocacy BY NAME SELECT * FROM _advocacy_batch b WHERE NOT EXISTS "
            "(SELECT 1 FROM advocacy a WHERE a.subject_kind = b.subject_kind AND a.subject_id = b.subject_id)"
        )
    return n


def _column(values: object, kind: pa.DataType, n: int) -> pa.Array | pa.ChunkedArray:
    if values is None:
        return pa.nulls(n, kind)
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values.cast(kind)
    return pa.array(values, kind)


def hourly_counts(
    db: Store, since: datetime, until: datetime
) -> list[tuple[str, datetime, int, int, int]]:
    """(source, hour, mentions, scored, negative) of public mentions per source and hour in
    [since, until): our own voice never makes a spike, corrections count."""
    return db._rows(
        f"""
        SELECT m.source, date_trunc('hour', m.created_at) AS hour, count(*),
               count(s.mention_id), count(*) FILTER (WHERE {_BRAND} <= -0.05)
        FROM public_mentions m LEFT JOIN effective_scores s ON s.mention_id = m.id
        WHERE m.created_at >= ? AND m.created_at < ?
        GROUP BY ALL ORDER BY hour
        """,
        [since, until],
    )


def driving_mentions(
    db: Store, source: str, start: datetime, end: datetime,
    negative_only: bool, limit: int = 50,
) -> list[str]:
    """Ids of the mentions of a spike, the widest reach first."""
    where = f"AND {_BRAND} <= -0.05" if negative_only else ""
    rows = db._rows(
        f"""
        SELECT m.id FROM public_mentions m
        LEFT JOIN effective_scores s ON s.mention_id = m.id
        LEFT JOIN authors a ON a.id = author_key(m.source, m.author_id, m.author)
        WHERE m.created_at >= $start AND m.created_at < $end
          AND ($source = 'all' OR m.source = $source) {where}
        ORDER BY coalesce(a.followers, 0) DESC, m.created_at LIMIT $limit
        """,
        {"start": start, "end": end, "source": source, "limit": limit},
    )
    return [r[0] for r in rows]


def upsert_alerts(db: Store, alerts: Sequence[dict]) -> int:
    """Insert alerts, or update the ones with the same id (runs in the caller's transaction)."""
    if not alerts:
        return 0
    table = pa.Table.from_pylist(list(alerts), schema=pa.schema([
        ("id", pa.string()), ("kind", pa.string()), ("source", pa.string()),
        ("starts_at", pa.timestamp("us", tz="UTC")), ("ends_at", pa.timestamp("us", tz="UTC")),
        ("observed", pa.float64()), ("expected", pa.float64()), ("score", pa.float64()),
        ("mention_ids", pa.list_(pa.string())), ("created_at", pa.timestamp("us", tz="UTC")),
    ]))
    with db._registered("_alert_batch", table):
        db._rows(
            """
            INSERT INTO alerts SELECT * FROM _alert_batch
            ON CONFLICT (id) DO UPDATE SET ends_at = excluded.ends_at, observed = excluded.observed,
                expected = excluded.expected, score = excluded.score,
                mention_ids = excluded.mention_ids
            """
        )
    return len(alerts)


# NOT EXISTS, not NOT IN: the same rows (an author's id is its key, never NULL), and PostgreSQL
# plans it as an anti-join, so a class's best are read in order from advocacy_best (0025) and
# the LIMIT stops there; NOT IN's hashed filter kept it to a sort of the whole class
# (10M mentions: 3.8 s -> 14 ms for 1000 ambassadors, issue 16).
_PUBLIC_AUTHORS = """
    SELECT a.class, a.confidence, a.score, a.mentions, a.reach, au.source, au.handle, au.followers,
           au.id AS author_id
    FROM advocacy a JOIN authors au ON au.id = a.subject_id
    WHERE a.subject_kind = 'author' AND NOT EXISTS (SELECT 1 FROM employee_authors e WHERE e.id = au.id)
"""
_BEST_FIRST = "confidence DESC, reach DESC NULLS LAST, author_id"


def public_authors(db: Store, per_class: int | None = None,
                   classes: Sequence[str] | None = None) -> pd.DataFrame:
    """Public authors with an advocacy class, best known first; employees' handles never appear
    here (they are shown apart, in the programme, and only to the comms team).

    With `per_class`, only the best `per_class` of each class leave the database (the page
    shows those: at 10M mentions the whole list was 800k rows for about 25k shown, issue 17);
    `public_author_counts` says how many there are in all. `classes` keeps only those classes
    (the page lists ambassadors and detractors, never the neutral ones)."""
    if classes is None:
        classes = [r[0] for r in db._rows(
            "SELECT DISTINCT class FROM advocacy WHERE subject_kind = 'author' ORDER BY 1")]
    if not classes:
        return db._frame(f"SELECT * FROM ({_PUBLIC_AUTHORS}) p WHERE FALSE")
    if per_class is None:
        return db._frame(f"SELECT * FROM ({_PUBLIC_AUTHORS} AND list_contains(?, a.class)) p "
                         f"ORDER BY class, {_BEST_FIRST}", [list(classes)])
    # One top-N per class (a bounded heap each) instead of numbering every classed author by
    # a window over all of them: 570 ms of CPU -> 280 ms for three classes at 1M mentions.
    tops = " UNION ALL ".join(
        f"(SELECT * FROM ({_PUBLIC_AUTHORS} AND a.class = ?) p ORDER BY {_BEST_FIRST} LIMIT ?)" for _ in classes)
    params = [value for cls in classes for value in (cls, max(0, int(per_class)))]
    return db._frame(f"SELECT * FROM ({tops}) t ORDER BY class, {_BEST_FIRST}", params)


def public_author_counts(db: Store) -> dict[str, int]:
    """How many public authors (employees left out) each advocacy class holds.

    The join with the authors (one row each: id is their key) as EXISTS, the employees as NOT
    EXISTS: PostgreSQL runs a parallel semi- and anti-join, 4.1 s -> about 1 s at 10M mentions;
    DuckDB keeps its 0.2 s (a NOT EXISTS after the join doubled it). Still a pass over every
    classed author: a count of 2M rows."""
    return {cls: int(n) for cls, n in db._rows(
        """
        SELECT a.class, count(*) FROM advocacy a
        WHERE a.subject_kind = 'author' AND EXISTS (SELECT 1 FROM authors au WHERE au.id = a.subject_id)
          AND NOT EXISTS (SELECT 1 FROM employee_authors e WHERE e.id = a.subject_id)
        GROUP BY 1
        """)}


def top_public_voices(db: Store, limit: int) -> list[tuple]:
    """(class, source, handle, followers, mentions, score) of the brand's most confident public
    ambassadors and detractors, `limit` of each; employees never appear here."""
    return db._rows(
        """
        WITH ranked AS (
            SELECT a.class, au.source, au.handle, au.followers, a.mentions, a.score,
                   row_number() OVER (PARTITION BY a.class
                                      ORDER BY a.confidence DESC, a.reach DESC NULLS LAST, au.id) AS n
            FROM advocacy a JOIN authors au ON au.id = a.subject_id
            WHERE a.subject_kind = 'author' AND a.class IN ('ambassador', 'detractor')
              AND au.id NOT IN (SELECT id FROM employee_authors)
        )
        SELECT class, source, handle, followers, mentions, score FROM ranked WHERE n <= ?
        ORDER BY class, n
        """, [limit])
