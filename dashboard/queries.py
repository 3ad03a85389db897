"""The dashboard's gateway to the store: cached calls of named store functions.

Pages never open the database: they call these functions. Each reads through a read-only
connection and is cached per database file and data version. Within one run of the entry
script (`one_connection_per_run`) a DuckDB file's reads share one connection, opened at the
first read that misses the cache and closed when the run ends (opening one costs 40–180 ms, and
DuckDB drops its block cache with the last connection); outside a run, each read opens its own. Every cached function takes the database path and `data_version` (see
`version()`), both part of Streamlit's cache key, so new data or another file is never answered
from the cache. Arguments that start with "_" (a checker, options) are NOT part of the cache key:
Streamlit's rule, which is why the version must never be spelled `_version`.
"""

from __future__ import annotations

import copy
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pandas as pd
import streamlit as st

from ambassade.errors import StoreError, StoreLocked, one_line
from store import health as health_store
from store import links as links_store
from store import listening, managers
from store import programme as programme_store
from store import enrolment as enrolment_store
from store import library as library_store
from store import proposals as proposals_store
from ambassade.settings import resolve_db_path
from store import freshness, read_only
from store import signals as signals_store
from store import voice as voice_store
from store import reasons as reasons_store
from store.connect import Store, is_database_url, open_when_free, redact
from store.listening import EXPLORER_LIMIT, MentionFilter
from dashboard.i18n import t

if TYPE_CHECKING:
    # Imported where used: the charter's modules take about half a second to import, and the
    # first page (the overview, or an employee's own page) never needs them.
    from charter.check import Checker
    from charter.coaching import CoachingCard, Theme
    from exports.options import WeeklyOptions

ADVOCACY_ROWS = 1000   # authors of each class the advocacy page lists (the counts say how many in all)
ADVOCACY_CLASSES = ("ambassador", "detractor")     # the classes it lists
CACHE_SECONDS = 300   # bounds memory and clock-dependent answers; data changes turn over through version()
ACCESS_KEY = "_ambassade_access"        # set by dashboard.auth for every run of the entry script
CONSENT_SCREEN = "dashboard:consent"     # recorded with each consent change made here
T = TypeVar("T")

__all__ = ["EXPLORER_LIMIT", "database", "version", "safe", "window"]


def database() -> Path | str:
    """The database the dashboard serves (set by `ambassade dashboard` / `ambassade demo`), for a
    page the entry script routed. A page run without it (Streamlit's old `pages/` folder mode
    serves pages/x.py directly to a fresh session: no sign-in, no role) stops here, showing nothing."""
    if ACCESS_KEY not in st.session_state:
        st.stop()
    return served_database()


def served_database() -> Path | str:
    """The database, before any access is decided (the entry script's sign-in uses it): a
    DuckDB file's Path, or a PostgreSQL URL (shown to people only through `shown_database`)."""
    return resolve_db_path()


def shown_database(db: Path | str) -> str:
    """The database as a page may show it: a URL without its password."""
    return redact(db)


def database_bytes(db: Path | str) -> int:
    """The database's size: the file with its write-ahead log (0 when missing), or what
    PostgreSQL counts for the database."""
    return freshness.database_bytes(db)


# How the caches turn over (issue 17). The data version is the newest modification time of
# the database file and its write-ahead log: a stat, microseconds, read once per page run (a
# counter in the database would cost a connection, 80–180 ms, on every run). On a PostgreSQL
# URL it is the server's current snapshot, read on a pooled connection (≈ 1 ms, and only
# once the hold is over): store/freshness.py says why that and not a counter, the WAL position
# or the statistics, with the figures of bench/bench_data_version.py. Every write moves
# it, and during collection the collectors commit every few seconds: adopting each new value
# would leave every page uncached while collecting. So a process adopts a newer version at most
# once per VERSION_HOLD_SECONDS: answers are at most that stale, caches are reused in between,
# and once writes stop the next run after the hold sees the final data. The dashboard's own
# writes (corrections, consents, proposals) clear the reads they change at once. CACHE_SECONDS
# only bounds memory and the answers that depend on the clock: the version does the rest.
VERSION_HOLD_SECONDS = 30.0
_ADOPTED: dict[str, tuple[float, float]] = {}     # database -> (version in use, monotonic time adopted)


