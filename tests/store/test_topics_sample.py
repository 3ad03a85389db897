"""The overview's topics read their sample first and apply the own-voice rule to it (DuckDB,
store/voice.py `_sampled`): the same topics as reading the sample through the views, with our
own accounts, employees' handles, corrections and both voices (issue 17)."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import timedelta

import pandas as pd
import pytest

from store import corrections, voice
from store.listening import bind
from store.mentions import insert_mentions, save_scores
from store.programme import Employee, upsert_employees
from tests.store.test_daily import NOW, SOURCES, mentions, scores


def through_the_views(db, view: str) -> str:
    """The sample as topics read it before: straight through the schema's view."""
    return (f"(SELECT * FROM {view} m WHERE m.created_at >= $before AND m.created_at < $end "
            "AND list_contains($sources, m.source) AND hash(m.id) % 1000000 < $kept)")


def test_topics_from_the_sample_are_the_topics_through_the_views(db, monkeypatch):
    found = mentions(11, 500)
    with db.transaction() as tx:
        insert_mentions(tx, found)
        save_scores(tx, scores(found, 12))
        voice.set_own_accounts(tx, [("x", "maisonlemoine"), ("bluesky", "dan")])
        upsert_employees(tx, [Employee(id="emp:claire", display_name="Claire", team="Lyon",
                                       opted_in_at=NOW - timedelta(days=60), handles={"x": "claire_mtn"})])
        for m in found[1:90:7]:
            corrections.correct(tx, m.id, irrelevant=True, by="comms")
    start, end = NOW - timedelta(days=20), NOW + timedelta(hours=1)
    for own in (False, True):
        # Every source stored (the sample read without the sources' test, DuckDB), some of them,
        # and a sample small enough that the hash keeps a few.
        every = (*SOURCES, "bluesky")
        for sources, sample in ((SOURCES, 20_000), (("x", "bluesky"), 20_000), (SOURCES, 60), (every, 20_000),
                                (every, 60)):
            fast = voice.topics(db, start, end, sources, ("texte",), own, sample=sample)
            with monkeypatch.context() as patched:
                patched.setattr(voice, "_sampled", through_the_views)
                slow = voice.topics(db, start, end, sources, ("texte",), own, sample=sample)
            assert not fast.empty
            pd.testing.assert_frame_equal(fast, slow)
            assert fast.attrs == slow.attrs


@pytest.mark.parametrize("view", ["public_mentions", "brand_mentions"])
def test_the_sample_keeps_exactly_the_views_rows(db, view):
    found = mentions(13, 300)
    with db.transaction() as tx:
        insert_mentions(tx, found)
        voice.set_own_accounts(tx, [("x", "maisonlemoine"), ("reddit", "alice")])
        for m in found[:50:5]:
            corrections.correct(tx, m.id, irrelevant=True, by="comms")
    for sources in (SOURCES, (*SOURCES, "bluesky"), ("reddit",)):
        params = {"before": NOW - timedelta(days=40), "end": NOW + timedelta(hours=1), "sources": list(sources),
                  "kept": 400_000}
        # DuckDB's sample reads its rows first (store/voice.py `_sample_rows`), then the rules.
        rows = voice._sample_rows(db, params["before"], params["end"], sources, params["kept"]) \
            if db.engine == "duckdb" else None
        if rows is not None and len(sources) < 4:        # some sources: the others' rows are never read
            assert set(rows.column("source").to_pylist()) <= set(sources)
        with db._registered(voice._SAMPLE_ROWS, rows) if rows is not None else nullcontext():
            sampled = f"SELECT m.id FROM {voice._sampled(db, view)} m"
            ids = sorted(r[0] for r in db._rows(sampled, bind(sampled, params)))
        plain = sorted(r[0] for r in db._rows(f"SELECT m.id FROM {through_the_views(db, view)} m", params))
        assert ids == plain and 0 < len(ids) < 300
