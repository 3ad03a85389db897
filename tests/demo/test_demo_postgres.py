"""`ambassade --db postgresql://… demo --build-only`: the same demo on PostgreSQL as on DuckDB."""

from __future__ import annotations

from datetime import date, datetime, timezone

from click.testing import CliRunner

from ambassade.cli import main
from ambassade.demo.build import build_demo
from store import open_store
from store.health import row_counts
from store.state import has_run

TODAY = date(2026, 3, 15)
END = datetime(2026, 3, 16, tzinfo=timezone.utc)


def counts(target) -> dict[str, int]:
    with open_store(target, read_only=True) as store:
        return row_counts(store)


def test_the_demo_on_postgresql_has_the_same_rows_in_every_table(tmp_path, pg_empty_url):
    build_demo(tmp_path / "demo.duckdb", today=TODAY, now=END)
    build_demo(pg_empty_url, today=TODAY, now=END)
    duck, pg = counts(tmp_path / "demo.duckdb"), counts(pg_empty_url)
    assert duck["mentions"] > 1000 and duck["clicks"] > 100
    # Every table but DuckDB's word index for the explorer: PostgreSQL searches with its own
    # full-text index on the mentions (migration 0024), and leaves that table empty.
    assert pg["mention_tokens"] == 0 and duck["mention_tokens"] > duck["mentions"]
    assert pg | {"mention_tokens": 0} == duck | {"mention_tokens": 0}


def test_demo_build_only_takes_a_postgresql_url_and_replaces_an_earlier_demo(pg_empty_url):
    for _ in range(2):
        result = CliRunner().invoke(main, ["--db", pg_empty_url, "demo", "--build-only"])
        assert result.exit_code == 0, result.output
    with open_store(pg_empty_url, read_only=True) as store:
        assert has_run(store, "demo")
        [(runs,)] = store._rows("SELECT count(*) FROM runs WHERE job = 'demo'")
    assert runs == 1     # the second build started from a clean database


def test_demo_never_replaces_a_postgresql_database_holding_real_data(pg_url):
    result = CliRunner().invoke(main, ["--db", pg_url, "demo", "--build-only"])
    assert result.exit_code == 2
    assert "not an Ambassade demo" in result.output
    assert len(result.output.strip().splitlines()) == 1