def file_version(db: Path | str) -> float:
    """The store's data version (store/freshness.py): a DuckDB file's newest modification time
    (its write-ahead log's included; 0.0 when missing), a PostgreSQL database's current snapshot."""
    return freshness.data_version(db)


def version(db: Path | str, now: float | None = None) -> float:
    """The data version to key this run's cached reads with: the store's version, advanced at
    most once per VERSION_HOLD_SECONDS (see above). A float: `safe()` leaves it out of the
    question its last good answers are filed under."""
    now = time.monotonic() if now is None else now
    adopted = _ADOPTED.get(str(db))
    if adopted is not None and now - adopted[1] < VERSION_HOLD_SECONDS:
        return adopted[0]      # within the hold: no need to ask (on PostgreSQL, a round trip)
    try:
        current = file_version(db)
    except StoreError:
        # The server is unreachable: keep the version in use; the page's reads say what is wrong.
        return adopted[0] if adopted is not None else 0.0
    if adopted is None or current != adopted[0]:
        _ADOPTED[str(db)] = (current, now)
        return current
    return adopted[0]


def forget_versions() -> None:
    """Drop the adopted versions: the next run adopts the file's current version (after the
    dashboard's own writes, so their author sees them at once; and in tests)."""
    _ADOPTED.clear()


READ_RETRY_SECONDS = 5.0   # a reader waits this long for a writer's transaction, then uses safe()'s last good answer


# This thread's run connections (Streamlit runs each session's script in its own thread), by
# database; None outside a run of the entry script.
_RUN = threading.local()


@contextmanager
def one_connection_per_run() -> Iterator[None]:
    """Within the block (one run of the entry script and its page), every read of a DuckDB file
    goes through one read-only connection, opened at the first read and closed at the end.

    Closed at the end, not kept: a reader holds DuckDB's file lock, and the collectors need it
    to write. A PostgreSQL URL keeps one pooled connection per read (already ≈ 1 ms, and a pool
    of 8 should not be held by every open page)."""
    _RUN.stores = {}
    try:
        yield
    finally:
        stores, _RUN.stores = _RUN.stores, None
        for store in stores.values():
            store.close()


def _release_run_connection(db: str) -> None:
    """Close this run's connection to `db` (reopened by the next read): a read-write connection
    cannot be opened in a process that holds a read-only one on the same file."""
    store = (getattr(_RUN, "stores", None) or {}).pop(str(db), None)
    if store is not None:
        store.close()


def _read(db: str, call: Callable[..., T], *args) -> T:
    stores = getattr(_RUN, "stores", None)
    if stores is None or is_database_url(db):
        with read_only(db, retry_seconds=READ_RETRY_SECONDS) as store:
            return call(store, *args)
    store = stores.get(str(db))
    if store is None:
        store = stores[str(db)] = open_when_free(db, read_only=True, retry_seconds=READ_RETRY_SECONDS)
    return call(store, *args)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def bounds(db: str, data_version: float) -> tuple[datetime | None, list[str], list[str], list[str]]:
    """Newest mention time, and the sources, languages and matched terms present."""
    found = _read(db, listening.bounds)
    return found.newest, found.sources, found.languages, found.terms


WINDOW_STEP_SECONDS = 300   # a window that ends "now" ends at the next 5-minute mark


