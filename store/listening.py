"""Listening reads for the comms team's pages: bounds, daily counts, totals, the mention explorer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from store.connect import Store

if TYPE_CHECKING:
    import pandas as pd

EXPLORER_LIMIT = 500


@dataclass(frozen=True)
class Bounds:
    """What the stored mentions span: the newest time, and the sources, languages and terms present."""

    newest: datetime | None
    sources: list[str]
    languages: list[str]
    terms: list[str]


def bounds(db: Store) -> Bounds:
    """Newest mention time, and the sources, languages and matched terms present."""
    newest = db._rows("SELECT max(created_at) FROM mentions")[0][0]
    return Bounds(
        newest,
        [r[0] for r in db._rows("SELECT DISTINCT source FROM mentions ORDER BY 1")],
        [r[0] for r in db._rows("SELECT DISTINCT lang FROM mentions WHERE lang IS NOT NULL ORDER BY 1")],
        [r[0] for r in db._rows("SELECT DISTINCT unnest(matched) AS term FROM mentions ORDER BY 1")],
    )


def daily_counts(db: Store, start: datetime, end: datetime, sources: Sequence[str],
                 zone: str = "UTC") -> pd.DataFrame:
    """Mentions per day, source and sentiment label in [start, end); days are those of `zone`
    (an IANA name: the dashboard passes [brand] timezone), as wall-clock midnights."""
    return db._frame(
        """
        SELECT date_trunc('day', timezone(?, m.created_at)) AS day, m.source,
               coalesce(s.label, 'unscored') AS label, count(*) AS mentions
        FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id
        WHERE m.created_at >= ? AND m.created_at < ? AND list_contains(?, m.source)
        GROUP BY ALL ORDER BY day
        """,
        [zone, start, end, list(sources)],
    )


def totals(db: Store, start: datetime, end: datetime, sources: Sequence[str]) -> dict[str, float]:
    """Mentions, distinct authors and the negative and positive shares of scored mentions."""
    row = db._rows(
        """
        SELECT count(*), count(DISTINCT m.author_id),
               avg(CASE WHEN s.label = 'negative' THEN 1.0 WHEN s.label IS NULL THEN NULL ELSE 0 END),
               avg(CASE WHEN s.label = 'positive' THEN 1.0 WHEN s.label IS NULL THEN NULL ELSE 0 END)
        FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id
        WHERE m.created_at >= ? AND m.created_at < ? AND list_contains(?, m.source)
        """,
        [start, end, list(sources)],
    )[0]
    return {name: float(value or 0.0)
            for name, value in zip(("mentions", "authors", "negative", "positive"), row)}


@dataclass(frozen=True)
class MentionFilter:
    """The explorer's filters; empty tuples mean "any"."""

    start: datetime
    end: datetime
    sources: tuple[str, ...]
    langs: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    search: str = ""


def explore(db: Store, where: MentionFilter, limit: int = EXPLORER_LIMIT) -> tuple[pd.DataFrame, int]:
    """The newest mentions matching the filters (at most `limit`), and how many match in all."""
    conditions = ["m.created_at >= ?", "m.created_at < ?", "list_contains(?, m.source)"]
    params: list = [where.start, where.end, list(where.sources)]
    if where.langs:
        conditions.append("list_contains(?, coalesce(m.lang, '?'))")
        params.append(list(where.langs))
    if where.labels:
        conditions.append("list_contains(?, coalesce(s.label, 'unscored'))")
        params.append(list(where.labels))
    if where.terms:
        conditions.append("len(list_intersect(m.matched, ?)) > 0")
        params.append(list(where.terms))
    if where.search.strip():
        conditions.append("m.text ILIKE ? ESCAPE '\\'")
        params.append("%" + _like_literal(where.search.strip()) + "%")
    base = ("FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id WHERE "
            + " AND ".join(conditions))
    count = int(db._rows(f"SELECT count(*) {base}", params)[0][0])
    frame = db._frame(
        f"""
        SELECT m.created_at, m.source, m.author, m.lang, coalesce(s.label, 'unscored') AS label,
               s.compound, s.brand_compound, m.text, array_to_string(m.matched, ', ') AS matched,
               -- only web links are clickable: never a javascript: or data: URL from a payload
               CASE WHEN regexp_matches(m.url, '^https?://', 'i') THEN m.url END AS url
        {base} ORDER BY m.created_at DESC LIMIT ?
        """,
        [*params, int(limit)],
    )
    return frame, count


def _like_literal(text: str) -> str:
    """A user's "%" or "_" taken literally in a LIKE pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
