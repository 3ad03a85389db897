"""While a writer holds the file past the bounded retry, pages show the last good figures
with a one-line notice, never "database is locked" nor a traceback."""

from __future__ import annotations

import pytest
import streamlit as st

from dashboard import queries
from tests.dashboard.conftest import run_app


@pytest.fixture
def short_retry(monkeypatch):
    monkeypatch.setattr(queries, "READ_RETRY_SECONDS", 0.2)
    queries._LAST_GOOD.clear()
    yield
    queries._LAST_GOOD.clear()


@pytest.mark.parametrize(("page", "role"), [("pages/overview.py", "comms"), ("pages/mentions.py", "comms"),
                                            ("pages/coaching.py", "comms"), ("pages/health.py", "comms"),
                                            ("pages/advocacy.py", "comms")])
def test_a_locked_database_shows_the_last_good_figures(small_db, short_retry, hold_lock, page, role):
    at = run_app(page, role=role)
    assert not at.exception and not at.error
    shown = [m.value for m in at.metric], len(at.dataframe)
    st.cache_data.clear()                     # the minute's cache has expired
    hold_lock(small_db, 60)                   # a long write holds the file
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert ([m.value for m in at.metric], len(at.dataframe)) == shown
    assert any("dernière lecture réussie" in i.value for i in at.info)


def test_a_locked_database_with_nothing_read_yet_is_one_line(small_db, short_retry, hold_lock):
    hold_lock(small_db, 60)
    at = run_app("pages/coaching.py")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert [w.value for w in at.warning] == ["La base est occupée par une écriture en cours : réessayez dans un instant."]
