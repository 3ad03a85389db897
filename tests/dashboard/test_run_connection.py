"""One read connection per run of the entry script (issue 14: the first load at 1M mentions):
the run's reads share it, it is closed when the run ends, and the dashboard's own writes and
the collectors can still open the file read-write."""

from __future__ import annotations

import pytest

from dashboard import queries
from store import connect, open_store
from tests.dashboard.conftest import run_app
from tests.dashboard.test_cache_version import _mentions


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list:
    """Every read-only Store the dashboard opens, in order."""
    found: list = []
    real = connect.open_store

    def counting(path, read_only=False):
        store = real(path, read_only=read_only)
        if read_only:
            found.append(store)
        return store

    monkeypatch.setattr(connect, "open_store", counting)
    return found


def _reads(db) -> None:
    version = queries.version(db)
    queries.bounds(str(db), version)
    queries.health(str(db), version)
    queries.employees(str(db), version)


def test_the_reads_of_one_run_share_one_connection_closed_at_the_end(small_db, opened):
    with queries.one_connection_per_run():
        _reads(small_db)
        assert len(opened) == 1
    with open_store(small_db) as writer:       # closed: a writer (another process's too) gets the file
        assert writer._rows("SELECT count(*) FROM mentions")[0][0] == 60


def test_outside_a_run_each_read_opens_its_own_connection(small_db, opened):
    _reads(small_db)
    assert len(opened) == 3


def test_a_write_during_a_run_releases_the_runs_connection_and_later_reads_reopen(small_db, opened):
    with queries.one_connection_per_run():
        before = _mentions(small_db, queries.version(small_db))
        queries.correct_mention(str(small_db), "x:0", "irrelevant", "comms@example.org")
        after = _mentions(small_db, queries.version(small_db))
    assert after == before - 1
    assert len(opened) == 2


def test_a_page_run_opens_one_read_connection(small_db, opened):
    at = run_app()          # the entry script and the overview: bounds, totals, daily counts, topics…
    assert not at.exception
    assert len(opened) == 1
