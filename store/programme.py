"""The advocacy programme's records: employees and handles, content, share links, shares, clicks.

Rules live in the schema (migration 0005): `enrolled_employees` (opted in, not withdrawn),
`employee_posts` and `employee_authors` (what a declared handle covers); `normal_handle` is the
same handle rule in Python, for collection's filter before anything is stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import pyarrow as pa

from store import enrolment
from store.connect import Store
from store.library import record_decisions

if TYPE_CHECKING:
    import pandas as pd

_TS = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True)
class Employee:
    """An employee who opted in, with the handles they chose to declare."""

    id: str
    display_name: str
    team: str
    opted_in_at: datetime
    handles: dict[str, str]              # source -> handle
    named_ok: bool = False
    coaching_ok: bool = False
    withdrawn_at: datetime | None = None
    shares_ok: bool = True                 # scope "shares" (shares and recognition)


@dataclass(frozen=True)
class Content:
    """A piece of the company's own content that employees may share."""

    url: str
    canonical_url: str
    title: str
    summary: str | None = None
    lang: str | None = None
    published_at: datetime | None = None
    feed: str | None = None
    tags: tuple[str, ...] = ()           # topics, e.g. the feed entry's categories
    origin: str = "feed"                 # feed | admin | mention
    image_url: str | None = None
    mention_id: str | None = None        # the public mention it amplifies (origin "mention")

    @property
    def id(self) -> str:
        return content_id(self.canonical_url)


def content_id(canonical_url: str) -> str:
    return "content:" + hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ShareLink:
    code: str
    employee_id: str
    content_id: str
    network: str
    created_at: datetime


@dataclass(frozen=True)
class Share:
    mention_id: str
    employee_id: str
    content_id: str
    network: str
    shared_at: datetime
    code: str | None = None


@dataclass(frozen=True)
class Click:
    id: str
    code: str
    clicked_at: datetime


def normal_handle(handle: str | None) -> str:
    """A handle as declared and matched: trimmed, without a leading "@", lower-case (SQL: handle_key)."""
    return (handle or "").strip().lstrip("@").lower()


def upsert_employees(db: Store, employees: Sequence[Employee], screen: str = "records") -> None:
    """Record consents that employees gave elsewhere (tests, imports of an earlier programme):
    each goes through invitation, the employee's acceptance at `opted_in_at` (scope "shares",
    plus "coaching" and "named" as given) and, if set, withdrawal at `withdrawn_at`."""
    for e in employees:
        if not employee_exists(db, e.id):
            enrolment.invite(db, [enrolment.Invitation(e.id, e.display_name, None, e.team, "fr")],
                             screen, e.opted_in_at)
        else:
            db._rows("UPDATE employees SET display_name = ?, team = ? WHERE id = ?",
                     [e.display_name, e.team, e.id])
        scopes = ((["shares"] if e.shares_ok else []) + (["coaching"] if e.coaching_ok else [])
                  + (["named"] if e.named_ok else []))
        state = enrolment.member(db, e.id).state
        if state != "enrolled" or e.withdrawn_at is None:
            enrolment.accept(db, e.id, scopes, e.handles, screen, e.opted_in_at)
        if e.withdrawn_at is not None:
            enrolment.withdraw(db, e.id, screen, e.withdrawn_at)


def upsert_content(db: Store, items: Sequence[Content], now: datetime | None = None,
                   decided_by: str | None = None) -> int:
    """Insert new content by canonical URL, as `proposed` by `decided_by` (default: its origin,
    e.g. "feed"); store.library governs the rest. Known items keep their row and their state."""
    if not items:
        return 0
    unique = {c.id: c for c in items}
    table = pa.table(
        {
            "id": list(unique),
            "url": [c.url for c in unique.values()],
            "canonical_url": [c.canonical_url for c in unique.values()],
            "title": [c.title for c in unique.values()],
            "summary": [c.summary for c in unique.values()],
            "lang": [c.lang for c in unique.values()],
            "published_at": pa.array([c.published_at for c in unique.values()], _TS),
            "feed": [c.feed for c in unique.values()],
            "tags": pa.array([list(c.tags) for c in unique.values()], pa.list_(pa.string())),
            "origin": [c.origin for c in unique.values()],
            "image_url": [c.image_url for c in unique.values()],
            "mention_id": [c.mention_id for c in unique.values()],
            "added_at": pa.array([now or datetime.now(timezone.utc)] * len(unique), _TS),
        }
    )
    added = _new_ids(db, "content", list(unique))
    count = _insert_new(db, "content", table)
    if added:
        record_decisions(db, [(ident, "proposed", decided_by or unique[ident].origin, None, None)
                              for ident in added],
                         now or datetime.now(timezone.utc))
    return count


def _new_ids(db: Store, table_name: str, ids: list[str]) -> list[str]:
    """Those of `ids` not yet in `table_name` (checked first: cheaper than a conflict, DESIGN.md)."""
    known = {row[0] for row in db._rows(f"SELECT id FROM {table_name} WHERE list_contains(?, id)", [ids])}
    return [i for i in ids if i not in known]


def insert_share_links(db: Store, links: Sequence[ShareLink]) -> int:
    return _insert_rows(db, "share_links", [asdict(x) for x in links],
                        {"created_at": _TS})


def insert_shares(db: Store, shares: Sequence[Share]) -> int:
    rows = [
        {"mention_id": s.mention_id, "employee_id": s.employee_id, "content_id": s.content_id,
         "network": s.network, "code": s.code, "shared_at": s.shared_at}
        for s in shares
    ]
    return _insert_rows(db, "shares", rows, {"shared_at": _TS})