def window(newest: datetime | None, days: int, now: datetime | None = None) -> tuple[datetime, datetime]:
    """The [start, end) window of `days` full days ending with the newest data (or now).

    It never ends after now, rounded up to the next WINDOW_STEP_SECONDS mark: rows dated in
    the future are kept out of every window, and a date near the end of the calendar cannot
    overflow. The step keeps the cache keys stable: while collecting, the newest mention is
    today, the window ends "now", and rounding to the minute made every page's key change
    every minute, whatever the data version (ingest clamps dates to the collection time, so
    no stored row falls between now and the mark)."""
    now = now or datetime.now(timezone.utc)
    mark = (int(now.timestamp()) // WINDOW_STEP_SECONDS + 1) * WINDOW_STEP_SECONDS
    now = datetime.fromtimestamp(mark, timezone.utc)
    newest = min((newest or now).astimezone(timezone.utc), now)
    end = newest.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    end = min(end, now)
    return end - timedelta(days=days), end


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def totals(db: str, data_version: float, start: datetime, end: datetime, sources: tuple[str, ...],
           include_own: bool = False, zone: str = "UTC") -> dict[str, float]:
    """Mentions, distinct authors and sentiment shares in the window (whole days of `zone` from
    the daily table)."""
    return _read(db, listening.totals, start, end, sources, include_own, zone)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def overview(db: str, data_version: float, brand: str, start: datetime, end: datetime, sources: tuple[str, ...],
             include_own: bool = False, zone: str = "UTC") -> listening.Overview:
    """The overview's figures: the window's totals and those of the window before, its daily
    counts (of `zone`) and share of voice, with the edges of both windows read once."""
    return _read(db, listening.overview, brand, start, end, sources, include_own, zone)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def topics(db: str, data_version: float, start: datetime, end: datetime, sources: tuple[str, ...],
           ignore: tuple[str, ...], include_own: bool = False, zone: str = "UTC") -> pd.DataFrame:
    """Top terms, hashtags and phrases of the window with their count in the window before."""
    return _read(db, lambda store: voice_store.topics(store, start, end, sources, ignore, include_own, zone=zone))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def author_reasons(db: str, data_version: float, author_id: str, half_life_days: float) -> list:
    """The posts that weigh most in a public author's class (store/reasons.py)."""
    return _read(db, reasons_store.reasons, author_id, half_life_days)


def correct_mention(db: str, mention_id: str, choice: str, by: str):
    """Record a comms admin's correction (a sentiment, or "irrelevant") of one mention."""
    from store.corrections import correct  # noqa: PLC0415

    irrelevant = choice == "irrelevant"
    done = _write(db, lambda tx: correct(tx, mention_id, label=None if irrelevant else choice,
                                         irrelevant=irrelevant, by=by))
    for cached in (totals, overview, explore, topics, author_reasons):
        cached.clear()
    forget_versions()      # the author's next run reads the file's version: every read sees it
    return done



@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def explore(db: str, data_version: float, start: datetime, end: datetime, sources: tuple[str, ...],
            langs: tuple[str, ...], labels: tuple[str, ...], terms: tuple[str, ...],
            search: str, author: str = "", page_size: int = EXPLORER_LIMIT,
            offset: int = 0) -> tuple[pd.DataFrame, int]:
    """One page (`page_size` rows from `offset`) of the newest mentions matching the filters,
    and how many match in all."""
    where = MentionFilter(start, end, sources, langs, labels, terms, search, author=author)
    return _read(db, listening.explore, where, page_size, offset)


def mentions_csv(db: str, start: datetime, end: datetime, sources: tuple[str, ...], langs: tuple[str, ...],
                 labels: tuple[str, ...], terms: tuple[str, ...], search: str, author: str,
                 header: tuple[str, ...], locale: str, label_names: dict[str, str]):
    """A temporary file holding the CSV of every mention matching the filters, built chunk by
    chunk through the store (never the whole result in memory), opened at its start."""
    import tempfile  # noqa: PLC0415

    from exports.mentions_csv import write_mentions_csv  # noqa: PLC0415

    where = MentionFilter(start, end, sources, langs, labels, terms, search, author=author)
    out = tempfile.TemporaryFile()
    _read(db, lambda store: write_mentions_csv(listening.explore_chunks(store, where), out, header, locale,
                                               label_names))
    out.seek(0)
    return out


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def advocacy_authors(db: str, data_version: float,
                     per_class: int = ADVOCACY_ROWS) -> tuple[pd.DataFrame, dict[str, int]]:
    """The best `per_class` public ambassadors and detractors (the page lists no neutral
    author), and how many each class holds in all (employees are shown apart, and only in
    aggregate)."""
    return _read(db, lambda store: (signals_store.public_authors(store, per_class, ADVOCACY_CLASSES),
                                    signals_store.public_author_counts(store)))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def programme(db: str, data_version: float) -> pd.DataFrame:
    """Enrolled employees with shares, clicks and their advocacy class."""
    return _read(db, programme_store.programme_table)


def _health(store: Store) -> dict[str, object]:
    # The page's counts: PostgreSQL's big tables estimated, not counted (issue 16).
    counts = health_store.page_counts(store)
    scored, total, scored_about = health_store.page_coverage(store, counts)
    return {
        "counts": pd.DataFrame({"table": list(counts), "rows": [c.rows for c in counts.values()],
                                "approximate": [c.approximate for c in counts.values()]}),
        "runs": health_store.recent_runs(store),
        "cursors": health_store.cursor_table(store),
        "scored": pd.DataFrame({"scored": [scored], "total": [total], "approximate": [scored_about]}),
        "x_reads": health_store.x_reads_this_month(store),
        "jobs": health_store.last_run_per_job(store),
        "last_scoring": health_store.last_scoring(store),
    }


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def health(db: str, data_version: float) -> dict[str, object]:
    """Row counts, latest runs, collector cursors, scoring coverage and this month's X reads."""
    return _read(db, _health)


# The last good answer to each question, for when a long write holds the file past the
# bounded retry: the page then shows it with a one-line notice instead of "database is locked".
_LAST_GOOD: OrderedDict[tuple, object] = OrderedDict()
LAST_GOOD_MAX = 256


def _question(call, args: tuple) -> tuple:
    """A query and its arguments, without the database version (every write changes it)."""
    func = getattr(getattr(call, "_info", None), "func", call)
    name = f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', repr(func))}"
    versionless = [a for i, a in enumerate(args) if not (i == 1 and isinstance(a, float))]
    return name, repr(versionless)


def safe(call, *args):
    """Run a query; on a store error show one line instead of a traceback.

    A database still locked by a writer after the retry gives the last good answer to the
    same question with a one-line notice (or, when there is none yet, one line saying to try
    again)."""
    key = _question(call, args)
    try:
        result = call(*args)
    except StoreLocked:
        if key in _LAST_GOOD:
            st.info(t("db_busy_cached"))
            return copy.deepcopy(_LAST_GOOD[key])   # pages change what they get (as with st.cache_data)
        st.warning(t("db_busy"))
        st.stop()
    except StoreError as exc:
        st.error(one_line(exc))
        st.stop()
    try:
        _LAST_GOOD[key] = copy.deepcopy(result)
    except (TypeError, copy.Error):   # not copyable: then there is no last good answer for it
        return result
    _LAST_GOOD.move_to_end(key)
    while len(_LAST_GOOD) > LAST_GOOD_MAX:
        _LAST_GOOD.popitem(last=False)
    return result


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def employees(db: str, data_version: float) -> pd.DataFrame:
    """Enrolled employees (id, name, team, consents): for the comms team's pages only."""
    return _read(db, programme_store.enrolled)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def teams(db: str, data_version: float) -> list[str]:
    """Team names (the managers' page never needs people's names to pick a team)."""
    return _read(db, managers.teams)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def team_participation(db: str, data_version: float, team: str, start: datetime, end: datetime,
                       min_group_size: int) -> managers.TeamParticipation | None:
    """The team's aggregates and its named people; None below the minimum group size."""
    return _read(db, managers.team_participation, team, start, end, min_group_size)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def top_content(db: str, data_version: float, team: str, start: datetime, end: datetime,
                min_group_size: int) -> pd.DataFrame | None:
    """The content a team shared most in the window; None below the minimum group size."""
    return _read(db, managers.team_top_content, team, start, end, min_group_size)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def weekly_zip(db: str, data_version: float, team: str, week: str, config_key: tuple,
               _options: WeeklyOptions) -> bytes | None:
    """One team's weekly files as a zip; None when the team is below the minimum group size."""
    from exports.weekly import build_weekly, zip_bytes
    from exports.weeks import Week

    year, number = week.split("-W")
    chosen = Week(int(year), int(number), _options.timezone)
    export = _read(db, lambda store: build_weekly(store, _options, chosen, [team]))
    return zip_bytes(export, team) if team in export.files else None


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def own_activity(db: str, data_version: float, employee_id: str) -> dict[str, pd.DataFrame]:
    """One employee's own shares and the clicks on their links: nobody else's."""
    return _read(db, programme_store.own_activity, employee_id)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def content_library(db: str, data_version: float) -> pd.DataFrame:
    """The company's own content, newest first."""
    return _read(db, programme_store.content_library)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def coaching_cards(db: str, data_version: float, employee_id: str, lang: str, config_key: tuple,
                   _checker: Checker) -> list[CoachingCard]:
    """Coaching cards of one employee who chose coaching ([] for anyone else)."""
    from charter.coaching import employee_cards  # noqa: PLC0415

    return _read(db, lambda store: employee_cards(store, employee_id, lang=lang, checker=_checker))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def coaching_card_counts(db: str, data_version: float, employee_ids: tuple[str, ...], lang: str, config_key: tuple,
                         _checker: Checker) -> dict[str, int]:
    """How many coaching cards each of these employees has (one connection for all of them)."""
    from charter.coaching import employee_cards  # noqa: PLC0415

    return _read(db, lambda store: {eid: len(employee_cards(store, eid, lang=lang, checker=_checker))
                                    for eid in employee_ids})


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def themes(db: str, data_version: float, team: str, lang: str, min_group_size: int, config_key: tuple,
           _checker: Checker) -> list[Theme]:
    """A team's coaching themes (no names); [] below the minimum group size."""
    from charter.coaching import team_themes  # noqa: PLC0415

    return _read(db, lambda store: team_themes(store, team, lang=lang, min_group_size=min_group_size,
                                               checker=_checker))


# -- tracked share links (issue 11) -----------------------------------------------------------
@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def shareable_content(db: str, data_version: float) -> pd.DataFrame:
    """Content employees may share: id, title, url, lang."""
    return _read(db, links_store.shareable_content)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def mastodon_handle(db: str, data_version: float, employee_id: str) -> str | None:
    """The employee's declared Mastodon handle (user@instance), for the share intent."""
    return _read(db, links_store.declared_handle, employee_id, "mastodon")


def share_links(db: str, employee_id: str, content_id: str, networks: tuple[str, ...],
                expire_days: int) -> dict[str, str]:
    """network -> code of the employee's links for one content, minted when missing.

    The one write the dashboard makes, on the employee's own request: a short transaction
    through the store, waiting for the scheduler's lock as the dashboard's reads do."""
    from store.connect import LOCK_RETRY_SECONDS  # noqa: PLC0415

    _release_run_connection(db)
    now = datetime.now(timezone.utc)
    with open_when_free(db, retry_seconds=LOCK_RETRY_SECONDS) as store, store.transaction() as tx:
        return {n: links_store.share_link_for(tx, employee_id, content_id, n, now, expire_days=expire_days).code
                for n in networks}


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def shares_today(db: str, data_version: float, employee_id: str, day: datetime) -> int:
    """The employee's shares today, for the daily cap."""
    return _read(db, links_store.shares_on_day, employee_id, day)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def own_points(db: str, data_version: float, employee_id: str, start: datetime, end: datetime,
               points: tuple[int, int, int]) -> dict[str, int]:
    """One employee's own shares, clicks, weeks, networks and points."""
    pps, ppc, cap = points
    return _read(db, lambda s: links_store.own_points(s, employee_id, start, end, points_per_share=pps,
                                                      points_per_click=ppc, daily_cap=cap))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def value_table(db: str, data_version: float, by: str, start: datetime, end: datetime, cost_per_click: float) -> pd.DataFrame:
    """Shares, reach, human clicks, bot hits and earned-media value per content, team, network or week."""
    return _read(db, links_store.value_table, by, start, end, cost_per_click)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def leaderboard(db: str, data_version: float, start: datetime, end: datetime,
                points: tuple[int, int, int]) -> links_store.Leaderboard:
    """People who chose to be named, by points; everyone else as one line."""
    pps, ppc, cap = points
    return _read(db, lambda s: links_store.leaderboard(s, start, end, points_per_share=pps,
                                                       points_per_click=ppc, daily_cap=cap))


COORDINATED_SHOWN = 100   # groups of coordinated posts a page shows (only these leave the store)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def authenticity(db: str, data_version: float, start: datetime, end: datetime, hours: float,
                 accounts: int) -> tuple[list, pd.DataFrame]:
    """Near-identical employee posts (coaching themes, no names) and possibly coordinated public
    posts, the COORDINATED_SHOWN largest groups (their `groups` column: how many in all)."""
    from links.authenticity import near_identical  # noqa: PLC0415

    def both(store: Store):
        return (near_identical(links_store.employee_post_texts(store, start, end)),
                links_store.coordinated_posts(store, start, end, hours, accounts, limit=COORDINATED_SHOWN))
    return _read(db, both)


