"""ISO weeks in the brand's time zone."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ambassade.errors import InputError
from exports.weeks import Week, last_complete_week, parse_week

PARIS = "Europe/Paris"


def test_a_week_runs_from_monday_midnight_local_time():
    week = Week(2026, 48, PARIS)
    assert week.start == datetime(2026, 11, 22, 23, tzinfo=timezone.utc)   # Mon 23 Nov 00:00 CET
    assert week.end == datetime(2026, 11, 29, 23, tzinfo=timezone.utc)
    assert week.previous() == Week(2026, 47, PARIS)
    assert Week(2027, 1, PARIS).previous() == Week(2026, 53, PARIS)


def test_the_last_complete_week_depends_on_the_local_time():
    # Sunday 29 Nov, 23:30 in Paris is 22:30 UTC: week 48 has not ended there yet.
    assert last_complete_week(datetime(2026, 11, 29, 22, 30, tzinfo=timezone.utc), PARIS).label == "2026-W47"
    assert last_complete_week(datetime(2026, 11, 29, 23, 30, tzinfo=timezone.utc), PARIS).label == "2026-W48"
    assert last_complete_week(datetime(2026, 11, 29, 23, 30, tzinfo=timezone.utc), "UTC").label == "2026-W47"
    assert last_complete_week(datetime(2026, 11, 30, 0, 0, tzinfo=timezone.utc), "UTC").label == "2026-W48"


@pytest.mark.parametrize("text, message", [
    ("2026-48", "expected YYYY-Www"), ("W48", "expected YYYY-Www"), ("2026-W5", "expected YYYY-Www"),
    ("2025-W53", "has no ISO week 53"), ("2026-W00", "has no ISO week 0"), ("x" * 10_000, "expected"),
    ("2026-W49", "has not ended yet"), ("2099-W01", "has not ended yet"),
])
def test_malformed_impossible_or_unfinished_weeks_are_refused(text, message):
    with pytest.raises(InputError, match=message):
        parse_week(text, PARIS, datetime(2026, 12, 1, 9, tzinfo=timezone.utc))


def test_a_finished_week_parses():
    assert parse_week(" 2026-W48 ", PARIS, datetime(2026, 12, 1, tzinfo=timezone.utc)) == Week(2026, 48, PARIS)
