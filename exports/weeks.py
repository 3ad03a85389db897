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
        return week_of(datetime.combine(self.monday - timedelta(days=7), time(12), ZoneInfo(self.tz)), self.tz)

    def following(self) -> Week:
        return week_of(datetime.combine(self.monday + timedelta(days=7), time(12), ZoneInfo(self.tz)), self.tz)

    def at(self, weekday: int, hour: int) -> datetime:
        """The local moment `weekday` (0 = Monday) at `hour`:00 of this week, as a UTC instant."""
        day = self.monday + timedelta(days=weekday)
        return datetime.combine(day, time(hour), ZoneInfo(self.tz)).astimezone(timezone.utc)


def week_of(moment: datetime, tz: str) -> Week:
    """The ISO week that `moment` falls in, in time zone `tz`."""
    year, number, _ = moment.astimezone(ZoneInfo(tz)).date().isocalendar()
    return Week(year, number, tz)


def last_complete_week(now: datetime, tz: str) -> Week:
    """The most recent ISO week that has ended at `now`, in time zone `tz`."""
    return week_of(now, tz).previous()


def recent_weeks(now: datetime, tz: str, count: int) -> list[Week]:
    """The `count` last complete weeks, newest first."""
    weeks = [last_complete_week(now, tz)]
    while len(weeks) < count:
        weeks.append(weeks[-1].previous())
    return weeks


def parse_week(text: str, tz: str, now: datetime, allow_current: bool = False) -> Week:
    """`YYYY-Www` (ISO 8601) as a Week; InputError for a malformed or impossible week, and for a
    week that has not ended yet (with `allow_current`, for one after the current week)."""
    match = _WEEK.fullmatch(text.strip())
    if not match:
        raise InputError(f"--week {text[:40]!r}: expected YYYY-Www, e.g. 2026-W47")
    year, number = int(match.group(1)), int(match.group(2))
    try:
        date.fromisocalendar(year, number, 1)
    except ValueError:
        raise InputError(f"--week {text[:40]!r}: {year} has no ISO week {number}") from None
    week = Week(year, number, tz)
    if allow_current and week.start > week_of(now, tz).start:
        raise InputError(f"--week {week.label}: is in the future")
    if not allow_current and week.end > now:
        raise InputError(f"--week {week.label} has not ended yet (the last complete week is "
                         f"{last_complete_week(now, tz).label})")
    return week
