"""`ambassade store copy`: a whole database to PostgreSQL and back, resumable, counted on both sides."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from click.testing import CliRunner

from ambassade.cli import main
from ambassade.demo.build import build_demo
from store import open_store
from store.copy import rebuild_word_index
from store.health import row_counts
from store.listening import MentionFilter, explore
from store.state import finish_run, start_run


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("copy") / "demo.duckdb"
    build_demo(path, today=date(2026, 3, 15), now=datetime(2026, 3, 16, tzinfo=timezone.utc))
    return path


def counts(target) -> dict[str, int]:
    with open_store(target, read_only=True) as store:
        return row_counts(store)


def copy(source, target):
    return CliRunner().invoke(main, ["store", "copy", "--from", str(source), "--to", str(target)])


def without_word_index(rows: dict[str, int]) -> dict[str, int]:
    return {table: n for table, n in rows.items() if table != "mention_tokens"}


def searched(target, search: str) -> int:
    where = MentionFilter(datetime(2000, 1, 1, tzinfo=timezone.utc), datetime(2100, 1, 1, tzinfo=timezone.utc),
                          ("x", "reddit", "rss", "mastodon", "bluesky"), search=search)
    with open_store(target, read_only=True) as store:
        return explore(store, where)[1]


def test_a_duckdb_file_copied_to_postgresql_and_back_keeps_every_row(demo_file, pg_url, tmp_path):
    there = copy(demo_file, pg_url)
    assert there.exit_code == 0, there.output
    # Every table but DuckDB's word index, which PostgreSQL does not use (its own full-text
    # search, migration 0024): ~17 rows a mention not copied.
    assert without_word_index(counts(pg_url)) == without_word_index(counts(demo_file))
    assert counts(demo_file)["mention_tokens"] > 0 and counts(pg_url)["mention_tokens"] == 0
    assert "mentions\t" in there.output     # each table's rows on both sides
    assert "not used on PostgreSQL" in there.output
    back = tmp_path / "back.duckdb"
    result = copy(pg_url, back)
    assert result.exit_code == 0, result.output
    # Back on DuckDB the word index is rebuilt from the copied mentions, with progress.
    assert counts(back) == counts(demo_file)
    assert "mentions indexed" in result.output
    assert searched(back, "Lemoine") == searched(pg_url, "Lemoine") == searched(demo_file, "Lemoine") > 0
    with open_store(back) as store, open_store(demo_file, read_only=True) as original:
        sql = "SELECT id, text, matched, metrics, raw, created_at FROM mentions ORDER BY id"
        assert store._rows(sql) == original._rows(sql)


def test_a_copy_run_again_adds_nothing_and_new_ids_follow_the_copied_ones(demo_file, pg_url):
    assert copy(demo_file, pg_url).exit_code == 0
    again = copy(demo_file, pg_url)
    assert again.exit_code == 0, again.output
    assert "0 rows added" in again.output
    with open_store(pg_url) as store:
        [(top,)] = store._rows("SELECT max(id) FROM runs")
        with store.transaction() as db:
            new = start_run(db, "after-copy")
            finish_run(db, new, "ok")
    assert new > top


def test_an_interrupted_copy_goes_on_from_the_rows_already_there(demo_file, pg_url):
    with open_store(demo_file, read_only=True) as src:
        # As the copy does: the text digest (0027) is the target's own, not copied, and
        # DuckDB's sample key (0028) has no column on PostgreSQL.
        some = src._arrow("SELECT * EXCLUDE (text_digest, sample_key) FROM mentions ORDER BY id LIMIT 100")
    with open_store(pg_url) as dst, dst.transaction() as db, db._registered("_some", some):
        names = ", ".join(some.column_names)
        db._rows(f"INSERT INTO mentions ({names}) SELECT {names} FROM _some")
    result = copy(demo_file, pg_url)
    assert result.exit_code == 0, result.output
    assert without_word_index(counts(pg_url)) == without_word_index(counts(demo_file))


def test_a_stopped_rebuild_of_the_word_index_goes_on_with_the_mentions_not_yet_indexed(demo_file, pg_url, tmp_path):
    assert copy(demo_file, pg_url).exit_code == 0
    back = tmp_path / "back.duckdb"
    assert copy(pg_url, back).exit_code == 0
    with open_store(back) as store:
        with store.transaction() as db:     # as if the rebuild had stopped after some chunks
            db._rows("DELETE FROM mention_tokens WHERE mention_id IN "
                     "(SELECT id FROM mentions ORDER BY id DESC LIMIT 100)")
        lines: list[str] = []
        assert rebuild_word_index(store, lines.append, chunk=40) == 100
        assert lines[-1] == "mention_tokens: 100 of 100 mentions indexed" and len(lines) == 3
        assert rebuild_word_index(store, lines.append) == 0          # nothing left to index
    assert counts(back) == counts(demo_file)
    again = copy(pg_url, back)
    assert again.exit_code == 0, again.output
    assert "0 rows added" in again.output


def test_a_word_index_that_differs_from_its_mentions_fails_the_copy(demo_file, pg_url, tmp_path):
    assert copy(demo_file, pg_url).exit_code == 0
    back = tmp_path / "back.duckdb"
    assert copy(pg_url, back).exit_code == 0
    with open_store(back) as store, store.transaction() as db:
        db._rows("INSERT INTO mention_tokens SELECT * FROM mention_tokens LIMIT 5")   # rows twice
    again = copy(pg_url, back)
    assert again.exit_code == 1
    assert "counts differ in mention_tokens" in again.output


def test_small_chunks_read_by_key_copy_every_row_once_both_ways(demo_file, pg_url, tmp_path):
    """Chunks follow the last key copied (not an OFFSET): with a chunk of 7 rows every table,
    composite keys included, takes many steps and arrives whole, without a row twice."""
    from store.copy import copy_database

    with open_store(demo_file, read_only=True) as src, open_store(pg_url) as dst:
        report = copy_database(src, dst, chunk_rows=7)
    assert [r.table for r in report if not r.complete] == []
    back = tmp_path / "back.duckdb"
    with open_store(pg_url, read_only=True) as src, open_store(back) as dst:
        report = copy_database(src, dst, chunk_rows=7)
    assert [r.table for r in report if not r.complete] == []
    assert counts(back) == counts(demo_file)
    with open_store(demo_file, read_only=True) as a, open_store(back, read_only=True) as b:
        for sql in ("SELECT id, text, created_at FROM mentions ORDER BY id",
                    "SELECT source, handle FROM authors ORDER BY 1, 2"):
            assert a._rows(sql) == b._rows(sql)
