"""Fixtures of the command-line tests: a database held by a writer in another process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from store import open_store


@pytest.fixture
def locked_db(db_path: Path) -> Iterator[Path]:
    """A database file whose write lock another process holds for the whole test."""
    open_store(db_path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, time
            con = duckdb.connect({str(db_path)!r})
            print("locked", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield db_path
    finally:
        holder.kill()
        holder.wait()