def insert_clicks(db: Store, clicks: Sequence[Click]) -> int:
    return _insert_rows(db, "clicks", [asdict(c) for c in clicks], {"clicked_at": _TS})


def _insert_rows(db: Store, table_name: str, rows: list[dict],
                 types: dict[str, pa.DataType]) -> int:
    if not rows:
        return 0
    columns = list(rows[0])
    table = pa.table(
        {c: pa.array([r[c] for r in rows], types.get(c)) for c in columns}
    )
    return _insert_new(db, table_name, table)


def _insert_new(db: Store, table_name: str, table: pa.Table) -> int:
    """INSERT … ON CONFLICT DO NOTHING from an Arrow table; returns the rows added."""
    with db._registered("_batch", table):
        cols = ", ".join(table.column_names)
        # DuckDB answers an INSERT with the number of rows it really added.
        return int(db._rows(
            f"INSERT INTO {table_name} ({cols}) SELECT {cols} FROM _batch ON CONFLICT DO NOTHING"
        )[0][0])


@dataclass(frozen=True)
class Programme:
    """What share detection needs from the store, read once per run."""

    employees: dict[str, Employee]                    # id -> employee (enrolled)
    handles: dict[tuple[str, str], str]               # (source, normal handle) -> employee id
    content: dict[str, Content]                       # canonical URL -> content
    codes: dict[str, ShareLink]                       # share-link code -> link
    link_host: str | None = None


def load_programme(db: Store, link_host: str | None = None) -> Programme:
    """Employees enrolled with the shares scope and their handles (`sharing_handles`: a handle
    declared without that scope is never read); content; share-link codes."""
    rows = db._rows(
        "SELECT e.id, e.display_name, e.team, epoch(e.opted_in_at), h.source, h.handle "
        "FROM sharing_employees e JOIN sharing_handles h ON h.employee_id = e.id ORDER BY e.id")
    employees: dict[str, Employee] = {}
    handles: dict[tuple[str, str], str] = {}
    for ident, name, team, opted_in, source, handle in rows:
        if ident not in employees:
            employees[ident] = Employee(ident, name, team,
                                        datetime.fromtimestamp(opted_in, tz=timezone.utc), {})
        employees[ident].handles[source] = handle
        handles[(source, normal_handle(handle))] = ident
    content = {
        row[1]: Content(url=row[0], canonical_url=row[1], title=row[2])
        for row in db._rows("SELECT url, canonical_url, title FROM content")
    }
    codes = {
        row[0]: ShareLink(code=row[0], employee_id=row[1], content_id=row[2], network=row[3],
                          created_at=datetime.fromtimestamp(row[4], tz=timezone.utc))
        for row in db._rows("SELECT code, employee_id, content_id, network, epoch(created_at) "
                            "FROM share_links")
    }
    return Programme(employees, handles, content, codes, link_host)


def is_enrolled(db: Store, employee_id: str) -> bool:
    """Whether the employee is in the programme now (checked again before each handle is read)."""
    return bool(db._rows("SELECT count(*) FROM enrolled_employees WHERE id = ?", [employee_id])[0][0])


def employee_exists(db: Store, employee_id: str) -> bool:
    """Whether any record of this employee exists, whatever their state (for erasure)."""
    return bool(db._rows("SELECT count(*) FROM employees WHERE id = ?", [employee_id])[0][0])


def enrolled(db: Store) -> pd.DataFrame:
    """Enrolled employees: id, display_name, team, named_ok, coaching_ok (comms team's views only)."""
    return db._frame("SELECT id, display_name, team, named_ok, coaching_ok FROM enrolled_employees "
                     "ORDER BY team, display_name")


def programme_table(db: Store) -> pd.DataFrame:
    """Enrolled employees with all-time shares, clicks and advocacy class (comms team only)."""
    return db._frame(
        """
        WITH sh AS (SELECT employee_id, count(*) AS shares FROM shares GROUP BY 1),
             cl AS (SELECT l.employee_id, count(*) AS clicks FROM clicks c
                    JOIN share_links l ON l.code = c.code GROUP BY 1)
        SELECT e.display_name, e.team, coalesce(sh.shares, 0) AS shares,
               coalesce(cl.clicks, 0) AS clicks, a.class, a.confidence
        FROM enrolled_employees e LEFT JOIN sh ON sh.employee_id = e.id
        LEFT JOIN cl ON cl.employee_id = e.id
        LEFT JOIN advocacy a ON a.subject_kind = 'employee' AND a.subject_id = e.id
        ORDER BY shares DESC, clicks DESC, e.display_name
        """
    )


def own_activity(db: Store, employee_id: str) -> dict[str, pd.DataFrame]:
    """One employee's own shares and the clicks on their links, per week: nobody else's."""
    return {
        "shares": db._frame(
            """SELECT s.shared_at, s.network, c.title, c.url FROM shares s
               JOIN content c ON c.id = s.content_id WHERE s.employee_id = ?
               ORDER BY s.shared_at DESC LIMIT 200""", [employee_id]),
        "clicks": db._frame(
            """SELECT date_trunc('week', c.clicked_at) AS week, count(*) AS clicks FROM clicks c
               JOIN share_links l ON l.code = c.code WHERE l.employee_id = ?
               GROUP BY 1 ORDER BY 1""", [employee_id]),
    }


def content_library(db: Store, limit: int = 30, now: datetime | None = None) -> pd.DataFrame:
    """The content offered to employees now (approved, not expired), newest first."""
    return db._frame("SELECT title, url, lang, published_at FROM content "
                     "WHERE content_state(state, expires_at, ?) = 'approved' "
                     "ORDER BY published_at DESC NULLS LAST LIMIT ?",
                     [now or datetime.now(timezone.utc), limit])
