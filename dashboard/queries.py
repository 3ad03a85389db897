"""The dashboard's gateway to the store: cached calls of named store functions.

Pages never open the database: they call these functions. Each opens one short read-only
connection (opening one costs 80–180 ms), calls the store, and is cached for a minute per
database file; every cached function takes the database path and its modification time, so a
new run of the collectors (or a test with another file) never sees stale or foreign results.
Arguments that start with "_" (a checker) are not part of the cache key: Streamlit's rule.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from ambassade.errors import StoreError
from charter.check import Checker
from charter.coaching import CoachingCard, Theme, employee_cards, team_themes
from store import health as health_store
from store import links as links_store
from store import listening, managers
from store import programme as programme_store
from ambassade.settings import resolve_db_path
from store import read_only
from store import signals as signals_store
from store.connect import Store
from store.listening import EXPLORER_LIMIT, MentionFilter
from exports.options import WeeklyOptions

CACHE_SECONDS = 60
T = TypeVar("T")

__all__ = ["EXPLORER_LIMIT", "database", "version", "safe", "window"]


def database() -> Path:
    """The database the dashboard serves (set by `ambassade dashboard` / `ambassade demo`)."""
    return resolve_db_path()


def version(db: Path) -> float:
    """A cache key that changes when the database file changes."""
    try:
        return db.stat().st_mtime
    except OSError:
        return 0.0


def _read(db: str, call: Callable[..., T], *args) -> T:
    with read_only(Path(db)) as store:
        return call(store, *args)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def bounds(db: str, _version: float) -> tuple[datetime | None, list[str], list[str], list[str]]:
    """Newest mention time, and the sources, languages and matched terms present."""
    found = _read(db, listening.bounds)
    return found.newest, found.sources, found.languages, found.terms


def window(newest: datetime | None, days: int) -> tuple[datetime, datetime]:
    """The [start, end) window of `days` full days ending with the newest data (or now)."""
    end = (newest or datetime.now(timezone.utc)).astimezone(timezone.utc)
    end = end.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return end - timedelta(days=days), end


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def daily(db: str, _version: float, start: datetime, end: datetime, sources: tuple[str, ...]) -> pd.DataFrame:
    """Mentions per day, source and sentiment label."""
    return _read(db, listening.daily_counts, start, end, sources)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def totals(db: str, _version: float, start: datetime, end: datetime, sources: tuple[str, ...]) -> dict[str, float]:
    """Mentions, distinct authors and sentiment shares in the window."""
    return _read(db, listening.totals, start, end, sources)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def alerts(db: str, _version: float, start: datetime, end: datetime) -> pd.DataFrame:
    """Alerts overlapping the window."""
    return _read(db, signals_store.alerts_between, start, end)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def explore(db: str, _version: float, start: datetime, end: datetime, sources: tuple[str, ...],
            langs: tuple[str, ...], labels: tuple[str, ...], terms: tuple[str, ...],
            search: str) -> tuple[pd.DataFrame, int]:
    """The newest mentions matching the filters (at most EXPLORER_LIMIT), and how many match."""
    where = MentionFilter(start, end, sources, langs, labels, terms, search)
    return _read(db, listening.explore, where)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def advocacy_authors(db: str, _version: float) -> pd.DataFrame:
    """Public authors with an advocacy class (employees are shown apart, and only in aggregate)."""
    return _read(db, signals_store.public_authors)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def programme(db: str, _version: float) -> pd.DataFrame:
    """Enrolled employees with shares, clicks and their advocacy class."""
    return _read(db, programme_store.programme_table)


def _health(store: Store) -> dict[str, object]:
    scored, total = health_store.scoring_coverage(store)
    counts = health_store.row_counts(store)
    return {
        "counts": pd.DataFrame({"table": list(counts), "rows": list(counts.values())}),
        "runs": health_store.recent_runs(store),
        "cursors": health_store.cursor_table(store),
        "scored": pd.DataFrame({"scored": [scored], "total": [total]}),
        "x_reads": health_store.x_reads_this_month(store),
    }


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def health(db: str, _version: float) -> dict[str, object]:
    """Row counts, latest runs, collector cursors, scoring coverage and this month's X reads."""
    return _read(db, _health)