# -- the employees' programme (issue 10): consent, suggestions, proposals, content, counts -----
# Writes happen only on a person's own click (their consent, their proposal, their like, the
# comms team's decision): a short transaction through the store, waiting for the scheduler's
# lock as reads do. Each write clears the cached reads it changes, so the next rerun shows it.


def _write(db: str, call: Callable[..., T], *args) -> T:
    from store.connect import LOCK_RETRY_SECONDS  # noqa: PLC0415

    _release_run_connection(db)
    with open_when_free(db, retry_seconds=LOCK_RETRY_SECONDS) as store, store.transaction() as tx:
        result = call(tx, *args)
    for cached in (people, person, consent, proposals_of, colleagues_proposals, proposal_queue,
                   library, programme_counts, content_library, shareable_content):
        cached.clear()
    forget_versions()      # the author's next run reads the file's version: every read sees it
    return result


def _now() -> datetime:
    return datetime.now(timezone.utc)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def people(db: str, data_version: float, state: str | None = None, scope: str | None = None) -> list[tuple[str, str]]:
    """(id, name) of the programme's people, in `state` and with `scope` if given (the demo's
    "I am" picker: an employee page lists only those it can serve)."""
    return [(m.id, m.display_name) for m in _read(db, enrolment_store.members)
            if (state is None or m.state == state) and (scope is None or scope in m.scopes)]


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def employee_for_email(db: str, data_version: float, email: str) -> str | None:
    """The person a signed-in e-mail belongs to (their enrolment record), or None."""
    return _read(db, enrolment_store.employee_for_email, email)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def person(db: str, data_version: float, employee_id: str) -> enrolment_store.Member | None:
    return _read(db, enrolment_store.member, employee_id)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def consent(db: str, data_version: float, employee_id: str) -> tuple[dict[str, str], list[dict]]:
    """One employee's declared handles per network and their consent history (their own data)."""
    def both(store: Store):
        handles = {n: h for n in enrolment_store.NETWORKS
                   if (h := links_store.declared_handle(store, employee_id, n))}
        return handles, enrolment_store.consent_history(store, employee_id)
    return _read(db, both)


