"""The journal of weekly-file deliveries: what was sent to whom, what failed and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.connect import Store


@dataclass(frozen=True)
class Delivery:
    week: str
    team: str
    recipient: str
    status: str                  # sent | failed
    attempts: int
    last_error: str | None


def delivery(db: Store, week: str, team: str, recipient: str) -> Delivery | None:
    rows = db._rows("SELECT week, team, recipient, status, attempts, last_error FROM deliveries "
                    "WHERE week = ? AND team = ? AND recipient = ?", [week, team, recipient])
    return Delivery(*rows[0]) if rows else None


def record_delivery(db: Store, week: str, team: str, recipient: str, status: str, error: str | None,
                    now: datetime) -> None:
    """Count one attempt and its outcome (in the caller's transaction)."""
    db._rows(
        """
        INSERT INTO deliveries VALUES (?, ?, ?, ?, 1, ?, ?)
        ON CONFLICT (week, team, recipient) DO UPDATE SET status = excluded.status,
            attempts = deliveries.attempts + 1, last_error = excluded.last_error,
            updated_at = excluded.updated_at
        """, [week, team, recipient, status, error, now])


def deliveries(db: Store, week: str) -> list[Delivery]:
    """Every delivery of a week, by team and recipient."""
    rows = db._rows("SELECT week, team, recipient, status, attempts, last_error FROM deliveries "
                    "WHERE week = ? ORDER BY team, recipient", [week])
    return [Delivery(*row) for row in rows]


def has_failures(db: Store, week: str) -> bool:
    """Whether some delivery of `week` failed and is still to retry."""
    return bool(db._rows("SELECT count(*) FROM deliveries WHERE week = ? AND status = 'failed'", [week])[0][0])
