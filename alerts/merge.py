"""Alerts that overlap or follow one another closely (any source, 'all', any kind) are one incident.

The detector flags each source, 'all' and each kind apart, so one bad buzz gives a score of
rows; a comms team acts on the buzz. Alerts are grouped by time only: an alert joins the group
whose span it overlaps or follows by at most `gap` (a buzz that pauses overnight and resumes
the next morning is the same incident).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from store.incidents import AlertRow


@dataclass(frozen=True)
class Group:
    """Alerts merged into one incident."""

    alerts: tuple[AlertRow, ...]

    @property
    def id(self) -> str:
        """Stable while the incident grows: from its first alert (earliest start, then id)."""
        first = min(self.alerts, key=lambda a: (a.starts_at, a.id))
        return "incident:" + hashlib.sha256(first.id.encode()).hexdigest()[:16]

    @property
    def starts_at(self) -> datetime:
        return min(a.starts_at for a in self.alerts)

    @property
    def ends_at(self) -> datetime:
        return max(a.ends_at for a in self.alerts)

    @property
    def kinds(self) -> list[str]:
        """Kinds in a fixed order: volume first."""
        found = {a.kind for a in self.alerts}
        return [k for k in ("volume", "negative_share") if k in found] + sorted(found - {"volume", "negative_share"})

    @property
    def sources(self) -> list[str]:
        """The sources that alerted on their own ('all' is their sum, not a source)."""
        return sorted({a.source for a in self.alerts} - {"all"})

    @property
    def score(self) -> float:
        return max(a.score for a in self.alerts)


def merge_alerts(alerts: Sequence[AlertRow], gap: timedelta) -> list[Group]:
    """Groups of alerts whose spans overlap or are at most `gap` apart, oldest first."""
    groups: list[list[AlertRow]] = []
    end: datetime | None = None
    for alert in sorted(alerts, key=lambda a: (a.starts_at, a.id)):
        if groups and end is not None and alert.starts_at <= end + gap:
            groups[-1].append(alert)
            end = max(end, alert.ends_at)
        else:
            groups.append([alert])
            end = alert.ends_at
    return [Group(tuple(g)) for g in groups]


def severity(group: Group, spike_z: float, top_followers: int | None, influential_followers: int) -> str:
    """low | medium | high, one point each for: a volume spike, negative sentiment rising, an
    excess at least twice the alert threshold, an influential author in it; two points are
    medium, three or more high."""
    points = ("volume" in group.kinds) + ("negative_share" in group.kinds) + (group.score >= 2 * spike_z)
    if influential_followers and top_followers is not None and top_followers >= influential_followers:
        points += 1
    return "high" if points >= 3 else "medium" if points == 2 else "low"
