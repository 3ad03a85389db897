"""The numbered migrations: one plain file for both engines, small per-engine files beside it.

The schema they make is the one the runner made before (commit c81032d), when a whole
`NNNN_name.postgres.sql` copy replaced the plain file on PostgreSQL: DuckDB's to the letter
(tests/store/data/schema_v23.duckdb.json), PostgreSQL's compared with a database that runner
migrated (tests/store/data/schema_v23.postgres.sql, a schema-only dump), and such a database
opens without running any of its migrations again.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import psycopg
import pytest

from ambassade.errors import StoreError
from store import connect, open_store
from store.connect import LATEST_VERSION, migrations
from store.dialect import Catalog, translate
from store.listening import MentionFilter, explore
from store.postgres import close_pools
from store.postgres import migrate as migrate_postgres
from tests.store.schema_snapshot import duckdb_schema, postgres_schema

DATA = Path(__file__).parent / "data"
SNAPSHOT_VERSION = 23

# The one difference from the old PostgreSQL copy: translated from DuckDB, the latest
# correction's order says DuckDB's NULLS LAST. Both columns are NOT NULL: the same rows.
_OLD_LATEST = ("corrections.corrected_at DESC, corrections.id DESC;")
_NEW_LATEST = ("corrections.corrected_at DESC NULLS LAST, corrections.id DESC NULLS LAST;")


def _known_difference_aside(schema: dict[str, list[list[str]]]) -> dict[str, list[list[str]]]:
    """`schema` with latest_corrections' order as the old PostgreSQL copy wrote it."""
    views = [[name, text.replace(_NEW_LATEST, _OLD_LATEST)] for name, text in schema["views"]]
    return {**schema, "views": views}


def _up_to_snapshot(monkeypatch: pytest.MonkeyPatch, module: object, engine: str) -> None:
    """The runner of `module` (store.connect or store.postgres) stops at the snapshot's version:
    migrations added after it make more, and are not what the snapshot speaks of."""
    shipped = [m for m in migrations(engine) if m[0] <= SNAPSHOT_VERSION]
    monkeypatch.setattr(module, "migrations", lambda *_: shipped)
    monkeypatch.setattr(connect, "LATEST_VERSION", SNAPSHOT_VERSION)


# -- the rule -----------------------------------------------------------------------------

def test_each_engine_runs_its_part_before_and_after_the_shared_file():
    def files(engine: str, version: int) -> list[str]:
        return [name for v, name, _ in migrations(engine) if v == version]

    assert files("duckdb", 15) == ["0015_voice.duckdb.sql", "0015_voice.sql", "0015_voice.after.duckdb.sql"]
    assert files("postgres", 15) == ["0015_voice.postgres.sql", "0015_voice.sql", "0015_voice.after.postgres.sql"]
    assert files("duckdb", 1) == files("postgres", 1) == ["0001_listening.sql"]
    assert files("duckdb", 23) == ["0023_mention_postings.sql"]
    assert files("postgres", 23) == ["0023_mention_postings.sql", "0023_mention_postings.after.postgres.sql"]


def test_every_version_up_to_the_latest_has_one_plain_file_on_each_engine():
    for engine in ("duckdb", "postgres"):
        versions = [v for v, name, _ in migrations(engine) if name.count(".") == 1]
        assert versions == sorted(set(versions))
        assert max(versions) == LATEST_VERSION


def test_a_file_name_the_rule_does_not_know_is_refused():
    with pytest.raises(StoreError, match="not a migration file name"):
        connect._place("0015_voice.before.postgres.sql", ["before", "postgres"], "postgres")
    with pytest.raises(StoreError, match="not a migration file name"):
        connect._place("0015_voice.sqlite.sql", ["sqlite"], "duckdb")


def test_the_shared_files_hold_no_statement_of_one_engine_only():
    for _, name, sql in migrations("duckdb"):
        if name.count(".") == 1:
            assert "CREATE MACRO" not in sql.upper(), name


def test_a_plain_file_of_comments_alone_translates_to_no_statement():
    # 0024's shape: `0024_fulltext.sql` says what the migration is; its `.postgres.sql` does it.
    assert translate("-- PostgreSQL's full-text search: see 0024_fulltext.postgres.sql.\n", Catalog()).statements == ()


# -- DuckDB -------------------------------------------------------------------------------

