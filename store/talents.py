"""Talents and "who to ask": who shares on a topic and is well received, and which teams share on it.

Recognition is the "named" scope (`named_ok`: named in exports and leaderboards). A person
appears by name here only when enrolled with both "shares" (their shares are read at all)
and "named" (they agreed to be recognised). Teams are listed with counts only, and only teams
with at least `min_group_size` enrolled members, so a count never points at one person.
"Well received" means human clicks (`clicks`; bots and repeats stay in `link_hits`) on the
person's own share links for the item they shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.connect import Store

# Per person and shared item on the topic: their shares and the human clicks on their links to it.
_PER_ITEM = """
    WITH topic_shares AS (
        SELECT s.employee_id, s.content_id, count(*) AS shares
        FROM shares s JOIN content c ON c.id = s.content_id
        WHERE list_contains(c.tags, $topic) AND s.shared_at >= $since
        GROUP BY 1, 2),
    item_clicks AS (
        SELECT l.employee_id, l.content_id, count(*) AS clicks
        FROM clicks k JOIN share_links l ON l.code = k.code
        WHERE k.clicked_at >= $since
        GROUP BY 1, 2)
    SELECT t.employee_id, t.content_id, t.shares, coalesce(i.clicks, 0) AS clicks
    FROM topic_shares t
    LEFT JOIN item_clicks i ON i.employee_id = t.employee_id AND i.content_id = t.content_id
"""


@dataclass(frozen=True)
class TalentRow:
    employee_id: str
    display_name: str
    team: str
    shares: int
    well_received: int          # items shared on the topic whose links got at least one human click
    clicks: int


@dataclass(frozen=True)
class TeamRow:
    team: str
    shares: int
    people: int                 # enrolled people of the team who shared on the topic


def topic_talents(db: Store, topic: str, since: datetime, limit: int = 20) -> list[TalentRow]:
    """People who agreed to be recognised, ranked by well-received shares on `topic`, then clicks."""
    rows = db._rows(
        f"""
        WITH per_item AS ({_PER_ITEM})
        SELECT e.id, e.display_name, e.team, sum(p.shares)::BIGINT,
               count(*) FILTER (p.clicks > 0), sum(p.clicks)::BIGINT
        FROM per_item p JOIN sharing_employees e ON e.id = p.employee_id
        WHERE e.named_ok
        GROUP BY 1, 2, 3
        ORDER BY 5 DESC, 6 DESC, 4 DESC, 2, 1
        LIMIT $limit
        """, {"topic": topic, "since": since, "limit": limit})
    return [TalentRow(*row) for row in rows]


def topic_teams(db: Store, topic: str, since: datetime, min_group_size: int) -> tuple[list[TeamRow], int]:
    """Teams sharing on `topic` (most shares first) and the shares of smaller teams, counted together."""
    rows = db._rows(
        f"""
        WITH per_item AS ({_PER_ITEM}),
        sizes AS (SELECT team, count(*) AS size FROM enrolled_employees GROUP BY 1)
        SELECT e.team, sum(p.shares)::BIGINT, count(DISTINCT e.id), any_value(z.size)
        FROM per_item p JOIN sharing_employees e ON e.id = p.employee_id
        JOIN sizes z ON z.team = e.team
        GROUP BY 1
        ORDER BY 2 DESC, 1
        """, {"topic": topic, "since": since})
    teams = [TeamRow(team, shares, people) for team, shares, people, size in rows if size >= min_group_size]
    others = sum(shares for _, shares, _, size in rows if size < min_group_size)
    return teams, int(others)


def talent_topics(db: Store, employee_id: str, since: datetime, limit: int = 10) -> list[tuple[str, int, int]]:
    """A recognised person's topics: (topic, shares, human clicks), best received first;
    [] for anyone who did not agree to be recognised."""
    return [tuple(row) for row in db._rows(
        """
        WITH mine AS (
            SELECT s.content_id, count(*) AS shares FROM shares s
            JOIN sharing_employees e ON e.id = s.employee_id
            WHERE s.employee_id = $id AND e.named_ok AND s.shared_at >= $since GROUP BY 1),
        clicked AS (
            SELECT l.content_id, count(*) AS clicks FROM clicks k JOIN share_links l ON l.code = k.code
            WHERE l.employee_id = $id AND k.clicked_at >= $since GROUP BY 1)
        SELECT tag, sum(m.shares)::BIGINT, sum(coalesce(k.clicks, 0))::BIGINT
        FROM mine m JOIN content c ON c.id = m.content_id
        LEFT JOIN clicked k ON k.content_id = m.content_id, unnest(c.tags) AS t(tag)
        GROUP BY 1 ORDER BY 3 DESC, 2 DESC, 1 LIMIT $limit
        """, {"id": employee_id, "since": since, "limit": limit})]
