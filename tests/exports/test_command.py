"""`ambassade export weekly` on the demo database, and its bad input."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from ambassade.cli import main
from ambassade.demo.build import build_demo
from exports.options import WeeklyOptions
from exports.run import due_week, run_weekly
from exports.weeks import Week, last_complete_week
from store import open_store
from tests.exports.conftest import WEEK, add_team


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "demo.duckdb"
    build_demo(path)
    return path


@pytest.mark.slow
def test_the_demo_gives_data_rows_for_the_last_complete_week_and_names_only_who_agreed(demo, tmp_path):
    result = CliRunner().invoke(main, ["--db", str(demo), "export", "weekly", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    week = last_complete_week(datetime.now(timezone.utc), "Europe/Paris").label
    files = sorted((tmp_path / week).rglob("*.csv"))
    assert len(files) >= 15
    summaries = [f for f in files if f.name == "summary.csv"]
    assert summaries and all(len(f.read_text(encoding="utf-8-sig").splitlines()) == 2 for f in summaries)
    assert any(len(f.read_text(encoding="utf-8-sig").splitlines()) > 1 for f in files if f.name == "content.csv")
    with open_store(demo, read_only=True) as store:
        unnamed = store._rows("SELECT id, display_name FROM employees WHERE NOT named_ok")
    everything = "\n".join(f.read_text(encoding="utf-8-sig") for f in files)
    for ident, name in unnamed:
        assert ident not in everything and name not in everything


def test_bad_weeks_and_unknown_teams_are_one_line_and_exit_2(db_path, db):
    add_team(db, "lyon", 5)
    db.close()
    for args, message in [(["--week", "2026-W60"], "has no ISO week 60"), (["--week", "tomorrow"], "expected YYYY-Www"),
                          (["--week", "2099-W01"], "has not ended yet"), (["--team", "=cmd"], "no team '=cmd'")]:
        result = CliRunner().invoke(main, ["--db", str(db_path), "export", "weekly", *args])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_one_team_only(db_path, db, tmp_path):
    add_team(db, "lyon", 5)
    add_team(db, "paris", 5)
    db.close()
    result = CliRunner().invoke(main, ["--db", str(db_path), "export", "weekly", "--week", WEEK.label,
                                       "--team", "paris", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / WEEK.label).iterdir()] == ["paris"]


def test_the_scheduler_exports_a_week_once_its_send_time_has_come(db, options, tmp_path):
    options = WeeklyOptions(out=tmp_path)
    monday = datetime(2026, 11, 23, 5, tzinfo=timezone.utc)          # Monday 06:00 in Paris
    assert due_week(db, options, monday) is None                      # files go out at 07:00
    assert due_week(db, options, monday + timedelta(hours=2)) == Week(2026, 47, "Europe/Paris")
    run_weekly(db, options, Week(2026, 47, "Europe/Paris"), tmp_path, send=True)
    assert due_week(db, options, monday + timedelta(hours=3)) is None
    assert due_week(db, options, monday + timedelta(days=7, hours=2)) == Week(2026, 48, "Europe/Paris")

