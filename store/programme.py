"""The advocacy programme's records: employees and handles, content, share links, shares, clicks."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

import duckdb
import pyarrow as pa

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


def upsert_employees(con: duckdb.DuckDBPyConnection, employees: Sequence[Employee]) -> None:
    """Record opt-ins (an employee's own enrolment) and their declared handles."""
    for e in employees:
        con.execute(
            """
            INSERT INTO employees (id, display_name, team, opted_in_at, withdrawn_at, named_ok, coaching_ok)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name,
                team = excluded.team, withdrawn_at = excluded.withdrawn_at,
                named_ok = excluded.named_ok, coaching_ok = excluded.coaching_ok
            """,
            [e.id, e.display_name, e.team, e.opted_in_at, e.withdrawn_at, e.named_ok, e.coaching_ok],
        )
        con.execute("DELETE FROM employee_handles WHERE employee_id = ?", [e.id])
        for source, handle in e.handles.items():
            con.execute(
                "INSERT OR REPLACE INTO employee_handles VALUES (?, ?, ?)",
                [source, handle.lower().lstrip("@"), e.id],
            )


def upsert_content(con: duckdb.DuckDBPyConnection, items: Sequence[Content]) -> int:
    """Insert new content by canonical URL; known items keep their row."""
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
        }
    )
    return _insert_new(con, "content", table)


def insert_share_links(con: duckdb.DuckDBPyConnection, links: Sequence[ShareLink]) -> int:
    return _insert_rows(con, "share_links", [asdict(x) for x in links],
                        {"created_at": _TS})


def insert_shares(con: duckdb.DuckDBPyConnection, shares: Sequence[Share]) -> int:
    rows = [
        {"mention_id": s.mention_id, "employee_id": s.employee_id, "content_id": s.content_id,
         "network": s.network, "code": s.code, "shared_at": s.shared_at}
        for s in shares
    ]
    return _insert_rows(con, "shares", rows, {"shared_at": _TS})


def insert_clicks(con: duckdb.DuckDBPyConnection, clicks: Sequence[Click]) -> int:
    return _insert_rows(con, "clicks", [asdict(c) for c in clicks], {"clicked_at": _TS})


def _insert_rows(con: duckdb.DuckDBPyConnection, table_name: str, rows: list[dict],
                 types: dict[str, pa.DataType]) -> int:
    if not rows:
        return 0
    columns = list(rows[0])
    table = pa.table(
        {c: pa.array([r[c] for r in rows], types.get(c)) for c in columns}
    )
    return _insert_new(con, table_name, table)


def _insert_new(con: duckdb.DuckDBPyConnection, table_name: str, table: pa.Table) -> int:
    """INSERT … ON CONFLICT DO NOTHING from an Arrow table; returns the rows added."""
    con.register("_batch", table)
    try:
        cols = ", ".join(table.column_names)
        # DuckDB answers an INSERT with the number of rows it really added.
        return int(con.execute(
            f"INSERT INTO {table_name} ({cols}) SELECT {cols} FROM _batch ON CONFLICT DO NOTHING"
        ).fetchall()[0][0])
    finally:
        con.unregister("_batch")
