"""Mentions are stored once by id, with their authors, raw payloads and scores."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ambassade.model import Mention
from store.mentions import (ScoreRow, decompress_raw, insert_mentions, save_scores,
                            unscored)

T0 = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)


def mention(native_id: str, author: str = "ana", followers: int | None = 10,
            at: datetime = T0, text: str = "Vive Lemoine") -> Mention:
    return Mention(source="x", native_id=native_id, author=author, author_id=f"id-{author}",
                   text=text, url=f"https://x.com/{author}/status/{native_id}", created_at=at,
                   matched=("Lemoine",), metrics={"like_count": 3}, raw={"id": native_id},
                   author_followers=followers)


def test_inserting_twice_stores_once(db):
    batch = [mention("1"), mention("2")]
    with db.transaction() as con:
        assert insert_mentions(con, batch) == 2
    with db.transaction() as con:
        assert insert_mentions(con, batch + [mention("3")]) == 1
    assert db._rows("SELECT count(*) FROM mentions") == [(3,)]


def test_duplicates_inside_one_batch_are_stored_once(db):
    with db.transaction() as con:
        assert insert_mentions(con, [mention("1"), mention("1")]) == 1


def test_first_version_of_a_mention_wins(db):
    with db.transaction() as con:
        insert_mentions(con, [mention("1", text="first")])
        insert_mentions(con, [mention("1", text="edited")])
    assert db._rows("SELECT text FROM mentions") == [("first",)]


def test_times_are_stored_in_utc(db):
    paris = timezone(timedelta(hours=1))
    with db.transaction() as con:
        insert_mentions(con, [mention("1", at=datetime(2026, 11, 1, 10, tzinfo=paris))])
    stored = db._rows("SELECT created_at FROM mentions")[0][0]
    assert stored == T0


def test_matched_terms_metrics_and_raw_payload_round_trip(db):
    with db.transaction() as con:
        insert_mentions(con, [mention("7")])
    matched, metrics, raw = db._rows("SELECT matched, metrics, raw FROM mentions")[0]
    assert matched == ["Lemoine"]
    assert '"like_count": 3' in metrics
    assert decompress_raw(raw) == {"id": "7"}


def test_authors_keep_latest_followers_and_seen_range(db):
    later = T0 + timedelta(days=2)
    with db.transaction() as con:
        insert_mentions(con, [mention("1", followers=10)])
        insert_mentions(con, [mention("2", followers=25, at=later)])
    rows = db._rows("SELECT id, handle, followers, first_seen, last_seen FROM authors")
    assert rows == [("x:id-ana", "ana", 25, T0, later)]


def test_hostile_text_is_stored_verbatim(db):
    hostile = '=HYPERLINK("http://evil")<script>alert(1)</script>' + "é" * 50_000
    with db.transaction() as con:
        insert_mentions(con, [mention("1", text=hostile + "\x00\x1b[2J\u202e")])
    # Markup and formulas are kept (exports and pages escape them); control characters,
    # terminal escapes and bidi overrides never get past the Mention (ambassade.text.controls).
    assert db._rows("SELECT text FROM mentions")[0][0] == hostile


def test_unscored_lists_new_and_outdated_scores(db):
    with db.transaction() as con:
        insert_mentions(con, [mention("1"), mention("2")])
        save_scores(con, [ScoreRow("x:1", "vader/1", "fr", 0.5, 0.3, 0.7, 0.0, "positive")])
    assert [r[0] for r in unscored(db, "vader/1")] == ["x:2"]
    assert sorted(r[0] for r in unscored(db, "vader/2")) == ["x:1", "x:2"]


def test_scoring_fills_unknown_language_only(db):
    with db.transaction() as con:
        insert_mentions(con, [mention("1")])
    with db.transaction() as con:
        save_scores(con, [ScoreRow("x:1", "s/1", "en", 0.1, 0.1, 0.9, 0.0, "neutral")])
    assert db._rows("SELECT lang FROM mentions") == [("en",)]
