"""The dashboard's reads: short read-only connections, cached for a minute per database file.

Every cached function takes the database path and its modification time, so a new run of the
collectors (or a test with another file) never sees stale or foreign results.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import streamlit as st

from ambassade.errors import StoreError
from ambassade.settings import resolve_db_path
from store import read_only
from store.state import reads_this_month

CACHE_SECONDS = 60
EXPLORER_LIMIT = 500


def database() -> Path:
    """The database the dashboard serves (set by `ambassade dashboard` / `ambassade demo`)."""
    return resolve_db_path()


def version(db: Path) -> float:
    """A cache key that changes when the database file changes."""
    try:
        return db.stat().st_mtime
    except OSError:
        return 0.0


def _df(db: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    return _frames(db, (sql, params or []))[0]


def _frames(db: Path, *queries: str | tuple[str, list]) -> list[pd.DataFrame]:
    """Several queries on one read-only connection (opening one costs 80–180 ms)."""
    with read_only(db) as store:
        return [store.df(*((q, []) if isinstance(q, str) else q)) for q in queries]


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def tables(db: str, _version: float) -> set[str]:
    frame = _df(Path(db), "SELECT table_name FROM information_schema.tables")
    return set(frame["table_name"])


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def bounds(db: str, _version: float) -> tuple[datetime | None, list[str], list[str], list[str]]:
    """Newest mention time, and the sources, languages and matched terms present."""
    newest, sources, langs, terms = _frames(
        Path(db),
        "SELECT max(created_at) AS newest FROM mentions",
        "SELECT DISTINCT source FROM mentions ORDER BY 1",
        "SELECT DISTINCT lang FROM mentions WHERE lang IS NOT NULL ORDER BY 1",
        "SELECT DISTINCT unnest(matched) AS term FROM mentions ORDER BY 1",
    )
    newest = newest["newest"].iloc[0]
    return ((None if pd.isna(newest) else newest.to_pydatetime()), sources["source"].tolist(),
            langs["lang"].tolist(), terms["term"].tolist())


def window(newest: datetime | None, days: int) -> tuple[datetime, datetime]:
    """The [start, end) window of `days` full days ending with the newest data (or now)."""
    end = (newest or datetime.now(timezone.utc)).astimezone(timezone.utc)
    end = end.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return end - timedelta(days=days), end


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def daily(db: str, _version: float, start: datetime, end: datetime, sources: tuple[str, ...]) -> pd.DataFrame:
    """Mentions per day, source and sentiment label."""
    return _df(
        Path(db),
        """
        SELECT date_trunc('day', m.created_at) AS day, m.source,
               coalesce(s.label, 'unscored') AS label, count(*) AS mentions
        FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id
        WHERE m.created_at >= ? AND m.created_at < ? AND list_contains(?, m.source)
        GROUP BY ALL ORDER BY day
        """,
        [start, end, list(sources)],
    )


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def totals(db: str, _version: float, start: datetime, end: datetime, sources: tuple[str, ...]) -> dict[str, float]:
    """Mentions, distinct authors and sentiment shares in the window."""
    frame = _df(
        Path(db),
        """
        SELECT count(*) AS mentions, count(DISTINCT m.author_id) AS authors,
               avg(CASE WHEN s.label = 'negative' THEN 1.0 WHEN s.label IS NULL THEN NULL ELSE 0 END) AS negative,
               avg(CASE WHEN s.label = 'positive' THEN 1.0 WHEN s.label IS NULL THEN NULL ELSE 0 END) AS positive
        FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id
        WHERE m.created_at >= ? AND m.created_at < ? AND list_contains(?, m.source)
        """,
        [start, end, list(sources)],
    )
    row = frame.iloc[0]
    return {k: (0.0 if pd.isna(row[k]) else float(row[k])) for k in frame.columns}


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def alerts(db: str, _version: float, start: datetime, end: datetime) -> pd.DataFrame:
    if "alerts" not in tables(db, _version):
        return pd.DataFrame()
    return _df(
        Path(db),
        """
        SELECT starts_at, kind, source, observed, expected, score, len(mention_ids) AS mentions
        FROM alerts WHERE ends_at >= ? AND starts_at < ? ORDER BY starts_at DESC
        """,
        [start, end],
    )


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def explore(db: str, _version: float, start: datetime, end: datetime, sources: tuple[str, ...],
            langs: tuple[str, ...], labels: tuple[str, ...], terms: tuple[str, ...],
            search: str) -> tuple[pd.DataFrame, int]:
    """The newest mentions matching the filters (at most EXPLORER_LIMIT), and how many match."""
    where = ["m.created_at >= ?", "m.created_at < ?", "list_contains(?, m.source)"]
    params: list = [start, end, list(sources)]
    if langs:
        where.append("list_contains(?, coalesce(m.lang, '?'))")
        params.append(list(langs))
    if labels:
        where.append("list_contains(?, coalesce(s.label, 'unscored'))")
        params.append(list(labels))
    if terms:
        where.append("len(list_intersect(m.matched, ?)) > 0")
        params.append(list(terms))
    if search.strip():
        # Escape LIKE wildcards so a user's "%" or "_" is taken literally.
        pattern = "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("m.text ILIKE ? ESCAPE '\\'")
        params.append(pattern)
    condition = " AND ".join(where)
    base = f"FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id WHERE {condition}"
    counted, frame = _frames(
        Path(db),
        (f"SELECT count(*) AS n {base}", params),
        (f"""
        SELECT m.created_at, m.source, m.author, m.lang, coalesce(s.label, 'unscored') AS label,
               s.compound, s.brand_compound, m.text, array_to_string(m.matched, ', ') AS matched,
               -- only web links are clickable: never a javascript: or data: URL from a payload
               CASE WHEN regexp_matches(m.url, '^https?://', 'i') THEN m.url END AS url
        {base} ORDER BY m.created_at DESC LIMIT {EXPLORER_LIMIT}
        """, params),
    )
    return frame, int(counted["n"].iloc[0])


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def advocacy_authors(db: str, _version: float) -> pd.DataFrame:
    """Public authors with an advocacy class (employees are shown apart, and only in aggregate)."""
    if "advocacy" not in tables(db, _version):
        return pd.DataFrame()
    return _df(
        Path(db),
        """
        SELECT a.class, a.confidence, a.score, a.mentions, a.reach, au.source, au.handle, au.followers
        FROM advocacy a JOIN authors au ON au.id = a.subject_id
        WHERE a.subject_kind = 'author'
          AND NOT EXISTS (SELECT 1 FROM employee_handles h
                          WHERE h.source = au.source AND h.handle = lower(au.handle))
        ORDER BY a.class, a.confidence DESC, a.reach DESC NULLS LAST
        """,
    )


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def programme(db: str, _version: float) -> pd.DataFrame:
    """Opted-in employees with shares, clicks and (if computed) their advocacy class."""
    has_advocacy = "advocacy" in tables(db, _version)
    advocacy_join = (
        "LEFT JOIN advocacy a ON a.subject_kind = 'employee' AND a.subject_id = e.id"
        if has_advocacy else ""
    )
    advocacy_cols = "a.class, a.confidence" if has_advocacy else "NULL AS class, NULL AS confidence"
    return _df(
        Path(db),
        f"""
        WITH sh AS (SELECT employee_id, count(*) AS shares FROM shares GROUP BY 1),
             cl AS (SELECT l.employee_id, count(*) AS clicks FROM clicks c
                    JOIN share_links l ON l.code = c.code GROUP BY 1)
        SELECT e.display_name, e.team, coalesce(sh.shares, 0) AS shares,
               coalesce(cl.clicks, 0) AS clicks, {advocacy_cols}
        FROM employees e LEFT JOIN sh ON sh.employee_id = e.id
        LEFT JOIN cl ON cl.employee_id = e.id {advocacy_join}
        WHERE e.withdrawn_at IS NULL
        ORDER BY shares DESC, clicks DESC, e.display_name
        """,
    )


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def health(db: str, _version: float) -> dict[str, pd.DataFrame]:
    """Row counts, latest runs, collector cursors, scoring coverage and this month's X reads."""
    names = sorted(tables(db, _version) - {"schema_version"})
    counts = " UNION ALL ".join(f"SELECT '{n}' AS \"table\", count(*) AS rows FROM \"{n}\"" for n in names)
    with read_only(Path(db)) as store:
        return {
            "counts": store.df(counts),
            "runs": store.df("SELECT job, started_at, finished_at, status, items, errors, message "
                             "FROM runs ORDER BY started_at DESC LIMIT 20"),
            "cursors": store.df("SELECT source, query, updated_at FROM cursors ORDER BY source, query"),
            "scored": store.df("SELECT count(s.mention_id) AS scored, count(*) AS total FROM mentions m "
                               "LEFT JOIN scores s ON s.mention_id = m.id"),
            # Paid X reads counted this month (the X collector pauses itself at the budget).
            "x_reads": reads_this_month(store.con, "x"),
        }


