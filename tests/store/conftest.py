"""The store's tests run on both engines: a DuckDB file and a PostgreSQL database.

`db` (and `db_target`, what open_store is given) is parametrized by engine; tests that work
on the DuckDB file itself (permissions, locks, damage) use `db_path` and stay DuckDB's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store import Store, open_store

ENGINES = ["duckdb", "postgres"]


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db_target(engine: str, db_path: Path, request: pytest.FixtureRequest) -> str | Path:
    """What open_store is given: the DuckDB file, or a fresh PostgreSQL database's URL."""
    if engine == "postgres":
        return request.getfixturevalue("pg_url")
    return db_path


@pytest.fixture
def db(db_target: str | Path) -> Iterator[Store]:
    store = open_store(db_target)
    yield store
    store.close()
