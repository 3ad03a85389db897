"""ISO weeks in the brand's time zone: parsing `YYYY-Www` and the last complete week."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from ambassade.errors import InputError

_WEEK = re.compile(r"(\d{4})-W(\d{2})")


@dataclass(frozen=True)
class Week:
    """One ISO week: Monday 00:00 to the next Monday 00:00, local time, as UTC instants."""

    year: int
    number: int
    tz: str

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.monday, time(), ZoneInfo(self.tz)).astimezone(timezone.utc)

    @property
    def end(self) -> datetime:
        following = self.monday + timedelta(days=7)
        return datetime.combine(following, time(), ZoneInfo(self.tz)).astimezone(timezone.utc)

    def previous(self) -> Week:
        year, number, _ = (self.monday - timedelta(days=7)).isocalendar()
        return Week(year, number, self.tz)


def last_complete_week(now: datetime, tz: str) -> Week:
    """The most recent ISO week that has ended at `now`, in time zone `tz`."""
    local = now.astimezone(ZoneInfo(tz)).date()
    year, number, _ = (local - timedelta(days=local.isoweekday())).isocalendar()
    return Week(year, number, tz)


def parse_week(text: str, tz: str, now: datetime) -> Week:
    """`YYYY-Www` (ISO 8601) as a Week; InputError for a malformed, impossible or unfinished week."""
    match = _WEEK.fullmatch(text.strip())
    if not match:
        raise InputError(f"--week {text[:40]!r}: expected YYYY-Www, e.g. 2026-W47")
    year, number = int(match.group(1)), int(match.group(2))
    try:
        date.fromisocalendar(year, number, 1)
    except ValueError:
        raise InputError(f"--week {text[:40]!r}: {year} has no ISO week {number}") from None
    week = Week(year, number, tz)
    if week.end > now:
        raise InputError(f"--week {week.label} has not ended yet (the last complete week is "
                         f"{last_complete_week(now, tz).label})")
    return week