def accept_consent(db: str, employee_id: str, scopes: list[str], handles: dict[str, str]) -> enrolment_store.Member:
    """The employee's own acceptance or change of scopes, from their consent page."""
    return _write(db, enrolment_store.accept, employee_id, scopes, handles, CONSENT_SCREEN, _now())


def withdraw_consent(db: str, employee_id: str) -> bool:
    """The employee's own withdrawal, in one click."""
    return _write(db, enrolment_store.withdraw, employee_id, CONSENT_SCREEN, _now())


def suggestions(db: str, employee_id: str, _settings, _passes: Callable[[str, str], bool]) -> list:
    """The employee's ranked suggestions with a text per network.

    Not a read: `programme.suggest.suggest` mints the employee's tracked link for each
    suggestion and network (when [links] base_url is set), so it needs the writable store,
    opened briefly; the page keeps the result in its session rather than a shared cache."""
    from programme.suggest import suggest  # noqa: PLC0415

    return _write(db, lambda tx: suggest(tx, _settings, employee_id, _now(), _passes))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def proposals_of(db: str, data_version: float, employee_id: str) -> list[proposals_store.Proposal]:
    """One employee's own proposals with decisions and reasons."""
    return _read(db, proposals_store.own_proposals, employee_id, _now())


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def colleagues_proposals(db: str, data_version: float, employee_id: str) -> tuple[list[proposals_store.Proposal], set[int]]:
    """Colleagues' pending proposals by rank, and which of them this employee already likes."""
    return _read(db, lambda s: (proposals_store.colleagues_proposals(s, employee_id, _now()),
                                proposals_store.liked_by(s, employee_id)))


