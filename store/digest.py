"""The employees' weekly digest: who receives it, what is newly approved, and its journal.

Recipients are `digest_employees` (migration 0011): enrolled, with the "shares" scope and the
"digest" scope. `digest_sends` holds one row per week and person, `digest_posts` one row per
week for the team-chat post, so nothing is sent twice and a failure is retried and reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.connect import Store


@dataclass(frozen=True)
class Recipient:
    id: str
    display_name: str
    email: str | None
    lang: str | None


@dataclass(frozen=True)
class Send:
    week: str
    employee_id: str
    status: str                  # sent | failed | empty
    attempts: int
    last_error: str | None


@dataclass(frozen=True)
class Post:
    week: str
    since: datetime | None
    until: datetime
    items: int
    status: str                  # sent | failed | empty
    attempts: int
    last_error: str | None


@dataclass(frozen=True)
class Approved:
    content_id: str
    title: str
    url: str
    approved_at: datetime


def recipients(db: Store) -> list[Recipient]:
    """Everyone who chose the digest (and the shares scope), by id."""
    return [Recipient(*row) for row in db._rows(
        "SELECT id, display_name, email, lang FROM digest_employees ORDER BY id")]


def sends(db: Store, week: str) -> dict[str, Send]:
    """The week's journal, by employee id."""
    rows = db._rows("SELECT week, employee_id, status, attempts, last_error FROM digest_sends "
                    "WHERE week = ?", [week])
    return {row[1]: Send(*row) for row in rows}


def record_send(db: Store, week: str, employee_id: str, status: str, error: str | None,
                now: datetime) -> None:
    """Count one attempt for one person and its outcome (in the caller's transaction)."""
    db._rows(
        """
        INSERT INTO digest_sends VALUES (?, ?, ?, 1, ?, ?)
        ON CONFLICT (week, employee_id) DO UPDATE SET status = excluded.status,
            attempts = digest_sends.attempts + 1, last_error = excluded.last_error,
            updated_at = excluded.updated_at
        """, [week, employee_id, status, error, now])


def post(db: Store, week: str) -> Post | None:
    rows = db._rows("SELECT week, since, until, items, status, attempts, last_error FROM digest_posts "
                    "WHERE week = ?", [week])
    return Post(*rows[0]) if rows else None


def last_post_until(db: Store, before_week: str) -> datetime | None:
    """Where the previous successful (or empty) post stopped: the next one starts there."""
    rows = db._rows("SELECT max(until) FROM digest_posts WHERE status IN ('sent', 'empty') AND week < ?",
                    [before_week])
    return rows[0][0] if rows else None


def record_post(db: Store, week: str, since: datetime | None, until: datetime, items: int, status: str,
                error: str | None, now: datetime) -> None:
    """Count one attempt of the week's post; its bounds are kept from the first attempt."""
    db._rows(
        """
        INSERT INTO digest_posts VALUES (?, ?, ?, ?, ?, 1, ?, ?)
        ON CONFLICT (week) DO UPDATE SET status = excluded.status, items = excluded.items,
            attempts = digest_posts.attempts + 1, last_error = excluded.last_error,
            updated_at = excluded.updated_at
        """, [week, since, until, items, status, error, now])


def approved_between(db: Store, since: datetime | None, until: datetime, now: datetime,
                     limit: int = 20) -> list[Approved]:
    """Items approved in (since, until] and still offered at `now`, newest approval first."""
    rows = db._rows(
        """
        SELECT c.id, c.title, c.canonical_url, max(d.decided_at) AS approved_at
        FROM content c JOIN content_decisions d ON d.content_id = c.id AND d.state = 'approved'
        WHERE content_state(c.state, c.expires_at, $now) = 'approved'
          AND ($since IS NULL OR d.decided_at > $since) AND d.decided_at <= $until
        GROUP BY 1, 2, 3 ORDER BY approved_at DESC, 1 LIMIT $limit
        """, {"since": since, "until": until, "now": now, "limit": limit})
    return [Approved(*row) for row in rows]
