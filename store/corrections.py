"""Corrections by the team: a mention's sentiment set by a comms admin, or the mention marked
irrelevant (not about the brand). Every correction is kept with who and when; the latest wins
in every read through the schema's `effective_scores` and `brand_mentions` views (0015)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from ambassade.errors import InputError

from store import daily
from store.connect import Store

LABELS = ("positive", "neutral", "negative")
MAX_BY = 200


@dataclass(frozen=True)
class Correction:
    """One stored correction."""

    mention_id: str
    label: str | None            # positive | neutral | negative; None when irrelevant
    irrelevant: bool
    corrected_by: str
    corrected_at: datetime


def correct(db: Store, mention_id: str, *, label: str | None = None, irrelevant: bool = False,
            by: str, at: datetime | None = None) -> Correction:
    """Record a correction of `mention_id` (a sentiment `label`, or `irrelevant`) by `by`.

    InputError for an unknown mention, a label outside LABELS, both or neither of label and
    irrelevant, or an empty or overlong name. Runs in the caller's transaction.
    """
    if (label is None) == (not irrelevant):
        raise InputError("give either a sentiment (positive, neutral, negative) or irrelevant")
    if label is not None and label not in LABELS:
        raise InputError(f"unknown sentiment {label[:40]!r} (positive, neutral or negative)")
    by = " ".join((by or "").split())
    if not by or len(by) > MAX_BY or not by.isprintable():
        raise InputError(f"who corrects: a name of 1 to {MAX_BY} printable characters")
    if not db._rows("SELECT 1 FROM mentions WHERE id = ?", [mention_id]):
        raise InputError(f"no mention {mention_id[:120]!r}")
    at = at or datetime.now(timezone.utc)
    db._rows("INSERT INTO corrections (mention_id, label, irrelevant, corrected_by, corrected_at) "
             "VALUES (?, ?, ?, ?, ?)", [mention_id, label, irrelevant, by, at])
    daily.recount_mentions(db, [mention_id])      # its day's counts (migration 0021)
    return Correction(mention_id, label, irrelevant, by, at)


def latest(db: Store, mention_id: str) -> Correction | None:
    """The correction in force for `mention_id`, if any."""
    rows = db._rows("SELECT mention_id, label, irrelevant, corrected_by, corrected_at "
                    "FROM latest_corrections WHERE mention_id = ?", [mention_id])
    return Correction(*rows[0]) if rows else None


def agreement_rows(db: Store) -> list[tuple[str, str, str | None, str, float | None]]:
    """(mention_id, text, lang, corrected label, the scorer's own brand-targeted compound or
    None if unscored) of every mention whose correction in force is a sentiment: what the
    scorer's evaluation compares with (bench/eval_sentiment.py --db)."""
    return db._rows(
        """
        SELECT m.id, m.text, m.lang, c.label, coalesce(s.brand_compound, s.compound)
        FROM latest_corrections c
        JOIN mentions m ON m.id = c.mention_id
        LEFT JOIN scores s ON s.mention_id = m.id
        WHERE c.label IS NOT NULL ORDER BY m.id
        """
    )
