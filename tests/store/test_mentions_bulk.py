"""The bulk write path: zstd payloads (zlib rows still read), set-wise authors, ids checked in SQL."""

from __future__ import annotations

import json
import zlib
from dataclasses import replace
from datetime import timedelta

from store.mentions import INDEX_LOOKUP_MAX, compress_raw, decompress_raw, insert_mentions
from tests.store.test_mentions import T0, mention


def test_payloads_are_zstd_and_rows_stored_as_zlib_before_stay_readable(db):
    with db.transaction() as con:
        insert_mentions(con, [mention("1")])
    (blob,) = db._rows("SELECT raw FROM mentions")[0]
    assert blob[:4] == b"\x28\xb5\x2f\xfd"                     # a zstd frame
    assert decompress_raw(blob) == {"id": "1"}
    old = zlib.compress(json.dumps({"id": "0", "text": "avant"}).encode(), 6)
    assert decompress_raw(old) == {"id": "0", "text": "avant"}
    assert decompress_raw(None) is None and compress_raw(None) is None


def test_payloads_json_refuses_are_kept_through_the_standard_library(db):
    odd = {"big": 2 ** 80, 3: "int key", "when": T0, "nested": {"x": [1, None, "é\u202e"]}}
    hostile = replace(mention("1"), raw=odd, metrics={"score": 2 ** 70})
    with db.transaction() as con:
        assert insert_mentions(con, [hostile]) == 1
    raw, metrics = db._rows("SELECT raw, metrics FROM mentions")[0]
    assert decompress_raw(raw) == {"big": 2 ** 80, "3": "int key", "when": str(T0),
                                   "nested": {"x": [1, None, "é\u202e"]}}
    assert metrics == '{"score": 1180591620717411303424}'          # the text json.dumps wrote


def test_the_latest_row_of_an_author_wins_ties_going_to_the_later_one_in_the_page(db):
    later = T0 + timedelta(hours=1)
    page = [mention("1", followers=5, at=later), mention("2", followers=None, at=T0 - timedelta(days=1)),
            mention("3", followers=7, at=later), mention("4", author="bo", followers=1)]
    with db.transaction() as con:
        insert_mentions(con, page)
    rows = db._rows("SELECT id, followers, first_seen, last_seen FROM authors ORDER BY id")
    assert rows == [("x:id-ana", 7, T0 - timedelta(days=1), later), ("x:id-bo", 1, T0, T0)]
    with db.transaction() as con:     # a later page with no follower count keeps the known one
        insert_mentions(con, [mention("5", followers=None, at=later + timedelta(days=1))])
    assert db._rows("SELECT followers, last_seen FROM authors WHERE id = 'x:id-ana'") == [
        (7, later + timedelta(days=1))]


def test_a_page_of_many_known_and_new_ids_stores_the_new_ones_once(db):
    size = INDEX_LOOKUP_MAX * 20
    first = [mention(str(i), author=f"a{i % 97}") for i in range(0, size, 2)]
    with db.transaction() as con:
        assert insert_mentions(con, first) == len(first)
    again = [mention(str(i), author=f"a{i % 97}") for i in range(size)] + first[:10]
    with db.transaction() as con:
        assert insert_mentions(con, again) == size // 2
    assert db._rows("SELECT count(*), count(DISTINCT id) FROM mentions") == [(size, size)]
    assert db._rows("SELECT count(*) FROM authors") == [(97,)]
    assert db._rows("SELECT count(DISTINCT mention_id) FROM mention_tokens") == [(size,)]
