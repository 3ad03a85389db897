"""The daily tables (migration 0021, store/daily.py) answer every page read exactly as a scan of
every mention does: after ingest, scoring, corrections, a change of own accounts or declared
handles, an erasure, a purge and a change of zone, in several zones and windows."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest

from ambassade.model import Mention
from store import corrections, daily, listening, open_store, voice
from store.mentions import ScoreRow, insert_mentions, save_scores
from store.programme import Employee, upsert_employees
from store.retention import erase_employee, purge_expired

NOW = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)
SOURCES = ("x", "reddit", "rss")
BRAND = "Maison Lemoine"
WORDS = ("croissant", "flan", "livraison", "service", "pain", "#lemoine", "le", "la")
AUTHORS = ("alice", "bob", "carol", "claire_mtn", "MaisonLemoine", "dan", "@Hugo_Bnd")


def mentions(seed: int, n: int, first: int = 0) -> list[Mention]:
    """Mentions over 40 days, many near midnight in Paris, New York and Kolkata (+5:30)."""
    rnd = random.Random(seed)
    out = []
    for i in range(first, first + n):
        at = NOW - timedelta(days=rnd.randrange(40), hours=rnd.choice([0, 4.5, 5, 11, 18.5, 23]),
                             minutes=rnd.randrange(-40, 40))
        matched = rnd.choice([("Lemoine",), ("Lemoine", "#lemoine"), ()])
        competitors = rnd.choice([(), (), ("Dupain",), ("Dupain", "Pain d'Or")])
        out.append(Mention(source=rnd.choice(SOURCES + ("bluesky",)), native_id=str(i),
                           author=rnd.choice(AUTHORS), author_id=rnd.choice(AUTHORS),
                           text=f"texte {i} " + " ".join(rnd.choices(WORDS, k=5)),
                           url=f"https://example.org/{i}", created_at=at,
                           lang=rnd.choice(["fr", "en", None]), matched=matched, competitors=competitors))
    return out


def scores(found: list[Mention], seed: int) -> list[ScoreRow]:
    rnd = random.Random(seed)
    rows = []
    for m in found:
        if rnd.random() < 0.8:
            label = rnd.choice(["positive", "neutral", "negative"])
            compound = {"positive": 0.6, "neutral": 0.0, "negative": -0.6}[label] + rnd.uniform(-0.04, 0.04)
            rows.append(ScoreRow(m.id, "test/1", "fr", compound, 0.1, 0.8, 0.1, label,
                                 rnd.choice([None, compound / 2])))
    return rows


WINDOWS = [
    (NOW - timedelta(days=30), NOW + timedelta(hours=1)),
    (datetime(2026, 11, 1, tzinfo=timezone.utc), datetime(2026, 11, 29, tzinfo=timezone.utc)),
    (datetime(2026, 11, 3, 13, 37, tzinfo=timezone.utc), datetime(2026, 11, 20, 4, 5, tzinfo=timezone.utc)),
    (datetime(2026, 11, 10, 2, tzinfo=timezone.utc), datetime(2026, 11, 10, 20, tzinfo=timezone.utc)),
]


def same_answers(store, zone: str) -> None:
    """Every read through the daily tables equals the scan, in every window and both voices."""
    for start, end in WINDOWS:
        for own in (False, True):
            for sources in (SOURCES, ("x",)):
                fast = listening.daily_counts(store, start, end, sources, own, zone)
                slow = listening.daily_counts(store, start, end, sources, own, zone, scan=True)
                pd.testing.assert_frame_equal(fast, slow, check_dtype=False)
                assert listening.totals(store, start, end, sources, own, zone) == pytest.approx(
                    listening.totals(store, start, end, sources, own, zone, scan=True), abs=1e-12)
                assert listening.mention_count(store, start, end, sources, own, zone) == \
                    listening.totals(store, start, end, sources, own, zone, scan=True)["mentions"]
                fast = voice.share_of_voice(store, BRAND, start, end, sources, own, zone)
                slow = voice.share_of_voice(store, BRAND, start, end, sources, own, zone, scan=True)
                pd.testing.assert_frame_equal(fast, slow, check_dtype=False, atol=1e-9)
    assert listening.bounds(store) == scanned_bounds(store)
    # Topics size their sample with the daily count: the same sample, the same topics.
    start, end = WINDOWS[0]
    for sample in (50, 20_000):
        fast = voice.topics(store, start, end, SOURCES, ("texte",), sample=sample, zone=zone)
        slow = voice.topics(store, start, end, SOURCES, ("texte",), sample=sample, zone="Etc/GMT+12")
        pd.testing.assert_frame_equal(fast, slow)
        assert fast.attrs == slow.attrs and not fast.empty


def scanned_bounds(store) -> listening.Bounds:
    newest = store._rows("SELECT max(created_at) FROM mentions WHERE created_at <= now()")[0][0]
    return listening.Bounds(
        newest, [r[0] for r in store._rows("SELECT DISTINCT source FROM mentions ORDER BY 1")],
        [r[0] for r in store._rows("SELECT DISTINCT lang FROM mentions WHERE lang IS NOT NULL ORDER BY 1")],
        [r[0] for r in store._rows("SELECT DISTINCT unnest(matched) FROM mentions ORDER BY 1")])


@pytest.fixture
def store(db):
    """The store's engines in turn (tests/store/conftest.py): DuckDB and PostgreSQL."""
    return db


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/New_York", "Asia/Kolkata"])
def test_the_daily_tables_answer_as_a_scan_through_every_kind_of_write(store, zone):
    first = mentions(1, 400)
    with store.transaction() as tx:
        daily.keep_zone(tx, zone)
        insert_mentions(tx, first[:250])                     # counted at ingest, unscored
    same_answers(store, zone)
    with store.transaction() as tx:
        save_scores(tx, scores(first[:250], 2))
        insert_mentions(tx, first[200:])                     # half known: only the new ones count
        save_scores(tx, scores(first[250:], 3))
        voice.set_own_accounts(tx, [("x", "maisonlemoine"), ("bluesky", "dan")])
    same_answers(store, zone)
    with store.transaction() as tx:
        upsert_employees(tx, [Employee(id="emp:claire", display_name="Claire", team="Lyon",
                                       opted_in_at=NOW - timedelta(days=60), handles={"x": "claire_mtn"}),
                              Employee(id="emp:hugo", display_name="Hugo", team="Lyon",
                                       opted_in_at=NOW - timedelta(days=60),
                                       handles={"x": "hugo_bnd", "reddit": "hugo_bnd"})])
        for m in first[:60:3]:
            corrections.correct(tx, m.id, label="negative", by="comms")
        for m in first[1:60:7]:
            corrections.correct(tx, m.id, irrelevant=True, by="comms")
        corrections.correct(tx, first[3].id, label="positive", by="comms")   # the latest wins
        voice.set_own_accounts(tx, [("x", "maisonlemoine")])                 # one account less
    same_answers(store, zone)
    with store.transaction() as tx:
        erase_employee(tx, "emp:hugo")
        purge_expired(tx, 25, NOW)
    same_answers(store, zone)


