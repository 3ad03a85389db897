"""Managers see team aggregates of at least `min_group_size` people, and only the names of people who agreed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ambassade.model import Mention
from store.coaching import team_posts
from store.managers import team_participation, team_top_content, teams
from store.mentions import insert_mentions
from store.programme import Content, Employee, Share, insert_shares, upsert_content, upsert_employees

NOW = datetime(2026, 11, 20, tzinfo=timezone.utc)
START, END = NOW - timedelta(days=30), NOW
CONTENT = Content(url="https://l.fr/a", canonical_url="https://l.fr/a", title="Nouvelle boutique")


def staff(db, team: str, n: int, named: int = 0, withdrawn: int = 0, coaching: bool = False) -> None:
    people = [Employee(f"emp:{team}-{i}", f"{team.title()} {i}", team, NOW - timedelta(days=90),
                       {"x": f"{team}_{i}"}, named_ok=i < named, coaching_ok=coaching,
                       withdrawn_at=NOW - timedelta(days=1) if i >= n - withdrawn else None)
              for i in range(n)]
    posts = [Mention(source="x", native_id=f"{team}{i}", author=f"{team}_{i}", author_id=None,
                     text="Lemoine https://l.fr/a", url=None, created_at=NOW - timedelta(days=2))
             for i in range(n)]
    with db.transaction():
        upsert_employees(db, people)
        upsert_content(db, [CONTENT])
        insert_mentions(db, posts)
        insert_shares(db, [Share(m.id, e.id, CONTENT.id, "x", m.created_at) for m, e in zip(posts, people)])


def test_a_team_below_the_minimum_gets_nothing(db):
    staff(db, "lyon", 4, named=4)
    assert team_participation(db, "lyon", START, END, min_group_size=5) is None
    assert team_top_content(db, "lyon", START, END, min_group_size=5) is None


def test_withdrawn_people_do_not_count_towards_the_minimum(db):
    staff(db, "lyon", 6, withdrawn=2)
    assert team_participation(db, "lyon", START, END, min_group_size=5) is None
    assert team_participation(db, "lyon", START, END, min_group_size=4).people == 4


def test_a_large_enough_team_gets_aggregates_and_only_the_names_of_those_who_agreed(db):
    staff(db, "paris", 6, named=2)
    summary = team_participation(db, "paris", START, END, min_group_size=5)
    assert (summary.people, summary.active, summary.shares, summary.clicks) == (6, 6, 6, 0)
    assert summary.named["display_name"].tolist() == ["Paris 0", "Paris 1"]
    assert set(summary.named.columns) == {"display_name", "shares", "clicks"}
    top = team_top_content(db, "paris", START, END, min_group_size=5)
    assert top.to_dict("records") == [{"title": "Nouvelle boutique", "shares": 6}]


def test_team_names_never_carry_people(db):
    staff(db, "paris", 5)
    staff(db, "lyon", 2)
    assert teams(db) == ["lyon", "paris"]


def test_coaching_themes_of_a_small_team_read_no_posts(db):
    staff(db, "lyon", 4, coaching=True)
    staff(db, "paris", 5, coaching=True)
    assert team_posts(db, "lyon", START, END, min_group_size=5) == []
    assert len(team_posts(db, "paris", START, END, min_group_size=5)) == 5