def propose_link(db: str, employee_id: str, url: str, note: str | None) -> proposals_store.Proposal:
    return _write(db, proposals_store.propose_link, employee_id, url, note, _now())


def propose_idea(db: str, employee_id: str, text: str, _settings, _check: Callable) -> proposals_store.Proposal:
    """Record an idea the charter accepts (programme.proposals.IdeaRefused with the findings otherwise)."""
    from programme.proposals import propose_idea as checked_idea  # noqa: PLC0415

    return _write(db, lambda tx: checked_idea(tx, _settings, _check, employee_id, text, _now())[0])


def like(db: str, proposal_id: int, employee_id: str) -> bool:
    return _write(db, proposals_store.like, proposal_id, employee_id, _now())


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def proposal_queue(db: str, data_version: float, state: str | None = "pending") -> list[proposals_store.Proposal]:
    """The comms team's queue: proposals ranked by likes and freshness."""
    return _read(db, proposals_store.queue, _now(), state)


def decide_proposal(db: str, proposal_id: int, verdict: str, by: str, why: str | None, _settings, _check):
    """Approve (a link enters the library, approved) or decline with a reason."""
    from programme.proposals import decide  # noqa: PLC0415

    return _write(db, lambda tx: decide(tx, _settings, _check, proposal_id, verdict, by, why, _now()))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def library(db: str, data_version: float, state: str | None = None) -> list[library_store.LibraryItem]:
    """The content library with each item's state, newest first."""
    return _read(db, library_store.library_items, _now(), state)