def test_a_change_of_zone_recounts_and_another_zone_reads_the_mentions(store):
    with store.transaction() as tx:
        insert_mentions(tx, mentions(4, 300))
        save_scores(tx, scores(mentions(4, 300), 5))
        assert daily.counted_zone(tx) == "Europe/Paris"
        assert daily.keep_zone(tx, "America/New_York") and not daily.keep_zone(tx, "America/New_York")
    same_answers(store, "America/New_York")
    same_answers(store, "Europe/Paris")          # not the counted zone: every mention is read
    same_answers(store, "UTC")


def test_a_score_batch_folds_the_days_it_touches_into_one_row_per_key(store):
    found = mentions(6, 200)
    with store.transaction() as tx:
        for start in range(0, 200, 20):                       # ten pages: ten appended parts
            insert_mentions(tx, found[start:start + 20])
        parts = tx._rows("SELECT count(*) FROM daily_counts")[0][0]
        save_scores(tx, scores(found, 7))
        keys = tx._rows("SELECT count(*), count(DISTINCT (day, voice, source, lang, label, own)) "
                        "FROM daily_counts")[0]
    assert keys[0] == keys[1] < parts


def test_the_migrations_count_a_database_written_before_them(tmp_path):
    from tests.store.test_score_times import undo_score_times     # it reads this module's mentions

    path = tmp_path / "old.duckdb"
    with open_store(path) as db:          # today's writers fill the mentions, then 0021 is undone
        with db.transaction() as tx:
            found = mentions(8, 300)
            insert_mentions(tx, found)
            save_scores(tx, scores(found, 9))
            voice.set_own_accounts(tx, [("x", "maisonlemoine")])
            corrections.correct(tx, found[0].id, irrelevant=True, by="comms")
        undo_score_times(db)                                                              # 0031
        db._rows("DROP TABLE daily_counts; DROP TABLE daily_authors; DROP TABLE daily_mentions; "
                 "DROP TABLE daily_zone; DROP TABLE daily_own_handles; DROP VIEW daily_voice_rows; "
                 "DROP MACRO local_day; DROP TABLE mention_tokens_pending; "   # and 0026
                 "DROP MACRO text_digest; ALTER TABLE mentions DROP COLUMN text_digest; "   # and 0027
                 "DROP MACRO sample_key; ALTER TABLE mentions DROP COLUMN sample_key; "     # and 0028-0029
                 "ALTER TABLE authors DROP COLUMN number; "                                  # and 0030
                 "UPDATE schema_version SET version = 20")
    with open_store(path) as db:          # and migrations 0021 and 0022 count them again
        assert db.schema_version() >= 22
        same_answers(db, "Europe/Paris")
