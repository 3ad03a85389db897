"""`ambassade store copy`: a whole database to PostgreSQL and back, resumable, counted on both sides."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from click.testing import CliRunner

from ambassade.cli import main
from ambassade.demo.build import build_demo
from store import open_store
from store.health import row_counts
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


def test_a_duckdb_file_copied_to_postgresql_and_back_keeps_every_row(demo_file, pg_url, tmp_path):
    there = copy(demo_file, pg_url)
    assert there.exit_code == 0, there.output
    assert counts(pg_url) == counts(demo_file)
    assert "mentions\t" in there.output     # each table's rows on both sides
    back = tmp_path / "back.duckdb"
    result = copy(pg_url, back)
    assert result.exit_code == 0, result.output
    assert counts(back) == counts(demo_file)
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
        some = src._arrow("SELECT * FROM mentions ORDER BY id LIMIT 100")
    with open_store(pg_url) as dst, dst.transaction() as db, db._registered("_some", some):
        names = ", ".join(some.column_names)
        db._rows(f"INSERT INTO mentions ({names}) SELECT {names} FROM _some")
    result = copy(demo_file, pg_url)
    assert result.exit_code == 0, result.output
    assert counts(pg_url) == counts(demo_file)
