"""Manager-facing reads: team aggregates only, and only for teams of at least `min_group_size`.

The rule is enforced here, in the store, so that no caller (page, export, command) can get the
figures of a small team or the name of anyone who did not agree to be named (`named_ok`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from store.connect import Store

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class TeamParticipation:
    """One team's participation in a window: counts, and per-person rows of named people only."""

    team: str
    people: int              # enrolled members
    active: int              # members who shared at least once
    shares: int
    clicks: int
    named: pd.DataFrame      # display_name, shares, clicks of members who agreed to be named


def teams(db: Store) -> list[str]:
    """Teams with at least one enrolled member (names of teams, never of people)."""
    return [row[0] for row in db._rows("SELECT DISTINCT team FROM enrolled_employees ORDER BY 1")]


def team_size(db: Store, team: str) -> int:
    """How many enrolled people the team has."""
    return int(db._rows("SELECT count(*) FROM enrolled_employees WHERE team = ?", [team])[0][0])


_PER_PERSON = """
    WITH sh AS (SELECT employee_id, count(*) AS shares FROM shares
                WHERE shared_at >= $start AND shared_at < $end GROUP BY 1),
         cl AS (SELECT l.employee_id, count(*) AS clicks FROM clicks c
                JOIN share_links l ON l.code = c.code
                WHERE c.clicked_at >= $start AND c.clicked_at < $end GROUP BY 1)
    SELECT e.display_name, e.named_ok, coalesce(sh.shares, 0) AS shares,
           coalesce(cl.clicks, 0) AS clicks
    FROM enrolled_employees e LEFT JOIN sh ON sh.employee_id = e.id
    LEFT JOIN cl ON cl.employee_id = e.id
    WHERE e.team = $team
"""


def team_participation(db: Store, team: str, start: datetime, end: datetime,
                       min_group_size: int) -> TeamParticipation | None:
    """The team's participation in [start, end); None when it has fewer than `min_group_size`
    enrolled people."""
    if team_size(db, team) < max(min_group_size, 1):
        return None
    params = {"start": start, "end": end, "team": team}
    totals = db._rows(
        f"SELECT count(*), count(*) FILTER (WHERE shares > 0), coalesce(sum(shares), 0), "
        f"coalesce(sum(clicks), 0) FROM ({_PER_PERSON})", params)[0]
    named = db._frame(
        f"SELECT display_name, shares, clicks FROM ({_PER_PERSON}) WHERE named_ok "
        "ORDER BY shares DESC, clicks DESC, display_name", params)
    return TeamParticipation(team, int(totals[0]), int(totals[1]), int(totals[2]), int(totals[3]),
                             named)


def team_top_content(db: Store, team: str, start: datetime, end: datetime, min_group_size: int,
                     limit: int = 10) -> pd.DataFrame | None:
    """The content the team shared most in [start, end); None for a team below `min_group_size`."""
    if team_size(db, team) < max(min_group_size, 1):
        return None
    return db._frame(
        """
        SELECT c.title, count(*) AS shares FROM shares s
        JOIN enrolled_employees e ON e.id = s.employee_id JOIN content c ON c.id = s.content_id
        WHERE e.team = ? AND s.shared_at >= ? AND s.shared_at < ?
        GROUP BY ALL ORDER BY shares DESC, c.title LIMIT ?
        """,
        [team, start, end, limit],
    )


@dataclass(frozen=True)
class TeamWeek:
    """A team's figures for one window (the weekly summary's row)."""

    team: str
    invited: int                 # everyone the programme invited, whatever they answered
    enrolled: int
    active: int                  # enrolled members who shared at least once
    shares: int
    clicks: int
    reach: int                   # followers of the accounts that shared, where the network gives them
    mentions: int                # the members' collected posts (each names the brand, its content or a code)
    positive: int
    neutral: int
    negative: int
    named: pd.DataFrame          # display_name, shares, clicks of members who agreed to be named


def team_week(db: Store, team: str, start: datetime, end: datetime,
              min_group_size: int) -> TeamWeek | None:
    """The team's summary for [start, end); None below `min_group_size` enrolled people."""
    people = team_participation(db, team, start, end, min_group_size)
    if people is None:
        return None
    params = {"start": start, "end": end, "team": team}
    reach = db._rows(
        """
        SELECT coalesce(sum(a.followers), 0) FROM shares s
        JOIN enrolled_employees e ON e.id = s.employee_id AND e.team = $team
        JOIN mentions m ON m.id = s.mention_id
        LEFT JOIN authors a ON a.id = author_key(m.source, m.author_id, m.author)
        WHERE s.shared_at >= $start AND s.shared_at < $end
        """, params)[0][0]
    tone = db._rows(
        """
        SELECT count(*),
               count(*) FILTER (WHERE coalesce(s.brand_compound, s.compound) >= 0.05),
               count(*) FILTER (WHERE coalesce(s.brand_compound, s.compound) > -0.05
                                  AND coalesce(s.brand_compound, s.compound) < 0.05),
               count(*) FILTER (WHERE coalesce(s.brand_compound, s.compound) <= -0.05)
        FROM employee_posts m
        JOIN enrolled_employees e ON e.id = m.employee_id AND e.team = $team
        LEFT JOIN effective_scores s ON s.mention_id = m.id   -- the team's corrections win
        WHERE m.created_at >= $start AND m.created_at < $end
        """, params)[0]
    invited = db._rows("SELECT count(*) FROM employees WHERE team = $team", {"team": team})[0][0]
    return TeamWeek(team, int(invited), people.people, people.active, people.shares, people.clicks,
                    int(reach), *(int(n) for n in tone), named=people.named)


def content_week(db: Store, team: str, start: datetime, end: datetime,
                 min_group_size: int) -> list[tuple] | None:
    """(title, url, shares, clicks, reach) of the content the team shared in [start, end), most
    shared first; None below `min_group_size` enrolled people."""
    if team_size(db, team) < max(min_group_size, 1):
        return None
    return db._rows(
        """
        WITH team AS (SELECT id FROM enrolled_employees WHERE team = $team),
        sh AS (SELECT s.content_id, count(*) AS shares, coalesce(sum(a.followers), 0) AS reach
               FROM shares s JOIN team ON team.id = s.employee_id
               JOIN mentions m ON m.id = s.mention_id
               LEFT JOIN authors a ON a.id = author_key(m.source, m.author_id, m.author)
               WHERE s.shared_at >= $start AND s.shared_at < $end GROUP BY 1),
        cl AS (SELECT l.content_id, count(*) AS clicks FROM clicks c
               JOIN share_links l ON l.code = c.code JOIN team ON team.id = l.employee_id
               WHERE c.clicked_at >= $start AND c.clicked_at < $end GROUP BY 1)
        SELECT c.title, c.url, coalesce(sh.shares, 0), coalesce(cl.clicks, 0), coalesce(sh.reach, 0)
        FROM content c LEFT JOIN sh ON sh.content_id = c.id LEFT JOIN cl ON cl.content_id = c.id
        WHERE sh.shares > 0 OR cl.clicks > 0
        ORDER BY 3 DESC, 4 DESC, c.title, c.url
        """, {"start": start, "end": end, "team": team})
