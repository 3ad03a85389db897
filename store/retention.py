"""Retention limits and erasure: personal records are kept for a bounded time and can be removed.

Both run inside the caller's transaction and return how many rows each table lost.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb


def _delete(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> int:
    rows = con.execute(sql, params).fetchall()
    return int(rows[0][0]) if rows else 0


def purge_expired(con: duckdb.DuckDBPyConnection, retention_days: int, now: datetime) -> dict[str, int]:
    """Delete what is older than `retention_days`; erase employees who withdrew before that."""
    cutoff = now - timedelta(days=retention_days)
    gone: dict[str, int] = {}
    withdrawn = [row[0] for row in con.execute(
        "SELECT id FROM employees WHERE withdrawn_at IS NOT NULL AND withdrawn_at < ?", [cutoff]
    ).fetchall()]
    for employee_id in withdrawn:
        for table, n in erase_employee(con, employee_id).items():
            gone[table] = gone.get(table, 0) + n
    old = "SELECT id FROM mentions WHERE created_at < ?"
    steps = {
        "scores": (f"DELETE FROM scores WHERE mention_id IN ({old})", [cutoff]),
        "shares": ("DELETE FROM shares WHERE shared_at < ?", [cutoff]),
        "mentions": ("DELETE FROM mentions WHERE created_at < ?", [cutoff]),
        "clicks": ("DELETE FROM clicks WHERE clicked_at < ?", [cutoff]),
        "authors": ("DELETE FROM authors WHERE last_seen < ?", [cutoff]),
        "alerts": ("DELETE FROM alerts WHERE ends_at < ?", [cutoff]),
        "runs": ("DELETE FROM runs WHERE started_at < ?", [cutoff]),
    }
    for table, (sql, params) in steps.items():
        gone[table] = gone.get(table, 0) + _delete(con, sql, params)
    return gone


def erase_employee(con: duckdb.DuckDBPyConnection, employee_id: str) -> dict[str, int]:
    """Remove one employee everywhere: enrolment, handles, their posts, shares, links, clicks, signals."""
    by_handle = """(source, lower(author)) IN
        (SELECT source, handle FROM employee_handles WHERE employee_id = ?)"""
    steps = {
        "scores": (f"DELETE FROM scores WHERE mention_id IN (SELECT id FROM mentions WHERE {by_handle})",
                   [employee_id]),
        "shares": ("DELETE FROM shares WHERE employee_id = ?", [employee_id]),
        "mentions": (f"DELETE FROM mentions WHERE {by_handle}", [employee_id]),
        "authors": ("""DELETE FROM authors WHERE (source, lower(handle)) IN
                       (SELECT source, handle FROM employee_handles WHERE employee_id = ?)""", [employee_id]),
        "clicks": ("DELETE FROM clicks WHERE code IN (SELECT code FROM share_links WHERE employee_id = ?)",
                   [employee_id]),
        "share_links": ("DELETE FROM share_links WHERE employee_id = ?", [employee_id]),
        "advocacy": ("DELETE FROM advocacy WHERE subject_kind = 'employee' AND subject_id = ?", [employee_id]),
        "employee_handles": ("DELETE FROM employee_handles WHERE employee_id = ?", [employee_id]),
        "employees": ("DELETE FROM employees WHERE id = ?", [employee_id]),
    }
    return {table: _delete(con, sql, params) for table, (sql, params) in steps.items()}
