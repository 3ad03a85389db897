"""The overview's figures read with the edges of both windows once (store/listening.py
`overview`) are the reads one by one, and the scans of every mention: after scores,
corrections, own accounts and employees' handles, in several zones, windows, sources and both
voices, on both engines, and where the tables count another zone (issue 17)."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from store import corrections, daily, listening, voice
from store.mentions import insert_mentions, save_scores
from store.programme import Employee, upsert_employees
from tests.store.test_daily import BRAND, NOW, SOURCES, WINDOWS, mentions, scores


def one_by_one(db, start, end, sources, own, zone, scan=False) -> listening.Overview:
    before = start - (end - start)
    return listening.Overview(
        listening.totals(db, start, end, sources, own, zone, scan=scan),
        {k: v for k, v in listening.totals(db, before, start, sources, own, zone, scan=scan).items() if k != "authors"},
        listening.daily_counts(db, start, end, sources, own, zone, scan=scan),
        voice.share_of_voice(db, BRAND, start, end, sources, own, zone, scan=scan))


def assert_same(fast: listening.Overview, slow: listening.Overview) -> None:
    assert fast.totals == pytest.approx(slow.totals, abs=1e-12)
    assert "authors" not in fast.previous and fast.previous == pytest.approx(slow.previous, abs=1e-12)
    pd.testing.assert_frame_equal(fast.daily, slow.daily, check_dtype=False)
    pd.testing.assert_frame_equal(fast.voices, slow.voices, check_dtype=False, atol=1e-9)


def same_figures(db, zone: str) -> None:
    windows = [*WINDOWS, (NOW - timedelta(days=2, hours=5), NOW - timedelta(hours=3))]
    for start, end in windows:
        for own in (False, True):
            for sources in (SOURCES, ("x",), (*SOURCES, "bluesky")):
                fast = listening.overview(db, BRAND, start, end, sources, own, zone)
                assert_same(fast, one_by_one(db, start, end, sources, own, zone))
                assert_same(fast, one_by_one(db, start, end, sources, own, zone, scan=True))


@pytest.mark.parametrize("zone", ["Europe/Paris", "Asia/Kolkata"])
def test_the_overview_read_once_is_the_reads_one_by_one_and_the_scans(db, zone):
    found = mentions(31, 500)
    with db.transaction() as tx:
        daily.keep_zone(tx, zone)
        insert_mentions(tx, found)
        save_scores(tx, scores(found, 32))
        voice.set_own_accounts(tx, [("x", "maisonlemoine"), ("bluesky", "dan")])
        upsert_employees(tx, [Employee(id="emp:claire", display_name="Claire", team="Lyon",
                                       opted_in_at=NOW - timedelta(days=60), handles={"x": "claire_mtn"})])
        for m in found[:90:4]:
            corrections.correct(tx, m.id, label="negative", by="comms")
        for m in found[1:90:9]:
            corrections.correct(tx, m.id, irrelevant=True, by="comms")
    same_figures(db, zone)


def test_where_the_tables_count_another_zone_the_overview_reads_one_by_one(db):
    found = mentions(33, 200)
    with db.transaction() as tx:
        insert_mentions(tx, found)
        save_scores(tx, scores(found, 34))
    assert daily.counted_zone(db) == "Europe/Paris"
    start, end = WINDOWS[0]
    fast = listening.overview(db, BRAND, start, end, SOURCES, False, "America/New_York")
    assert_same(fast, one_by_one(db, start, end, SOURCES, False, "America/New_York", scan=True))


def test_the_overview_splits_each_window_once(db, monkeypatch):
    # Each split reads the mentions up to twice (`daily._holds`); the four reads answer by the
    # splits the edges were read for rather than computing them again.
    found = mentions(35, 200)
    with db.transaction() as tx:
        insert_mentions(tx, found)
        save_scores(tx, scores(found, 36))
    asked = []

    def counting_split(db, start, end, zone):
        asked.append((start, end))
        return split(db, start, end, zone)

    split = daily.split
    monkeypatch.setattr(daily, "split", counting_split)
    start, end = WINDOWS[0]
    fast = listening.overview(db, BRAND, start, end, SOURCES, False, "Europe/Paris")
    windows = [(start, end), (start - (end - start), start)]
    # PostgreSQL reads one by one (its read-only transactions refuse the registered edges).
    assert asked == (windows if db.engine == "duckdb" else windows + windows + [windows[0]] * 2)
    monkeypatch.undo()
    assert_same(fast, one_by_one(db, start, end, SOURCES, False, "Europe/Paris", scan=True))
