"""Reads for charter coaching: an opted-in employee's recent public posts, their advocacy class, team groups.

Only employees who opted into coaching (`coaching_ok`) and have not withdrawn are ever read;
their posts are the mentions whose (source, lower-cased handle) they declared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ambassade.errors import StoreError
from store.connect import Store

_ELIGIBLE = "e.coaching_ok AND e.withdrawn_at IS NULL"
_POSTS = f"""
    SELECT m.id, m.source, m.text, m.url, m.created_at, m.lang, e.id AS employee_id, s.compound
    FROM employees e
    JOIN employee_handles h ON h.employee_id = e.id
    JOIN mentions m ON m.source = h.source AND lower(ltrim(m.author, '@')) = h.handle
    LEFT JOIN scores s ON s.mention_id = m.id
    WHERE {_ELIGIBLE} AND m.created_at >= ? AND m.created_at <= ?
"""


@dataclass(frozen=True)
class Post:
    """One public post by an employee who opted into coaching."""

    mention_id: str
    source: str
    text: str
    url: str | None
    created_at: datetime
    lang: str | None
    employee_id: str
    compound: float | None = None


def coaching_employee(store: Store, employee_id: str) -> tuple[str, str, str] | None:
    """(id, display name, team) if the employee opted into coaching and has not withdrawn."""
    rows = store.query(
        f"SELECT e.id, e.display_name, e.team FROM employees e WHERE e.id = ? AND {_ELIGIBLE}",
        [employee_id],
    )
    return tuple(rows[0]) if rows else None


def employee_posts(store: Store, employee_id: str, since: datetime, until: datetime,
                   limit: int = 200) -> list[Post]:
    """The employee's posts in [since, until], newest first (none if not opted in)."""
    rows = store.query(_POSTS + " AND e.id = ? ORDER BY m.created_at DESC LIMIT ?",
                       [since, until, employee_id, limit])
    return [Post(*row) for row in rows]


def team_group(store: Store, team: str) -> list[str]:
    """Ids of the team's employees who opted into coaching and have not withdrawn."""
    rows = store.query(f"SELECT e.id FROM employees e WHERE e.team = ? AND {_ELIGIBLE} ORDER BY e.id", [team])
    return [row[0] for row in rows]


def team_posts(store: Store, team: str, since: datetime, until: datetime, limit: int = 5000) -> list[Post]:
    """Posts in [since, until] of the team's coaching-eligible employees."""
    rows = store.query(_POSTS + " AND e.team = ? ORDER BY m.created_at DESC LIMIT ?",
                       [since, until, team, limit])
    return [Post(*row) for row in rows]


def table_exists(store: Store, name: str) -> bool:
    """Whether the database has a table of that name."""
    rows = store.query("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])
    return bool(rows and rows[0][0])


def advocacy_class(store: Store, employee_id: str) -> tuple[str, float | None, float | None] | None:
    """(class, confidence, score) from the scoring engine's `advocacy` table, if it exists and has a row."""
    if not table_exists(store, "advocacy"):
        return None
    try:
        rows = store.query(
            "SELECT class, confidence, score FROM advocacy "
            "WHERE subject_kind = 'employee' AND subject_id = ? LIMIT 1",
            [employee_id],
        )
    except StoreError:  # an older or newer shape of the table: no class rather than no coaching
        return None
    if not rows or rows[0][0] is None:
        return None
    cls, confidence, score = rows[0]
    return str(cls), _float(confidence), _float(score)


def _float(value) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None
