"""`ambassade alerts [--since DATE] [--json] [--lang]`: the incidents, as JSON or a table."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ambassade.cli import main
from tests.conftest import MINIMAL_TOML


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "ambassade.toml"
    path.write_text(MINIMAL_TOML + '[alerts]\nlang = "fr"\nmerge_gap_hours = 24\n', encoding="utf-8")
    return path


def run(config, db_path, *args):
    return CliRunner().invoke(main, ["alerts", "--config", str(config), "--db", str(db_path), *args])


def test_json_lists_one_incident_with_the_contract_keys_and_iso_times(buzzing, db_path, config):
    buzzing.close()
    result = run(config, db_path, "--json")
    assert result.exit_code == 0, result.output
    [incident] = json.loads(result.output)
    assert {"id", "kinds", "start", "peak", "end", "severity", "mentions", "drivers", "mention_ids"} <= set(incident)
    assert set(incident["drivers"]) == {"terms", "sources", "authors"}
    assert incident["start"].endswith("+00:00") and incident["peak"] >= incident["start"]
    assert incident["severity"] in ("low", "medium", "high")
    assert "flan" in incident["drivers"]["terms"] or "intoxication" in incident["drivers"]["terms"]
    assert incident["kinds_words"][0] in ("pic de volume", "sentiment négatif en hausse")


def test_table_speaks_french_or_english_and_names_its_time_zone(buzzing, db_path, config):
    buzzing.close()
    fr = run(config, db_path)
    en = run(config, db_path, "--lang", "en")
    assert fr.exit_code == en.exit_code == 0
    assert "heures de Europe/Paris" in fr.output and "pic de volume" in fr.output
    assert "times in Europe/Paris" in en.output and "volume spike" in en.output
    assert "volume\t" not in fr.output and "negative_share" not in fr.output


def test_since_filters_and_a_later_date_lists_none(buzzing, db_path, config):
    buzzing.close()
    assert len(json.loads(run(config, db_path, "--json", "--since", "2026-11-01").output)) == 1
    assert json.loads(run(config, db_path, "--json", "--since", "2026-12-31").output) == []
    assert "aucun incident" in run(config, db_path, "--since", "2027-01-01T08:00:00+01:00").output


@pytest.mark.parametrize("since", ["yesterday", "2026-13-45", "", "\x1b[31m" + "9" * 5000])
def test_a_bad_since_is_one_line_and_exit_2(db_path, config, since):
    result = run(config, db_path, "--since", since)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "--since" in result.output
    assert "\x1b" not in result.output and len(result.output) < 300


def test_an_empty_store_lists_no_incident(db_path, config):
    result = run(config, db_path, "--json")
    assert result.exit_code == 0 and json.loads(result.output) == []
