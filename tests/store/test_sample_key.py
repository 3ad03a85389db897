"""Each mention keeps the key the overview's topics sample it by (DuckDB, migrations 0028 and
0029): written when it is stored, back-filled for the mentions stored before, required, and
the sample follows the stored key. `store copy` into DuckDB computes it again: the round trip
through PostgreSQL in test_text_digest.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from ambassade.errors import StoreError
from store import Store, open_store, voice
from store.mentions import insert_mentions
from tests.store.test_author_numbers import undo_author_numbers
from tests.store.test_daily import NOW, SOURCES, mentions

# The rule of the key: the id's hash in [0, 1e6), PostgreSQL's sample rule too (store/voice.py).
RULE = "CAST(hash(id) % 1000000 AS INTEGER)"


def wrong_keys(db: Store) -> list[tuple]:
    """(id, stored key, the rule's key) of every mention whose key is not its id's."""
    return db._rows(f"SELECT id, sample_key, {RULE} FROM mentions WHERE sample_key IS DISTINCT FROM {RULE}")


def undo_sample_key(db: Store) -> None:
    """The file as migration 0027 left it, its mentions stored already (schema_version left to
    the caller; the later migration 0030 undone too)."""
    undo_author_numbers(db)
    db._rows("ALTER TABLE mentions DROP COLUMN sample_key")
    db._rows("DROP MACRO sample_key")


def test_every_stored_mention_has_its_ids_key(db_path: Path):
    found = mentions(3, 400)
    found[0] = replace(found[0], native_id="é' OR 1=1; --" + "9" * 5_000)      # a hostile, huge id
    with open_store(db_path) as db:
        with db.transaction() as tx:
            insert_mentions(tx, found)
        [(stored, keyed)] = db._rows("SELECT count(*), count(sample_key) FROM mentions")
        assert stored == keyed == 400
        assert wrong_keys(db) == []
        [(low, high)] = db._rows("SELECT min(sample_key), max(sample_key) FROM mentions")
        assert 0 <= low < 100_000 and 900_000 < high < 1_000_000      # spread over the whole range


def test_the_migration_back_fills_the_mentions_stored_before_it(db_path: Path):
    with open_store(db_path) as db:       # today's writers fill the mentions, then 0028 and 0029 are undone
        with db.transaction() as tx:
            insert_mentions(tx, mentions(5, 300))
        undo_sample_key(db)
        db._rows("UPDATE schema_version SET version = 27")
    with open_store(db_path) as db:       # and the migrations key them
        assert db.schema_version() >= 29
        assert wrong_keys(db) == []
        [(keyed,)] = db._rows("SELECT count(sample_key) FROM mentions")
        assert keyed == 300
        with db.transaction() as tx:      # and the writers go on as before
            insert_mentions(tx, mentions(6, 20, first=1_000))
        assert wrong_keys(db) == []


def test_a_writer_that_forgets_the_key_is_refused(db_path: Path):
    with open_store(db_path) as db:
        with pytest.raises(StoreError, match="NOT NULL constraint failed: mentions.sample_key"):
            db._rows("INSERT INTO mentions (id, source, native_id, author, text, created_at, matched, collected_at) "
                     "VALUES ('x:1', 'x', '1', 'ana', 'Lemoine', now(), ['Lemoine'], now())")
        assert db._rows("SELECT count(*) FROM mentions") == [(0,)]


def test_the_topics_sample_follows_the_stored_key_not_a_hash_of_the_id(db_path: Path):
    with open_store(db_path) as db:
        with db.transaction() as tx:
            insert_mentions(tx, mentions(8, 400))
        before, end = NOW - timedelta(days=60), NOW + timedelta(hours=1)
        kept = 100_000
        # As a later DuckDB whose hash differs would leave them: the stored keys stay the sample.
        db._rows(f"UPDATE mentions SET sample_key = ({RULE} + 500000) % 1000000")
        rows = voice._sample_rows(db, before, end, (*SOURCES, "bluesky"), kept)
        expected = {i for (i,) in db._rows("SELECT id FROM mentions WHERE created_at >= ? AND created_at < ? "
                                           "AND sample_key < ?", [before, end, kept])}
        assert set(rows.column("id").to_pylist()) == expected and 0 < len(expected) < 400
