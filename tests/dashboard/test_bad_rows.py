"""Rows already in a database with impossible dates never break a page nor move its window."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ambassade.model import Mention
from store import open_store
from store.mentions import insert_mentions
from tests.dashboard.conftest import run_app


@pytest.fixture
def future_rows(small_db):
    """Two entries from feeds that lie about their dates, stored before dates were clamped
    (a Mention made today dates them now, so the old dates are put back as such a row had them)."""
    liars = []
    for year in (2100, 9999):
        mention = Mention(source="rss", native_id=f"future-{year}", author="liar", author_id=None,
                          text=f"Lemoine en {year}", url=None, matched=("Lemoine",),
                          created_at=datetime(year, 12, 31, 23, 59, tzinfo=timezone.utc))
        object.__setattr__(mention, "created_at", datetime(year, 12, 31, 23, 59, tzinfo=timezone.utc))
        liars.append(mention)
    with open_store(small_db) as store, store.transaction() as db:
        insert_mentions(db, liars)
    return small_db


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/mentions.py", "pages/advocacy.py",
                                  "pages/health.py"])
def test_pages_render_with_rows_dated_in_the_future(future_rows, page):
    at = run_app(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_a_row_in_2100_does_not_move_the_window(future_rows):
    at = run_app()
    assert {m.label: m.value for m in at.metric}["Mentions"] == "59"   # the real public ones (one is our own voice), not 2100's
    explorer = run_app("pages/mentions.py")
    assert "60" in explorer.caption[0].value
    assert not explorer.dataframe[0].value["text"].str.contains("2100|9999").any()
