"""Fixtures of the command-line tests: a database held by a writer in another process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from store import open_store


@pytest.fixture
def hold_lock() -> Iterator[Callable[[Path, float], subprocess.Popen]]:
    """hold_lock(path, seconds): another process opens `path` for writing and keeps it that long."""
    holders: list[subprocess.Popen] = []

    def start(path: Path, seconds: float = 60) -> subprocess.Popen:
        open_store(path).close()
        holder = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(f"""
                import duckdb, time
                con = duckdb.connect({str(path)!r})
                print("locked", flush=True)
                time.sleep({seconds})
                con.close()
            """)],
            stdout=subprocess.PIPE, text=True,
        )
        holders.append(holder)
        assert holder.stdout.readline().strip() == "locked"
        return holder

    yield start
    for holder in holders:
        holder.kill()
        holder.wait()


@pytest.fixture
def locked_db(db_path: Path, hold_lock) -> Path:
    """A database file whose write lock another process holds for the whole test."""
    hold_lock(db_path)
    return db_path