def decide_content(db: str, content_id: str, verdict: str, by: str, why: str | None, _settings, _check) -> list[dict]:
    """Approve (the charter's findings on its texts are returned) or reject with a reason."""
    from programme.governance import approve  # noqa: PLC0415

    if verdict == "approved":
        return _write(db, lambda tx: approve(tx, _settings, _check, content_id, by, why, _now()).findings)
    _write(db, library_store.decide, content_id, "rejected", by, why, _now())
    return []


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def programme_counts(db: str, data_version: float) -> dict[str, int]:
    """How many people are invited, enrolled, withdrawn: counts only, never who."""
    return _read(db, enrolment_store.state_counts)


# --- Incidents (issue 13): merged alerts, their mentions and curve (alerts/, store/incidents.py) ---
@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def incidents(db: str, data_version: float, start: datetime, end: datetime) -> list[dict]:
    """Stored incidents overlapping [start, end), newest first."""
    from store import incidents as incidents_store  # noqa: PLC0415

    rows = _read(db, incidents_store.incidents_since, start)
    return [r for r in rows if r["starts_at"] < end]


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def incident_mentions(db: str, data_version: float, ids: tuple[str, ...]) -> pd.DataFrame:
    """The given mentions, in that order (id, source, created_at, author, text, url, brand)."""
    from store import incidents as incidents_store  # noqa: PLC0415

    return _read(db, incidents_store.mentions_by_ids, list(ids))


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def incident_curve(db: str, data_version: float, start: datetime, end: datetime) -> pd.DataFrame:
    """Mentions and negative mentions per hour and source over [start, end)."""
    from store import incidents as incidents_store  # noqa: PLC0415

    return _read(db, incidents_store.hourly_volume, start, end)
