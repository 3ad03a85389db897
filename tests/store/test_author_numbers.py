"""The overview's distinct authors (store/listening.py `distinct_authors`) count each source's
author id once: the same id on two networks is two authors. On DuckDB the daily author rows
carry their author's number (migration 0030, given by the catch-up pass `daily.number_authors`)
and the count is the same before the pass, after it, and in between."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from ambassade.model import Mention
from store import Store, daily, listening, open_store
from store.copy import copy_database
from store.mentions import insert_mentions
from store.passes import catch_up
from tests.store.test_daily import NOW, SOURCES, WINDOWS, mentions
from tests.store.test_score_times import undo_score_times

ZONES = ("Europe/Paris", "UTC", "Asia/Kolkata")


def undo_author_numbers(db: Store) -> None:
    """The file as migration 0029 left it (schema_version left to the caller; the later
    migration 0031 undone too)."""
    undo_score_times(db)
    db._rows("ALTER TABLE daily_authors DROP COLUMN author_number")
    db._rows("ALTER TABLE authors DROP COLUMN number")


def reference(db: Store, start, end, sources, include_own: bool) -> int:
    """The rule read from the mentions themselves: distinct (source, author id) pairs."""
    view = listening.mention_view(include_own)
    return db._rows(f"SELECT count(DISTINCT (source, author_id)) FROM {view} WHERE author_id IS NOT NULL "
                    "AND created_at >= ? AND created_at < ? AND list_contains(?, source)",
                    [start, end, list(sources)])[0][0]


def wrong_counts(db: Store) -> list[tuple]:
    """(window, sources, own, zone, counted, expected) of every read that differs from the rule."""
    wrong = []
    for zone in ZONES:
        with db.transaction() as tx:
            daily.keep_zone(tx, zone)
        for start, end in WINDOWS:
            for sources in (SOURCES, ("reddit",)):
                for own in (False, True):
                    counted = listening.totals(db, start, end, sources, own, zone)["authors"]
                    expected = reference(db, start, end, sources, own)
                    if counted != expected:
                        wrong.append(((start, end), sources, own, zone, counted, expected))
    return wrong


def numbered(db: Store) -> tuple[int, int]:
    """(daily author rows with an author id, those of them with a number)."""
    return db._rows("SELECT count(author_id), count(author_number) FROM daily_authors")[0]


def test_the_same_id_on_two_networks_is_two_authors(db_path: Path):
    ana = Mention(source="x", native_id="1", author="ana", author_id="ana", text="Le flan Lemoine",
                  url="https://example.org/1", created_at=NOW - timedelta(days=2), lang="fr", matched=("Lemoine",))
    found = [ana, replace(ana, source="reddit", native_id="2"), replace(ana, native_id="3"),
             replace(ana, native_id="4", author_id=None),            # no author id: no author counted
             replace(ana, native_id="5", author_id="reddit:ana"),    # x:reddit:ana, not reddit's ana
             replace(ana, native_id="6", author_id="é' OR 1=1; --" + "9" * 5_000)]    # hostile, huge
    with open_store(db_path) as db:
        with db.transaction() as tx:
            insert_mentions(tx, found)
        window = (NOW - timedelta(days=7), NOW)
        assert listening.totals(db, *window, ("x", "reddit"), False, "Europe/Paris")["authors"] == 4
        catch_up(db)
        assert numbered(db) == (4, 4)
        assert listening.totals(db, *window, ("x", "reddit"), False, "Europe/Paris")["authors"] == 4
        assert listening.totals(db, *window, ("x",), False, "Europe/Paris")["authors"] == 3


def test_the_count_follows_the_rule_before_the_pass_after_it_and_between(db_path: Path):
    with open_store(db_path) as db:
        with db.transaction() as tx:
            insert_mentions(tx, mentions(11, 400))
        assert numbered(db)[1] == 0                     # ingest gives no number: the pass does
        assert wrong_counts(db) == []
        assert daily.number_authors(db) > 0
        rows, with_number = numbered(db)
        assert rows == with_number
        assert wrong_counts(db) == []                   # its zone changes recounted the rows: none numbered
        daily.number_authors(db)
        with db.transaction() as tx:                    # new authors and new days of known ones
            insert_mentions(tx, mentions(12, 300, first=400))
        rows, with_number = numbered(db)
        assert 0 < with_number < rows
        assert wrong_counts(db) == []


def test_numbers_are_unique_and_never_given_again_while_a_daily_row_holds_one(db_path: Path):
    with open_store(db_path) as db:
        with db.transaction() as tx:
            insert_mentions(tx, mentions(13, 200))
        daily.number_authors(db)
        [(top,)] = db._rows("SELECT max(number) FROM authors")
        with db.transaction() as tx:                    # the newest author's row goes, its daily rows stay
            tx._rows("DELETE FROM authors WHERE number = ?", [top])
            insert_mentions(tx, [replace(m, author_id="newcomer", author="newcomer") for m in mentions(14, 5, 900)])
        daily.number_authors(db)
        assert db._rows("SELECT number FROM authors WHERE id LIKE '%:newcomer' AND number <= ?", [top]) == []
        assert db._rows("SELECT count(number) = count(DISTINCT number) FROM authors") == [(True,)]
        assert wrong_counts(db) == []                   # the row whose author went still counts


def test_the_migration_numbers_the_authors_and_rows_stored_before_it(db_path: Path):
    with open_store(db_path) as db:
        with db.transaction() as tx:
            insert_mentions(tx, mentions(15, 300))
        undo_author_numbers(db)
        db._rows("UPDATE schema_version SET version = 29")
    with open_store(db_path) as db:
        assert db.schema_version() >= 30
        rows, with_number = numbered(db)
        assert rows == with_number > 0
        assert db._rows("SELECT count(*) = count(number) AND count(number) = count(DISTINCT number) "
                        "FROM authors") == [(True,)]
        assert wrong_counts(db) == []


def test_a_copy_through_postgresql_numbers_the_authors_again(tmp_path: Path, pg_url: str):
    source, back = tmp_path / "source.duckdb", tmp_path / "back.duckdb"
    with open_store(source) as db:
        with db.transaction() as tx:
            insert_mentions(tx, mentions(16, 300))
        catch_up(db)
    with open_store(source, read_only=True) as db, open_store(pg_url) as pg:
        copy_database(db, pg)                           # PostgreSQL keeps no numbers (0030)
        assert wrong_counts(pg) == []
    with open_store(pg_url, read_only=True) as pg, open_store(back) as db:
        copy_database(pg, db)
        rows, with_number = numbered(db)
        assert rows == with_number > 0
        assert wrong_counts(db) == []