def safe(call, *args):
    """Run a query; on a store error show one line instead of a traceback."""
    try:
        return call(*args)
    except StoreError as exc:
        st.error(str(exc))
        st.stop()


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def employees(db: str, _version: float) -> pd.DataFrame:
    """Enrolled employees (id, name, team, consents): for the comms team's pages only."""
    return _read(db, programme_store.enrolled)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def teams(db: str, _version: float) -> list[str]:
    """Team names (the managers' page never needs people's names to pick a team)."""
    return _read(db, managers.teams)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def team_participation(db: str, _version: float, team: str, start: datetime, end: datetime,
                       min_group_size: int) -> managers.TeamParticipation | None:
    """The team's aggregates and its named people; None below the minimum group size."""
    return _read(db, managers.team_participation, team, start, end, min_group_size)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def top_content(db: str, _version: float, team: str, start: datetime, end: datetime,
                min_group_size: int) -> pd.DataFrame | None:
    """The content a team shared most in the window; None below the minimum group size."""
    return _read(db, managers.team_top_content, team, start, end, min_group_size)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def weekly_zip(db: str, _version: float, team: str, week: str, config_key: tuple,
               _options: WeeklyOptions) -> bytes | None:
    """One team's weekly files as a zip; None when the team is below the minimum group size."""
    from exports.weekly import build_weekly, zip_bytes
    from exports.weeks import Week

    year, number = week.split("-W")
    chosen = Week(int(year), int(number), _options.timezone)
    export = _read(db, lambda store: build_weekly(store, _options, chosen, [team]))
    return zip_bytes(export, team) if team in export.files else None


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def own_activity(db: str, _version: float, employee_id: str) -> dict[str, pd.DataFrame]:
    """One employee's own shares and the clicks on their links: nobody else's."""
    return _read(db, programme_store.own_activity, employee_id)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def content_library(db: str, _version: float) -> pd.DataFrame:
    """The company's own content, newest first."""
    return _read(db, programme_store.content_library)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def coaching_cards(db: str, _version: float, employee_id: str, lang: str, config_key: tuple,
                   _checker: Checker) -> list[CoachingCard]:
    """Coaching cards of one employee who chose coaching ([] for anyone else)."""
    return _read(db, lambda store: employee_cards(store, employee_id, lang=lang, checker=_checker))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def themes(db: str, _version: float, team: str, lang: str, min_group_size: int, config_key: tuple,
           _checker: Checker) -> list[Theme]:
    """A team's coaching themes (no names); [] below the minimum group size."""
    return _read(db, lambda store: team_themes(store, team, lang=lang, min_group_size=min_group_size,
                                               checker=_checker))


# -- tracked share links (issue 11) -----------------------------------------------------------
@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def shareable_content(db: str, _version: float) -> pd.DataFrame:
    """Content employees may share: id, title, url, lang."""
    return _read(db, links_store.shareable_content)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def mastodon_handle(db: str, _version: float, employee_id: str) -> str | None:
    """The employee's declared Mastodon handle (user@instance), for the share intent."""
    return _read(db, links_store.declared_handle, employee_id, "mastodon")


def share_links(db: str, employee_id: str, content_id: str, networks: tuple[str, ...],
                expire_days: int) -> dict[str, str]:
    """network -> code of the employee's links for one content, minted when missing.

    The one write the dashboard makes, on the employee's own request: a short transaction
    through the store, waiting for the scheduler's lock as the dashboard's reads do."""
    from store.connect import LOCK_RETRY_SECONDS, open_when_free  # noqa: PLC0415

    now = datetime.now(timezone.utc)
    with open_when_free(Path(db), retry_seconds=LOCK_RETRY_SECONDS) as store, store.transaction() as tx:
        return {n: links_store.share_link_for(tx, employee_id, content_id, n, now, expire_days=expire_days).code
                for n in networks}


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def shares_today(db: str, _version: float, employee_id: str, day: datetime) -> int:
    """The employee's shares today, for the daily cap."""
    return _read(db, links_store.shares_on_day, employee_id, day)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def own_points(db: str, _version: float, employee_id: str, start: datetime, end: datetime,
               points: tuple[int, int, int]) -> dict[str, int]:
    """One employee's own shares, clicks, weeks, networks and points."""
    pps, ppc, cap = points
    return _read(db, lambda s: links_store.own_points(s, employee_id, start, end, points_per_share=pps,
                                                      points_per_click=ppc, daily_cap=cap))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def value_table(db: str, _version: float, by: str, start: datetime, end: datetime, cost_per_click: float) -> pd.DataFrame:
    """Shares, reach, human clicks, bot hits and earned-media value per content, team, network or week."""
    return _read(db, links_store.value_table, by, start, end, cost_per_click)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def leaderboard(db: str, _version: float, start: datetime, end: datetime,
                points: tuple[int, int, int]) -> links_store.Leaderboard:
    """People who chose to be named, by points; everyone else as one line."""
    pps, ppc, cap = points
    return _read(db, lambda s: links_store.leaderboard(s, start, end, points_per_share=pps,
                                                       points_per_click=ppc, daily_cap=cap))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def authenticity(db: str, _version: float, start: datetime, end: datetime, hours: float,
                 accounts: int) -> tuple[list, pd.DataFrame]:
    """Near-identical employee posts (coaching themes, no names) and possibly coordinated public posts."""
    from links.authenticity import near_identical  # noqa: PLC0415

    def both(store: Store):
        return (near_identical(links_store.employee_post_texts(store, start, end)),
                links_store.coordinated_posts(store, start, end, hours, accounts))
    return _read(db, both)