def test_a_new_duckdb_file_has_the_schema_of_the_runner_before(db_path, monkeypatch):
    _up_to_snapshot(monkeypatch, connect, "duckdb")
    con = duckdb.connect(str(db_path))
    try:
        con.execute("SET TimeZone = 'UTC'")
        assert connect.migrate(con, db_path) == SNAPSHOT_VERSION
        schema = duckdb_schema(con)
    finally:
        con.close()
    assert schema == json.loads((DATA / "schema_v23.duckdb.json").read_text())


def test_a_migration_of_comments_and_an_engine_file_runs_on_duckdb(db_path, monkeypatch):
    open_store(db_path).close()
    extra = [(LATEST_VERSION + 1, "9999_probe.sql", "-- comments only\n"),
             (LATEST_VERSION + 1, "9999_probe.after.duckdb.sql", "CREATE TABLE probe (a INTEGER);")]
    monkeypatch.setattr(connect, "migrations", lambda engine="duckdb": migrations(engine) + extra)
    monkeypatch.setattr(connect, "LATEST_VERSION", LATEST_VERSION + 1)
    with open_store(db_path) as store:
        assert store.schema_version() == LATEST_VERSION + 1
        assert store._rows("SELECT count(*) FROM probe") == [(0,)]


def upgrade_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "store.upgrade"]


def test_an_existing_duckdb_file_says_each_migration_it_runs_and_when_it_is_done(db_path, monkeypatch, caplog):
    # A migration on a large history runs for tens of seconds: the command says what it does.
    open_store(db_path).close()
    extra = [(LATEST_VERSION + 1, "9999_probe.sql", "-- comments only\n"),
             (LATEST_VERSION + 1, "9999_probe.after.duckdb.sql", "CREATE TABLE probe (a INTEGER);")]
    monkeypatch.setattr(connect, "migrations", lambda engine="duckdb": migrations(engine) + extra)
    monkeypatch.setattr(connect, "LATEST_VERSION", LATEST_VERSION + 1)
    with caplog.at_level(logging.INFO, logger="store.upgrade"):
        open_store(db_path).close()
        open_store(db_path).close()           # up to date: nothing to say
    first, done = upgrade_lines(caplog)
    new = LATEST_VERSION + 1
    assert first == f"{db_path}: upgrading the schema to version {new} of {new} (9999_probe)…"
    assert re.fullmatch(rf"{re.escape(str(db_path))}: schema upgraded from version {LATEST_VERSION} "
                        rf"to {new} in \d+\.\d s", done)


def test_a_new_database_is_made_without_upgrade_lines(db_path, caplog):
    with caplog.at_level(logging.INFO, logger="store.upgrade"):
        open_store(db_path).close()
    assert upgrade_lines(caplog) == []


# -- PostgreSQL ---------------------------------------------------------------------------

def _restore_old_runner_database(url: str) -> None:
    """The schema the runner before made (a dump of it), at version 23, with a row of data."""
    with psycopg.connect(url, autocommit=True) as con:
        con.execute((DATA / "schema_v23.postgres.sql").read_text())
        con.execute("SELECT pg_catalog.set_config('search_path', 'public', false)")
        con.execute("INSERT INTO schema_version VALUES (%s)", [SNAPSHOT_VERSION])
        con.execute("INSERT INTO daily_zone VALUES ('Europe/Paris')")


def _schema(url: str) -> dict[str, list[list[str]]]:
    close_pools()
    with psycopg.connect(url) as con:
        return postgres_schema(con)


def test_a_new_postgres_database_has_the_schema_of_the_runner_before(pg_empty_url, pg_cluster, monkeypatch):
    import store.postgres as postgres

    _up_to_snapshot(monkeypatch, postgres, "postgres")
    new_url = pg_cluster.url(pg_cluster.new_database())
    try:
        with psycopg.connect(new_url, autocommit=True) as con:
            assert migrate_postgres(con, "new") == SNAPSHOT_VERSION
        new = _schema(new_url)
    finally:
        pg_cluster.drop(new_url.rsplit("/", 1)[1])
    _restore_old_runner_database(pg_empty_url)
    old = _schema(pg_empty_url)
    assert _known_difference_aside(new) == old


def test_a_postgres_database_the_runner_before_migrated_runs_none_of_its_migrations_again(
        pg_empty_url, monkeypatch):
    import store.postgres as postgres

    _up_to_snapshot(monkeypatch, postgres, "postgres")   # what came after 23 is not in question here
    _restore_old_runner_database(pg_empty_url)
    before = _schema(pg_empty_url)
    with open_store(pg_empty_url) as store:       # a migration run again would fail: its tables exist
        assert store.schema_version() == SNAPSHOT_VERSION
        assert store._rows("SELECT zone FROM daily_zone") == [("Europe/Paris",)]
    after = _schema(pg_empty_url)
    for part, rows in before.items():
        assert [row for row in rows if row not in after[part]] == [], part


