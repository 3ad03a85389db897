"""Incidents (migration 0014): the alerts they merge, the mentions they hold, their pushes.

The merging and the explanations are computed in `alerts/`; this module reads what they need
and writes what they found, in batches through Arrow.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pyarrow as pa

from store.connect import Store

if TYPE_CHECKING:
    import pandas as pd

# A mention's brand-targeted sentiment, as store.signals reads it.
_BRAND = "coalesce(s.brand_compound, s.compound)"
_TS = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True)
class AlertRow:
    id: str
    kind: str
    source: str
    starts_at: datetime
    ends_at: datetime
    score: float


def all_alerts(db: Store) -> list[AlertRow]:
    """Every stored alert, oldest first (the table holds the retention period's alerts only)."""
    return [AlertRow(*row) for row in db._rows(
        "SELECT id, kind, source, starts_at, ends_at, score FROM alerts ORDER BY starts_at, id")]


def span_mentions(db: Store, start: datetime, end: datetime, limit: int) -> pd.DataFrame:
    """Public mentions (our own voice apart, corrections applied) in [start, end), widest reach first: id, source, created_at, text, author (handle,
    None for an employee's declared handle: never ranked as a public author), followers, brand
    (sentiment or None), at most `limit` of them."""
    return db._frame(
        f"""
        SELECT m.id, m.source, m.created_at, m.text, m.url,
               CASE WHEN ea.id IS NULL THEN m.author END AS author,
               CASE WHEN ea.id IS NULL THEN a.followers END AS followers,
               {_BRAND} AS brand
        FROM public_mentions m
        LEFT JOIN effective_scores s ON s.mention_id = m.id
        LEFT JOIN authors a ON a.id = author_key(m.source, m.author_id, m.author)
        LEFT JOIN employee_authors ea ON ea.id = a.id
        WHERE m.created_at >= $start AND m.created_at < $end
        ORDER BY coalesce(CASE WHEN ea.id IS NULL THEN a.followers END, 0) DESC, m.created_at, m.id
        LIMIT $limit
        """,
        {"start": start, "end": end, "limit": limit},
    )


def span_count(db: Store, start: datetime, end: datetime) -> int:
    """How many mentions fall in [start, end)."""
    return int(db._rows("SELECT count(*) FROM public_mentions WHERE created_at >= ? AND created_at < ?",
                        [start, end])[0][0])


def baseline_texts(db: Store, start: datetime, end: datetime, sample: int) -> list[str]:
    """Texts of mentions in [start, end): all of them, or a repeatable sample of `sample`
    (the baseline of the over-represented terms needs their frequencies, not every row)."""
    rows = db._rows(
        f"""
        SELECT text FROM (SELECT text FROM public_mentions WHERE created_at >= ? AND created_at < ?)
        USING SAMPLE reservoir({int(sample)} ROWS) REPEATABLE (13)
        """,
        [start, end],
    )
    return [r[0] for r in rows]


def hourly_volume(db: Store, start: datetime, end: datetime) -> pd.DataFrame:
    """hour, source, mentions, negative per hour in [start, end) (the incident's curve)."""
    return db._frame(
        f"""
        SELECT date_trunc('hour', m.created_at) AS hour, m.source, count(*) AS mentions,
               count(*) FILTER (WHERE {_BRAND} <= -0.05) AS negative
        FROM public_mentions m LEFT JOIN effective_scores s ON s.mention_id = m.id
        WHERE m.created_at >= ? AND m.created_at < ?
        GROUP BY ALL ORDER BY hour, m.source
        """,
        [start, end],
    )


def mentions_by_ids(db: Store, ids: Sequence[str]) -> pd.DataFrame:
    """id, source, created_at, author, text, url, brand of the given mentions, in that order."""
    return db._frame(
        f"""
        SELECT m.id, m.source, m.created_at,
               CASE WHEN ea.id IS NULL THEN m.author END AS author, m.text, m.url, {_BRAND} AS brand
        FROM (SELECT unnest($ids::VARCHAR[]) AS id, generate_subscripts($ids::VARCHAR[], 1) AS n) wanted
        JOIN mentions m ON m.id = wanted.id
        LEFT JOIN effective_scores s ON s.mention_id = m.id
        LEFT JOIN employee_authors ea ON ea.id = author_key(m.source, m.author_id, m.author)
        ORDER BY wanted.n
        """,
        {"ids": list(ids)},
    )


_INCIDENT_SCHEMA = pa.schema([
    ("id", pa.string()), ("kinds", pa.list_(pa.string())), ("sources", pa.list_(pa.string())),
    ("alert_ids", pa.list_(pa.string())), ("starts_at", _TS), ("peak_at", _TS), ("ends_at", _TS),
    ("ongoing", pa.bool_()), ("severity", pa.string()), ("score", pa.float64()),
    ("mentions", pa.int64()), ("mention_ids", pa.list_(pa.string())), ("drivers", pa.string()),
    ("summary_ids", pa.list_(pa.string())), ("first_ids", pa.list_(pa.string())),
    ("top_followers", pa.int64()), ("first_seen_at", _TS), ("updated_at", _TS),
])
_UPDATED = [f.name for f in _INCIDENT_SCHEMA if f.name not in ("id", "first_seen_at")]


def replace_incidents(db: Store, rows: Sequence[dict]) -> dict[str, int]:
    """Make the incidents table exactly `rows` (in the caller's transaction): known ids are
    updated in place (their first_seen_at kept), new ones inserted, vanished ones deleted.
    Returns {"new", "updated", "deleted"}."""
    known = {r[0] for r in db._rows("SELECT id FROM incidents")}
    wanted = {r["id"] for r in rows}
    deleted = known - wanted
    if deleted:
        db._rows("DELETE FROM incidents WHERE list_contains($ids, id)", {"ids": sorted(deleted)})
    if not rows:
        return {"new": 0, "updated": 0, "deleted": len(deleted)}
    prepared = [{**r, "drivers": None if r.get("drivers") is None else json.dumps(r["drivers"],
                                                                                   ensure_ascii=False)}
                for r in rows]
    table = pa.Table.from_pylist(prepared, schema=_INCIDENT_SCHEMA)
    assignments = ", ".join(f'"{c}" = b."{c}"' for c in _UPDATED)
    with db._registered("_incident_batch", table):
        db._rows(f"UPDATE incidents SET {assignments} FROM _incident_batch b WHERE incidents.id = b.id")
        db._rows("INSERT INTO incidents BY NAME SELECT * FROM _incident_batch b "
                 "WHERE b.id NOT IN (SELECT id FROM incidents)")
    new = len(wanted - known)
    return {"new": new, "updated": len(wanted) - new, "deleted": len(deleted)}


def first_seen(db: Store) -> dict[str, datetime]:
    """When each stored incident was first found, by id."""
    return dict(db._rows("SELECT id, first_seen_at FROM incidents"))


def incidents_since(db: Store, since: datetime | None) -> list[dict]:
    """Stored incidents ending at or after `since` (all when None), newest first, as dicts
    (drivers decoded)."""
    names = [f.name for f in _INCIDENT_SCHEMA]
    rows = db._rows(
        f"""
        SELECT {", ".join(names)} FROM incidents WHERE $since IS NULL OR ends_at >= $since
        ORDER BY starts_at DESC, id
        """,
        {"since": since},
    )
    out = []
    for values in rows:
        row = dict(zip(names, values))
        row["drivers"] = json.loads(row["drivers"]) if row["drivers"] is not None else None
        out.append(row)
    return out


def influential_mentions(db: Store, since: datetime, until: datetime, min_followers: int,
                         limit: int = 20) -> pd.DataFrame:
    """Public mentions in [since, until) by an author followed by at least `min_followers`
    (employees' declared handles never count): id, source, created_at, author, followers, text, url."""
    return db._frame(
        """
        SELECT m.id, m.source, m.created_at, m.author, a.followers, m.text, m.url
        FROM public_mentions m JOIN authors a ON a.id = author_key(m.source, m.author_id, m.author)
        WHERE m.created_at >= $since AND m.created_at < $until AND a.followers >= $min
          AND a.id NOT IN (SELECT id FROM employee_authors)
          AND m.id NOT IN (SELECT id FROM employee_posts)
        ORDER BY m.created_at, m.id LIMIT $limit
        """,
        {"since": since, "until": until, "min": min_followers, "limit": limit},
    )


@dataclass(frozen=True)
class Push:
    subject_id: str
    channel: str
    push_kind: str
    status: str                  # sending | sent | failed | abandoned
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    sent_at: datetime | None


def pushes(db: Store) -> dict[tuple[str, str, str], Push]:
    """The push journal, by (subject id, channel, push kind)."""
    rows = db._rows("SELECT subject_id, channel, push_kind, status, attempts, last_error, "
                    "next_attempt_at, sent_at FROM incident_pushes")
    return {(r[0], r[1], r[2]): Push(*r) for r in rows}


def last_sent_at(db: Store, channel: str) -> datetime | None:
    """When `channel` last received a push (the cooldown runs from it)."""
    return db._rows("SELECT max(sent_at) FROM incident_pushes WHERE channel = ? AND status = 'sent'",
                    [channel])[0][0]


def record_push(db: Store, subject_id: str, channel: str, push_kind: str, status: str,
                error: str | None, next_attempt_at: datetime | None, now: datetime,
                attempted: bool = True) -> None:
    """Write one push's state; `attempted` counts an attempt."""
    db._rows(
        """
        INSERT INTO incident_pushes VALUES ($s, $c, $k, $status, $n, $error, $next,
            CASE WHEN $status = 'sent' THEN $now END, $now)
        ON CONFLICT (subject_id, channel, push_kind) DO UPDATE SET
            status = excluded.status, attempts = incident_pushes.attempts + $n,
            last_error = excluded.last_error, next_attempt_at = excluded.next_attempt_at,
            sent_at = coalesce(excluded.sent_at, incident_pushes.sent_at), updated_at = excluded.updated_at
        """,
        {"s": subject_id, "c": channel, "k": push_kind, "status": status, "n": int(attempted),
         "error": error, "next": next_attempt_at, "now": now},
    )


def drop_erased_mentions(db: Store, mention_ids: Sequence[str]) -> int:
    """Take erased mentions out of the incidents that cite them; their drivers are cleared
    (terms and authors may come from those posts) and recomputed at the next refresh."""
    if not mention_ids:
        return 0
    db._rows("DELETE FROM incident_pushes WHERE list_contains($gone, subject_id)", {"gone": list(mention_ids)})
    rows = db._rows(
        """
        UPDATE incidents SET
            mention_ids = list_filter(mention_ids, lambda x: NOT list_contains($gone, x)),
            summary_ids = list_filter(summary_ids, lambda x: NOT list_contains($gone, x)),
            first_ids = list_filter(first_ids, lambda x: NOT list_contains($gone, x)),
            drivers = NULL, top_followers = NULL
        WHERE len(list_intersect(mention_ids, $gone)) > 0 OR len(list_intersect(summary_ids, $gone)) > 0
           OR len(list_intersect(first_ids, $gone)) > 0
           OR EXISTS (SELECT 1 FROM mentions m WHERE list_contains($gone, m.id)
                      AND m.created_at >= incidents.starts_at AND m.created_at < incidents.ends_at)
        """,
        {"gone": list(mention_ids)},
    )
    return int(rows[0][0]) if rows else 0
