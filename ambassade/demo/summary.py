"""What a demo build produced: counts read back from the database it wrote."""

from __future__ import annotations

from dataclasses import dataclass, field

from store.connect import Store

# Where the scoring package may keep its alerts; the first that exists is counted.
ALERT_TABLES = ("alerts", "spikes", "signals")


@dataclass
class DemoSummary:
    """Counts of a built demo database."""

    mentions: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    by_lang: dict[str, int] = field(default_factory=dict)
    scored: int = 0
    negative: int = 0
    employees: int = 0
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
            f"{self.employees} opted-in employees in {self.teams} teams, {self.content} content "
            f"items, {self.share_links} share links, {self.shares} shares, {self.clicks} clicks, "
            f"{self.alerts} alerts. Built in {self.seconds:.1f} s."
        )


def summarise(store: Store, seconds: float = 0.0) -> DemoSummary:
    """Read the counts back from `store`."""
    def one(sql: str) -> int:
        return int(store.query(sql)[0][0] or 0)

    summary = DemoSummary(seconds=seconds)
    summary.by_source = dict(store.query("SELECT source, count(*) FROM mentions GROUP BY 1"))
    summary.by_lang = dict(store.query("SELECT lang, count(*) FROM mentions GROUP BY 1"))
    summary.mentions = sum(summary.by_source.values())
    summary.scored = one("SELECT count(*) FROM scores s JOIN mentions m ON m.id = s.mention_id")
    summary.negative = one("SELECT count(*) FROM scores WHERE label = 'negative'")
    summary.employees = one("SELECT count(*) FROM employees")
    summary.teams = one("SELECT count(DISTINCT team) FROM employees")
    summary.content = one("SELECT count(*) FROM content")
    summary.share_links = one("SELECT count(*) FROM share_links")
    summary.shares = one("SELECT count(*) FROM shares")
    summary.clicks = one("SELECT count(*) FROM clicks")
    first, last = store.query("SELECT min(created_at)::DATE, max(created_at)::DATE FROM mentions")[0]
    summary.first_day, summary.last_day = (str(first) if first else None,
                                           str(last) if last else None)
    tables = {row[0] for row in store.query("SELECT table_name FROM information_schema.tables")}
    for name in ALERT_TABLES:
        if name in tables:
            summary.alerts = one(f"SELECT count(*) FROM {name}")
            break
    return summary
