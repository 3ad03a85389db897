"""Collector cursors (committed with the rows they cover) and the runs journal."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import duckdb


def load_cursor(con: duckdb.DuckDBPyConnection, source: str, query: str) -> dict[str, str] | None:
    row = con.execute(
        "SELECT state FROM cursors WHERE source = ? AND query = ?", [source, query]
    ).fetchall()
    return json.loads(row[0][0]) if row else None


def save_cursor(con: duckdb.DuckDBPyConnection, source: str, query: str, state: dict[str, str]) -> None:
    """Store a cursor; call it in the same transaction as the rows it covers."""
    con.execute(
        "INSERT OR REPLACE INTO cursors VALUES (?, ?, ?::JSON, ?)",
        [source, query, json.dumps(state, sort_keys=True), datetime.now(timezone.utc)],
    )


def start_run(con: duckdb.DuckDBPyConnection, job: str) -> int:
    row = con.execute(
        "INSERT INTO runs (job, started_at, status) VALUES (?, ?, 'running') RETURNING id",
        [job, datetime.now(timezone.utc)],
    ).fetchall()
    return int(row[0][0])


def finish_run(con: duckdb.DuckDBPyConnection, run_id: int, status: str, items: int = 0,
               errors: int = 0, message: str | None = None) -> None:
    con.execute(
        "UPDATE runs SET finished_at = ?, status = ?, items = ?, errors = ?, message = ? WHERE id = ?",
        [datetime.now(timezone.utc), status, items, errors, message, run_id],
    )
