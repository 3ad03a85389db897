"""The bulk write path: JSON payloads (zstd and zlib rows still read), set-wise authors, ids checked in SQL."""

from __future__ import annotations

import json
import zlib

import orjson
import zstandard
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from store.search import index_pending
from store.mentions import INDEX_LOOKUP_MAX, decompress_raw, encode_raw, insert_mentions, mentions_table
from tests.store.test_mentions import T0, mention


def test_payloads_are_json_and_rows_stored_as_zstd_or_zlib_before_stay_readable(db):
    with db.transaction() as con:
        insert_mentions(con, [mention("1")])
    (blob,) = db._rows("SELECT raw FROM mentions")[0]
    assert blob == b'{"id":"1"}'                # left to DuckDB's column compression
    assert decompress_raw(blob) == {"id": "1"}
    zstd = zstandard.ZstdCompressor(level=3).compress(b'{"id":"2","text":"avant"}')
    assert decompress_raw(zstd) == {"id": "2", "text": "avant"}
    old = zlib.compress(json.dumps({"id": "0", "text": "avant"}).encode(), 6)
    assert decompress_raw(old) == {"id": "0", "text": "avant"}
    assert decompress_raw(None) is None and encode_raw(None) is None


def test_payloads_json_refuses_are_kept_through_the_standard_library(db):
    odd = {"big": 2 ** 80, 3: "int key", "when": T0, "nested": {"x": [1, None, "é\u202e"]}}
    hostile = replace(mention("1"), raw=odd, metrics={"score": 2 ** 70})
    with db.transaction() as con:
        assert insert_mentions(con, [hostile]) == 1
    raw, metrics = db._rows("SELECT raw, metrics FROM mentions")[0]
    assert decompress_raw(raw) == {"big": 2 ** 80, "3": "int key", "when": str(T0),
                                   "nested": {"x": [1, None, "é\u202e"]}}
    assert metrics == '{"score": 1180591620717411303424}'          # the text json.dumps wrote


def test_payloads_are_written_byte_for_byte_as_before_whichever_road_they_take():
    payloads = [{"tweet": {"id": "1", "text": "Crème brûlée \u202e", "n": 3, "f": 0.1, "ok": True, "none": None,
                           "when": T0, "list": [1, "a", {"b": []}]}},
                {7: "an int key", "x": {1.5: "a float key"}},          # the option's road
                {"price": Decimal("1.50"), "tags": set()}]             # types orjson refuses: default=str
    for raw in payloads:      # the earlier encoding, one road for all
        assert encode_raw(raw) == orjson.dumps(raw, default=str, option=orjson.OPT_NON_STR_KEYS)


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
    # DuckDB queues each once for its word index (0026), which then has each once;
    # PostgreSQL indexes the mentions themselves (0024).
    indexed = 0 if db.engine == "postgres" else size
    assert db._rows("SELECT count(*), count(DISTINCT mention_id) FROM mention_tokens_pending") == [
        (indexed, indexed)]
    index_pending(db)
    assert db._rows("SELECT count(DISTINCT mention_id) FROM mention_tokens") == [(indexed,)]


def _row_by_row(page, collected_at):
    """The earlier builder, one row and one `json.dumps` at a time: what a page must store."""
    seen, rows = set(), []
    for m in page:
        if m.id in seen:
            continue
        seen.add(m.id)
        rows.append({"id": m.id, "source": m.source, "native_id": m.native_id, "author": m.author,
                     "author_id": m.author_id, "text": m.text, "url": m.url,
                     "created_at": m.created_at, "lang": m.lang, "matched": list(m.matched),
                     "metrics": json.dumps(m.metrics), "raw": encode_raw(m.raw),
                     "collected_at": collected_at, "competitors": list(m.competitors)})
    return rows


def test_a_page_built_column_by_column_holds_what_the_row_by_row_builder_stored():
    # Metrics whose text a template could get wrong: floats, bools (json says true), nested,
    # a "%" in a name, a non-string key, an accent (escaped), an int past 64 bits, a key set
    # seen first with ints and then with a bool.
    odd_metrics = [{"like_count": 3, "retweet_count": 1}, {}, {"ratio": 0.5}, {"flag": True},
                   {"nested": {"a": 1}}, {"100%": 2}, {3: 4}, {"é": 1}, {"big": 2 ** 70},
                   {"like_count": 5, "retweet_count": True}, {"like_count": 7, "retweet_count": 2}]
    page = [replace(mention(str(i), text=f"texte {i}"), metrics=metrics)
            for i, metrics in enumerate(odd_metrics)]
    page += [replace(mention("1"), text="the second copy of an id is not kept"),
             replace(mention("20"), author=None, author_id=None, raw=None),
             replace(mention("21"), author="Bo", author_id=None, matched=(), lang=None)]
    at = T0 + timedelta(days=1)
    assert mentions_table(page, at).to_pylist() == _row_by_row(page, at)


def test_mentions_without_an_author_are_stored_and_add_no_author(db):
    page = [replace(mention("1"), author=None, author_id=None), mention("2"),
            replace(mention("3"), author="Bo", author_id=None)]
    with db.transaction() as con:
        assert insert_mentions(con, page) == 3
    assert db._rows("SELECT id, handle FROM authors ORDER BY id") == [("x:bo", "Bo"), ("x:id-ana", "ana")]
