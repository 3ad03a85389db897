"""Reads for charter coaching: an opted-in employee's recent public posts, their advocacy class, team groups.

Only employees who opted into coaching and are enrolled (`coaching_employees`) are ever read;
their posts are the store's `employee_posts`, the rule that erasure and signals use too. Team
reads are manager-facing: below the minimum group size they return nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.connect import Store

_POSTS = """
    SELECT m.id, m.source, m.text, m.url, m.created_at, m.lang, e.id AS employee_id, s.compound
    FROM coaching_employees e
    JOIN employee_posts m ON m.employee_id = e.id
    LEFT JOIN effective_scores s ON s.mention_id = m.id
    WHERE m.created_at >= ? AND m.created_at <= ?
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


def coaching_employee(db: Store, employee_id: str) -> tuple[str, str, str] | None:
    """(id, display name, team) if the employee opted into coaching and has not withdrawn."""
    rows = db._rows("SELECT id, display_name, team FROM coaching_employees WHERE id = ?", [employee_id])
    return tuple(rows[0]) if rows else None


def employee_posts(db: Store, employee_id: str, since: datetime, until: datetime,
                   limit: int = 200) -> list[Post]:
    """The employee's posts in [since, until], newest first (none if not opted in)."""
    rows = db._rows(_POSTS + " AND e.id = ? ORDER BY m.created_at DESC LIMIT ?",
                    [since, until, employee_id, limit])
    return [Post(*row) for row in rows]


def team_group_size(db: Store, team: str) -> int:
    """How many of the team's employees opted into coaching and are enrolled."""
    return int(db._rows("SELECT count(*) FROM coaching_employees WHERE team = ?", [team])[0][0])


def team_posts(db: Store, team: str, since: datetime, until: datetime, min_group_size: int,
               limit: int = 5000) -> list[Post]:
    """Posts in [since, until] of the team's coaching-eligible employees; [] when they are
    fewer than `min_group_size` (a small group's themes would point at a person)."""
    if team_group_size(db, team) < max(min_group_size, 1):
        return []
    rows = db._rows(_POSTS + " AND e.team = ? ORDER BY m.created_at DESC LIMIT ?",
                    [since, until, team, limit])
    return [Post(*row) for row in rows]


def advocacy_class(db: Store, employee_id: str) -> tuple[str, float | None, float | None] | None:
    """(class, confidence, score) from the `advocacy` signals, if the employee has a row."""
    rows = db._rows(
        "SELECT class, confidence, score FROM advocacy "
        "WHERE subject_kind = 'employee' AND subject_id = ? LIMIT 1",
        [employee_id],
    )
    if not rows or rows[0][0] is None:
        return None
    cls, confidence, score = rows[0]
    return str(cls), _float(confidence), _float(score)


def _float(value) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None
