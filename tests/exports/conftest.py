"""A crafted programme: teams of chosen sizes, who agreed to be named, their shares and clicks in one week."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from ambassade.model import Mention
from exports.options import WeeklyOptions
from exports.weeks import Week
from store.programme import (Click, Content, Employee, Share, ShareLink, insert_clicks, insert_share_links,
                             insert_shares, upsert_content, upsert_employees)

WEEK = Week(2026, 47, "Europe/Paris")                  # Mon 16 – Sun 22 Nov 2026
IN_WEEK = WEEK.start + timedelta(days=2, hours=10)
CONTENT = Content(url="https://maisonlemoine.fr/a", canonical_url="https://maisonlemoine.fr/a",
                  title="=HYPERLINK(\"http://evil\",\"Nouvelle boutique\")")


def add_team(db, team: str, size: int, named: int = 0, shares_each: int = 1, clicks_each: int = 2,
             coaching: bool = False, texts: list[str] | None = None) -> list[Employee]:
    """`size` enrolled people; the first `named` agreed to be named; each shares and gets clicks."""
    handle = re.sub(r"[^a-z0-9]+", "_", team.lower().encode("ascii", "ignore").decode())
    people = [Employee(f"emp:{team}-{i}", f"{team.title()} Person{i}", team, WEEK.start - timedelta(days=60),
                       {"x": f"{handle}_p{i}"}, named_ok=i < named, coaching_ok=coaching)
              for i in range(size)]
    posts, shares, links, clicks = [], [], [], []
    for i, person in enumerate(people):
        for j in range(shares_each):
            text = (texts[i % len(texts)] if texts else "Lemoine") + " https://maisonlemoine.fr/a"
            post = Mention(source="x", native_id=f"{team}-{i}-{j}", author=f"{handle}_p{i}", author_id=None,
                           text=text, url=None, created_at=IN_WEEK + timedelta(minutes=j))
            posts.append(post)
            shares.append(Share(post.id, person.id, CONTENT.id, "x", post.created_at))
        code = f"code{team}{i}"
        links.append(ShareLink(code, person.id, CONTENT.id, "x", WEEK.start))
        clicks += [Click(f"k-{code}-{n}", code, IN_WEEK + timedelta(hours=n)) for n in range(clicks_each)]
    from store.mentions import insert_mentions
    with db.transaction():
        upsert_employees(db, people)
        upsert_content(db, [CONTENT])
        insert_mentions(db, posts)
        insert_shares(db, shares)
        insert_share_links(db, links)
        insert_clicks(db, clicks)
    return people


@pytest.fixture
def options() -> WeeklyOptions:
    return WeeklyOptions(cost_per_click=0.5, currency="EUR")


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
