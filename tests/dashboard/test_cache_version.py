"""The dashboard's caches are keyed by a data version that new data moves (issue 17): a cached
read never answers old data once the version has moved, and during collection the version
moves at most once per hold, so pages stay cached between collector commits."""

from __future__ import annotations

import inspect
from datetime import timedelta

import streamlit as st

from ambassade.model import Mention
from dashboard import queries
from store import open_store
from store.mentions import insert_mentions
from tests.dashboard.conftest import NOW


def _add_mention(db, native_id: str) -> None:
    m = Mention(source="x", native_id=native_id, author="late", author_id="late", text="Lemoine encore",
                url="https://example.org/late", created_at=NOW - timedelta(hours=1), lang="fr",
                matched=("Lemoine",))
    with open_store(db) as store, store.transaction() as tx:
        insert_mentions(tx, [m])


def _mentions(db, data_version: float) -> float:
    start, end = NOW - timedelta(days=40), NOW + timedelta(days=1)
    return queries.totals(str(db), data_version, start, end, ("x", "reddit", "rss"), True)["mentions"]


def test_no_cached_read_leaves_its_version_out_of_the_cache_key():
    # Streamlit drops parameters that start with "_" from the key: a version spelled so is ignored.
    for name, func in vars(queries).items():
        wrapped = getattr(func, "__wrapped__", None)
        if wrapped is None:
            continue
        parameters = inspect.signature(wrapped).parameters
        assert "_version" not in parameters, name
        if "data_version" in parameters:
            assert list(parameters).index("data_version") == 1, name   # where safe() looks for it


def test_a_moved_version_reads_the_new_data_and_the_old_one_stays_cached(small_db):
    before = queries.version(small_db, now=0.0)
    first = _mentions(small_db, before)
    _add_mention(small_db, "late-1")
    after = queries.version(small_db, now=queries.VERSION_HOLD_SECONDS + 1)
    assert after != before
    assert _mentions(small_db, after) == first + 1
    assert _mentions(small_db, before) == first          # the same key is answered from the cache


def test_the_version_moves_at_most_once_per_hold_while_writes_go_on(small_db):
    hold = queries.VERSION_HOLD_SECONDS
    adopted = queries.version(small_db, now=100.0)
    _add_mention(small_db, "late-1")
    assert queries.file_version(small_db) != adopted
    assert queries.version(small_db, now=100.0 + hold / 2) == adopted      # a collector commit: still cached
    moved = queries.version(small_db, now=100.0 + hold)
    assert moved == queries.file_version(small_db) != adopted              # after the hold: the new data
    assert queries.version(small_db, now=100.0 + hold * 5) == moved        # nothing new: the caches stay


def test_a_write_kept_in_the_write_ahead_log_moves_the_version(tmp_path):
    db = tmp_path / "wal.duckdb"
    with open_store(db):
        pass
    before = queries.file_version(db)
    _add_mention(db, "late-1")
    assert queries.file_version(db) >= before > 0.0
    assert queries.file_version(tmp_path / "missing.duckdb") == 0.0


def test_the_page_run_shows_new_data_after_the_hold(small_db, monkeypatch):
    from tests.dashboard.conftest import run_app

    clock = [1000.0]
    monkeypatch.setattr(queries.time, "monotonic", lambda: clock[0])
    at = run_app("pages/mentions.py", role="comms")
    assert not at.exception
    shown = _page_total(at)
    _add_mention(small_db, "late-1")
    clock[0] += 1
    at.run()
    assert _page_total(at) == shown                       # within the hold: the cached page
    clock[0] += queries.VERSION_HOLD_SECONDS
    at.run()
    assert _page_total(at) == shown + 1
    st.cache_data.clear()


def _page_total(at) -> int:
    return sum(len(frame.value) for frame in at.dataframe)


def test_a_window_ending_now_keeps_its_key_for_five_minutes():
    from datetime import datetime, timezone

    live = datetime(2026, 11, 20, 12, 1, 30, tzinfo=timezone.utc)     # collecting: the newest row is now
    first = queries.window(live, 30, now=live)
    assert queries.window(live, 30, now=live + timedelta(minutes=3)) == first
    assert first[1] == datetime(2026, 11, 20, 12, 5, tzinfo=timezone.utc) > live
    later = live + timedelta(minutes=4)
    assert queries.window(later, 30, now=later)[1] == datetime(2026, 11, 20, 12, 10, tzinfo=timezone.utc)
    lying = datetime(2100, 1, 1, tzinfo=timezone.utc)                  # a row dated in the future
    assert queries.window(lying, 30, now=live) == first


def test_the_dashboards_own_write_is_seen_at_once_by_every_read(small_db):
    adopted = queries.version(small_db)
    first = _mentions(small_db, adopted)
    mention_id = "x:0"
    queries.correct_mention(str(small_db), mention_id, "irrelevant", "comms@example.org")
    moved = queries.version(small_db)                       # no hold after the dashboard's own write
    assert moved != adopted
    assert _mentions(small_db, moved) == first - 1
