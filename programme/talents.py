"""Talents and "who to ask": the comms team searches a topic, gets people who agreed to be
recognised and the teams that work on the same subject (README "The programme").

The rules (who may appear, what "well received" means) live in `store/talents.py`; this
module checks the question and shapes the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ambassade.errors import InputError
from ambassade.settings import Settings
from store.connect import Store
from store.talents import TalentRow, TeamRow, topic_talents, topic_teams

MAX_TOPIC = 100


@dataclass(frozen=True)
class WhoToAsk:
    topic: str
    days: int
    people: list[TalentRow] = field(default_factory=list)
    teams: list[TeamRow] = field(default_factory=list)
    other_teams_shares: int = 0          # shares of teams smaller than [privacy] min_group_size

    def as_json(self) -> dict:
        return {
            "topic": self.topic, "days": self.days,
            "people": [{"id": p.employee_id, "display_name": p.display_name, "team": p.team,
                        "shares": p.shares, "well_received": p.well_received, "clicks": p.clicks}
                       for p in self.people],
            "teams": [{"team": t.team, "shares": t.shares, "people": t.people} for t in self.teams],
            "other_teams_shares": self.other_teams_shares,
        }


def clean_topic(topic: str) -> str:
    """A topic as the library stores tags (trimmed, lower-case); InputError when empty or huge."""
    clean = " ".join((topic or "").split()).lower().lstrip("#")
    if not clean:
        raise InputError("name a topic, e.g. `ambassade talents recrutement`")
    if len(clean) > MAX_TOPIC or not clean.isprintable():
        raise InputError(f"topic {clean[:40]!r}…: at most {MAX_TOPIC} printable characters")
    return clean


def who_to_ask(db: Store, settings: Settings, topic: str, now: datetime, days: int = 365,
               limit: int = 20) -> WhoToAsk:
    """Who shares about `topic` and is well received (only people who agreed), and which teams."""
    topic = clean_topic(topic)
    if not 1 <= days <= 3650:
        raise InputError(f"--days {days}: between 1 and 3650")
    since = now - timedelta(days=days)
    teams, others = topic_teams(db, topic, since, settings.privacy.min_group_size)
    return WhoToAsk(topic, days, topic_talents(db, topic, since, limit), teams, others)