def safe(call, *args):
    """Run a query; on a store error show one line instead of a traceback."""
    try:
        return call(*args)
    except StoreError as exc:
        st.error(str(exc))
        st.stop()


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def employees(db: str, _version: float) -> pd.DataFrame:
    """Opted-in employees who have not withdrawn (id, name, team, consents)."""
    return _df(Path(db), "SELECT id, display_name, team, named_ok, coaching_ok FROM employees "
                         "WHERE withdrawn_at IS NULL ORDER BY team, display_name")


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def team_participation(db: str, _version: float, team: str, start: datetime, end: datetime) -> pd.DataFrame:
    """Per-employee shares and clicks in the window for one team (callers aggregate or filter)."""
    return _df(
        Path(db),
        """
        WITH sh AS (SELECT employee_id, count(*) AS shares FROM shares
                    WHERE shared_at >= ? AND shared_at < ? GROUP BY 1),
             cl AS (SELECT l.employee_id, count(*) AS clicks FROM clicks c
                    JOIN share_links l ON l.code = c.code
                    WHERE c.clicked_at >= ? AND c.clicked_at < ? GROUP BY 1)
        SELECT e.display_name, e.named_ok, coalesce(sh.shares, 0) AS shares,
               coalesce(cl.clicks, 0) AS clicks
        FROM employees e LEFT JOIN sh ON sh.employee_id = e.id LEFT JOIN cl ON cl.employee_id = e.id
        WHERE e.team = ? AND e.withdrawn_at IS NULL
        """,
        [start, end, start, end, team],
    )


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def top_content(db: str, _version: float, team: str, start: datetime, end: datetime) -> pd.DataFrame:
    """The content a team shared most in the window."""
    return _df(
        Path(db),
        """
        SELECT c.title, count(*) AS shares FROM shares s
        JOIN employees e ON e.id = s.employee_id JOIN content c ON c.id = s.content_id
        WHERE e.team = ? AND s.shared_at >= ? AND s.shared_at < ?
        GROUP BY ALL ORDER BY shares DESC, c.title LIMIT 10
        """,
        [team, start, end],
    )


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def own_activity(db: str, _version: float, employee_id: str) -> dict[str, pd.DataFrame]:
    """One employee's own shares and the clicks on their links: nobody else's."""
    shares, clicks = _frames(
        Path(db),
        ("""SELECT s.shared_at, s.network, c.title, c.url FROM shares s
            JOIN content c ON c.id = s.content_id WHERE s.employee_id = ?
            ORDER BY s.shared_at DESC LIMIT 200""", [employee_id]),
        ("""SELECT date_trunc('week', c.clicked_at) AS week, count(*) AS clicks FROM clicks c
            JOIN share_links l ON l.code = c.code WHERE l.employee_id = ?
            GROUP BY 1 ORDER BY 1""", [employee_id]),
    )
    return {"shares": shares, "clicks": clicks}


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def content_library(db: str, _version: float) -> pd.DataFrame:
    """The company's own content, newest first."""
    return _df(Path(db), "SELECT title, url, lang, published_at FROM content "
                         "ORDER BY published_at DESC NULLS LAST LIMIT 30")