def test_a_postgres_database_the_runner_before_left_at_version_20_upgrades_to_the_same_schema(
        pg_empty_url, pg_url, caplog):
    _restore_old_runner_database(pg_empty_url)
    with psycopg.connect(pg_empty_url, autocommit=True) as con:   # 0021 and 0022 undone, a mention stored
        con.execute("DROP VIEW daily_voice_rows; DROP TABLE daily_counts, daily_mentions, daily_zone, "
                    "daily_own_handles, daily_authors; DROP FUNCTION local_day; "
                    "UPDATE schema_version SET version = 20")
        con.execute("INSERT INTO mentions (id, source, native_id, author, text, created_at, matched, collected_at) "
                    "VALUES ('x:1', 'x', '1', 'ana', 'Le flan Lemoine', now(), '{Lemoine}', now())")
    with caplog.at_level(logging.INFO, logger="store.upgrade"), open_store(pg_empty_url) as store:
        # 0021 to the latest run again, each said as it starts, and the upgrade when done
        said = upgrade_lines(caplog)
        assert [int(re.search(r"to version (\d+) of", line).group(1)) for line in said[:-1]] == list(
            range(21, LATEST_VERSION + 1))
        assert re.search(rf"schema upgraded from version 20 to {LATEST_VERSION} in \d+\.\d s$", said[-1])
        assert store._rows("SELECT sum(mentions) FROM daily_mentions") == [(1,)]
        # PostgreSQL's full-text search (0024) finds the mention stored before it existed
        where = MentionFilter(datetime(2000, 1, 1, tzinfo=timezone.utc), datetime.now(timezone.utc) + timedelta(days=1),
                              ("x",), search="flan lemoine")
        assert explore(store, where, bound=10)[1] == 1
    assert _known_difference_aside(_schema(pg_empty_url)) == _known_difference_aside(_schema(pg_url))


def test_a_migration_of_comments_and_an_engine_file_runs_on_postgres(pg_url, monkeypatch):
    import store.postgres as postgres

    extra = [(LATEST_VERSION + 1, "9999_probe.postgres.sql", "CREATE TABLE probe (a integer);"),
             (LATEST_VERSION + 1, "9999_probe.sql", "-- comments only\n")]
    monkeypatch.setattr(postgres, "migrations", lambda engine="postgres": migrations(engine) + extra)
    monkeypatch.setattr(connect, "LATEST_VERSION", LATEST_VERSION + 1)
    close_pools()
    with psycopg.connect(pg_url, autocommit=True) as con:
        assert migrate_postgres(con, "test") == LATEST_VERSION + 1
        assert con.execute("SELECT count(*) FROM probe").fetchall() == [(0,)]


# -- what the plain files needed of the translation (store/dialect.py) ----------------------

def test_an_apostrophe_in_a_comment_does_not_hide_the_statements_after_it():
    sql = ("-- the scorer's pass\nCREATE VIEW v AS SELECT len(coalesce(competitors, [])) AS n FROM m;\n"
           "-- a competitor's name\nSELECT 1 WHERE 'a' = ?")
    translated = translate(sql, Catalog())
    assert "CARDINALITY(COALESCE(competitors, '{}'))" in translated.statements[0]
    assert translated.positional == 1


def test_the_first_row_of_each_group_keeps_the_columns_of_the_table():
    [statement] = translate("CREATE VIEW latest AS SELECT * FROM corrections QUALIFY row_number() "
                            "OVER (PARTITION BY mention_id ORDER BY corrected_at DESC, id DESC) = 1",
                            Catalog()).statements
    assert statement == ("CREATE VIEW latest AS SELECT DISTINCT ON (mention_id) * FROM corrections "
                         "ORDER BY mention_id, corrected_at DESC NULLS LAST, id DESC NULLS LAST")


def test_an_empty_list_takes_the_type_of_its_place_and_is_not_null_reads_as_written():
    assert translate("ALTER TABLE t ADD COLUMN tags VARCHAR[] NOT NULL DEFAULT []", Catalog()).statements == (
        "ALTER TABLE t ADD COLUMN tags TEXT[] NOT NULL DEFAULT '{}'",)
    assert translate("SELECT a IS NOT NULL, NOT (a IS NULL) FROM t", Catalog()).statements == (
        "SELECT a IS NOT NULL, NOT (a IS NULL) FROM t",)
