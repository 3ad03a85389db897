"""Fixtures of the command-line tests: a database held by a writer in another process (tests/conftest.py hold_lock)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def locked_db(db_path: Path, hold_lock) -> Path:
    """A database file whose write lock another process holds for the whole test."""
    hold_lock(db_path)
    return db_path
