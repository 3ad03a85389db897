"""What a demo build produced: counts read back from the database it wrote."""

from __future__ import annotations

from dataclasses import dataclass, field

from store.connect import Store
from store.enrolment import state_counts
from store.health import inventory


@dataclass
class DemoSummary:
    """Counts of a built demo database."""

    mentions: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    by_lang: dict[str, int] = field(default_factory=dict)
    scored: int = 0
    negative: int = 0
    employees: int = 0                    # enrolled now
    invited: int = 0                      # invitations not accepted (yet)
    teams: int = 0
    content: int = 0
    share_links: int = 0
    shares: int = 0
    clicks: int = 0
    alerts: int = 0
    first_day: str | None = None
    last_day: str | None = None
    seconds: float = 0.0

    @property
    def scored_share(self) -> float:
        return self.scored / self.mentions if self.mentions else 0.0

    def describe(self) -> str:
        """One paragraph for the terminal."""
        sources = ", ".join(f"{n} {s}" for s, n in sorted(self.by_source.items()))
        langs = ", ".join(f"{n} {lang or '?'}" for lang, n in
                          sorted(self.by_lang.items(), key=lambda kv: -kv[1]))
        return (
            f"Demo database for Maison Lemoine (a fictional bakery chain): {self.mentions} "
            f"mentions from {self.first_day} to {self.last_day} ({sources}; languages: {langs}), "
            f"{self.scored} scored ({self.scored_share:.0%}), {self.negative} negative; "
            f"{self.employees} opted-in employees in {self.teams} teams ({self.invited} more invited), "
            f"{self.content} content "
            f"items, {self.share_links} share links, {self.shares} shares, {self.clicks} clicks, "
            f"{self.alerts} alerts. Built in {self.seconds:.1f} s."
        )


def summarise(store: Store, seconds: float = 0.0) -> DemoSummary:
    """Read the counts back from `store`."""
    found = inventory(store)
    rows = found.rows
    people = state_counts(store)
    return DemoSummary(
        mentions=sum(found.by_source.values()), by_source=found.by_source, by_lang=found.by_lang,
        scored=found.scored, negative=found.negative, employees=people["enrolled"], invited=people["invited"],
        teams=found.teams, content=rows.get("content", 0), share_links=rows.get("share_links", 0),
        shares=rows.get("shares", 0), clicks=rows.get("clicks", 0), alerts=rows.get("alerts", 0),
        first_day=found.first_day, last_day=found.last_day, seconds=seconds,
    )
