"""Reasons behind an advocacy class: the public posts that weigh most in a public author's score.

The same posts and the same weights as `signals.author_aggregates` (public mentions, corrections
applied, recency weight from the window's end): an ambassador's reasons are its posts that pull
the score up most, a detractor's those that pull it down most. Employees are never read here:
their class is for coaching, visible in aggregate, never a list of their posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.connect import Store
from store.signals import _BRAND, _WEIGHT

REASONS_LIMIT = 5


@dataclass(frozen=True)
class Reason:
    """One post behind a class: when, what, where, its brand sentiment and its pull on the score."""

    mention_id: str
    created_at: datetime
    text: str
    url: str | None              # only http(s) links: never a javascript: or data: URL
    sentiment: float
    weight: float                # recency weight × sentiment: its share of the score's sum
    corrected: bool


def reasons(db: Store, author_id: str, half_life_days: float,
            limit: int = REASONS_LIMIT) -> list[Reason]:
    """The posts of public author `author_id` ("<source>:<id>") that weigh most in its stored
    class, in that class's direction; [] without a class (or for an employee's handle)."""
    found = db._rows(
        """SELECT class, computed_at, window_days FROM advocacy
           WHERE subject_kind = 'author' AND subject_id = ?""", [author_id])
    if not found:
        return []
    cls, now, window_days = found[0]
    rows = db._rows(
        f"""
        SELECT m.id, m.created_at, m.text,
               CASE WHEN regexp_matches(m.url, '^https?://', 'i') THEN m.url END,
               {_BRAND} AS brand, {_WEIGHT} * {_BRAND} AS pull, coalesce(s.corrected, FALSE)
        FROM public_mentions m JOIN effective_scores s ON s.mention_id = m.id
        WHERE author_key(m.source, m.author_id, m.author) = $author
          AND m.created_at > $now - to_days($window) AND m.created_at <= $now
        ORDER BY CASE WHEN $cls = 'detractor' THEN pull ELSE -pull END, m.created_at DESC
        LIMIT $limit
        """,
        {"author": author_id, "now": now, "window": int(window_days), "half_life": half_life_days,
         "cls": cls, "limit": int(limit)})
    return [Reason(*row) for row in rows]
