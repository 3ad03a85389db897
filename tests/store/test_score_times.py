"""Each DuckDB score carries its mention's time (migration 0031), and the daily tables' view
finds a mention's score by id and time: every writer of a score writes the time, the view
finds every score the id alone finds, and the migration and `store copy` give the time to the
scores stored without one."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import scoring.batch as batch
import store
from ambassade.model import Mention
from store import Store, corrections, listening, open_store
from store.copy import copy_database
from store.mentions import ScoreRow, insert_mentions, save_scores
from store.state import ShortLivedStore
from tests.scoring.test_brand_pass_folded import LANGUAGES, MATCHER
from tests.store.test_daily import BRAND, SOURCES, WINDOWS, mentions, same_answers, scores

ZONE = "Europe/Paris"


MIGRATIONS = Path(store.__file__).parent / "migrations"


def view_as_made(migration: str, view: str) -> str:
    """The statement of a shipped migration that made `view`, as CREATE OR REPLACE."""
    text = (MIGRATIONS / migration).read_text(encoding="utf-8")
    found = re.search(rf"^CREATE VIEW {view} AS\n.*?;$", text, re.S | re.M)
    assert found, (migration, view)
    return found.group(0).replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1)


def undo_score_times(db: Store) -> None:
    """The file as migration 0030 left it (schema_version left to the caller): the views as
    0015 and 0022 made them, then the scores without their times."""
    db._rows(view_as_made("0015_voice.sql", "effective_scores"))
    db._rows(view_as_made("0022_daily_authors.sql", "daily_voice_rows"))
    db._rows("ALTER TABLE scores DROP COLUMN created_at")


def wrong_times(db: Store) -> list[tuple]:
    """(mention id, its time, its score's time) of every score of a stored mention whose time
    is not its mention's."""
    return db._rows("SELECT m.id, m.created_at, s.created_at FROM scores s JOIN mentions m ON m.id = s.mention_id "
                    "WHERE s.created_at IS DISTINCT FROM m.created_at")


def labels_by_id_alone(db: Store) -> list[tuple]:
    """The brand's rows of the daily view beside each mention's label found by id alone (0022's
    rule): the rows where they differ."""
    return db._rows(
        "SELECT v.id, v.label, coalesce(s.label, 'unscored') FROM daily_voice_rows v "
        "LEFT JOIN effective_scores s ON s.mention_id = v.id WHERE v.voice = '' "
        "AND v.label IS DISTINCT FROM coalesce(s.label, 'unscored')")


def hostile(found: list[Mention]) -> list[Mention]:
    """The mentions with a hostile, huge id and one at the very first microsecond of a day."""
    return [replace(found[0], native_id="é' OR 1=1; --" + "9" * 5_000),
            replace(found[1], created_at=found[1].created_at.replace(hour=23, minute=0, second=0, microsecond=0)),
            *found[2:]]


def test_every_score_written_carries_its_mentions_time(db_path: Path):
    found = hostile(mentions(31, 300))
    with open_store(db_path) as db:
        with db.transaction() as tx:
            insert_mentions(tx, found)
            save_scores(tx, scores(found, 32))
            save_scores(tx, scores(found[:50], 33))          # scores written again keep the time
            save_scores(tx, [ScoreRow("x:not-stored", "test/1", "fr", 0.5, 0.3, 0.4, 0.3, "positive")])
        assert wrong_times(db) == []
        [(timeless,)] = db._rows("SELECT count(*) FROM scores WHERE created_at IS NULL")
        assert timeless == 1                                # the score of no stored mention keeps none
        assert labels_by_id_alone(db) == []


def test_the_store_pass_writes_the_times_of_its_batches(db_path: Path):
    with open_store(db_path) as db, db.transaction() as tx:
        insert_mentions(tx, hostile(mentions(34, 400)))
    assert batch.score_store(ShortLivedStore(db_path), MATCHER, LANGUAGES, workers=1) == 400
    with open_store(db_path, read_only=True) as db:
        assert db._rows("SELECT count(created_at) FROM scores") == [(400,)]
        assert wrong_times(db) == []


def test_the_daily_view_finds_every_score_the_id_finds(db_path: Path):
    found = mentions(35, 500)
    with open_store(db_path) as db:
        with db.transaction() as tx:
            insert_mentions(tx, found)
            save_scores(tx, scores(found, 36))
            corrections.correct(tx, found[3].id, label="negative", by="comms")
            corrections.correct(tx, found[4].id, irrelevant=True, by="comms")
        assert labels_by_id_alone(db) == []
        same_answers(db, ZONE)          # the daily tables and the overview's edges, against the scan
        for start, end in WINDOWS:
            fast = listening.overview(db, BRAND, start, end, SOURCES, False, ZONE)
            assert fast.totals == listening.totals(db, start, end, SOURCES, False, ZONE, scan=True)


def test_the_migration_gives_the_scores_stored_before_it_their_times(db_path: Path):
    found = mentions(37, 400)
    with open_store(db_path) as db:       # today's writers store and score, then 0031 is undone
        with db.transaction() as tx:
            insert_mentions(tx, found)
            save_scores(tx, scores(found, 38))
        undo_score_times(db)
        db._rows("UPDATE schema_version SET version = 30")
    with open_store(db_path) as db:       # and migration 0031 gives them their times
        assert db.schema_version() >= 31
        assert wrong_times(db) == []
        assert db._rows("SELECT count(*) = count(created_at) FROM scores") == [(True,)]
        assert labels_by_id_alone(db) == []
        same_answers(db, ZONE)


def test_a_copy_through_postgresql_gives_the_scores_their_times_again(tmp_path: Path, pg_url: str):
    source, back = tmp_path / "source.duckdb", tmp_path / "back.duckdb"
    found = mentions(39, 300)
    with open_store(source) as db, db.transaction() as tx:
        insert_mentions(tx, found)
        save_scores(tx, scores(found, 40))
    with open_store(source, read_only=True) as db, open_store(pg_url) as pg:
        copy_database(db, pg)                           # PostgreSQL's scores keep no time (0031)
        same_answers(pg, ZONE)
    with open_store(pg_url, read_only=True) as pg, open_store(back) as db:
        copy_database(pg, db)
        assert db._rows("SELECT count(*), count(created_at) FROM scores") == \
            pg._rows("SELECT count(*), count(*) FROM scores")
        assert wrong_times(db) == []
        same_answers(db, ZONE)
