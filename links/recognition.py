"""Recognition that drives emulation: a few badges from one's own activity. Opt-in for others
to see (the leaderboard names only people who agreed to be named); everyone sees their own."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Badge:
    id: str
    fr: str
    en: str


BADGES = [
    (Badge("first_share", "Premier partage", "First share"), lambda s: s["shares"] >= 1),
    (Badge("regular", "Régulier·e (3 semaines)", "Regular (3 weeks)"), lambda s: s["weeks"] >= 3),
    (Badge("multi_network", "Plusieurs réseaux", "Several networks"), lambda s: s["networks"] >= 2),
    (Badge("audience", "25 clics apportés", "25 clicks brought"), lambda s: s["clicks"] >= 25),
    (Badge("centurion", "100 clics apportés", "100 clicks brought"), lambda s: s["clicks"] >= 100),
]


def badges(stats: dict[str, int], lang: str = "fr") -> list[str]:
    """The names of the badges earned by one person's shares, weeks, networks and clicks."""
    return [getattr(badge, "en" if lang == "en" else "fr") for badge, earned in BADGES if earned(stats)]
