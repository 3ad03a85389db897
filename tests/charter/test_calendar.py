"""The brand's calendar of unannounced events ([charter] unannounced): a leak blocks until its day."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from ambassade.cli import main
from ambassade.errors import ConfigError
from ambassade.settings import UnannouncedEvent, parse_settings
from charter import Checker
from charter.calendar import Calendar, inflected_term
from charter.config import checker_from_settings

TODAY = date(2026, 12, 1)
CLOSURE = UnannouncedEvent(what="Fermeture de la boutique Lyon Part-Dieu", terms=["Part-Dieu", "fermeture"],
                           until=date(2027, 1, 15))
SOHO = UnannouncedEvent(what="Closure of the Soho shop", terms=["Soho", "closure"], until=date(2027, 4, 1))


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(brand_name="Maison Lemoine", brand_terms=["Lemoine"], unannounced=[CLOSURE, SOHO], today=TODAY)


def spans(result):
    return [(f.clause, f.category, f.severity, result.text[f.start:f.end]) for f in result.findings]


@pytest.mark.parametrize("draft", [
    "La fermeture de notre boutique Part-Dieu me rend triste.",
    "Dernier mois à la boutique de Part-Dieu, on ferme mi-janvier…",
    "PART-DIEU : la boutique fermera ses portes en janvier.",
    "La boutique de la Part Dieu sera fermée en janvier",
])
def test_a_draft_naming_every_term_blocks_with_each_term_highlighted(checker, draft):
    result = checker.check(draft, "fr")
    found = [s for s in spans(result) if s[1] == "confidentiality"]
    assert {s[2] for s in found} == {"block"} and len(found) == 2, spans(result)
    assert not result.ok
    for f in result.findings:
        assert draft[f.start:f.end] == f.evidence


def test_the_finding_says_which_event_in_the_advice_language(checker):
    fr = checker.check("Part-Dieu ferme en janvier", "fr").findings[0]
    en = checker.check("Our Soho shop is closing in spring", "en").findings[0]
    assert fr.label.endswith(": Fermeture de la boutique Lyon Part-Dieu") and fr.label.startswith("Événement")
    assert en.label == "A company event not announced yet: Closure of the Soho shop"
    assert fr.to_json().keys() == {"clause", "category", "severity", "start", "end", "evidence", "coaching"}


@pytest.mark.parametrize("draft", [
    "Belle journée à la boutique de Part-Dieu !",          # the place, no event
    "La fermeture éclair de mon manteau a lâché.",         # the event word, not the place
    "Lunch in Soho with old friends today.",
])
def test_one_term_alone_is_not_the_event(checker, draft):
    assert [f for f in checker.check(draft).findings if f.category == "confidentiality"] == []


def test_an_event_is_public_from_its_day_on():
    draft = "Part-Dieu ferme en janvier"
    assert not Checker(unannounced=[CLOSURE], today=date(2027, 1, 14)).check(draft).ok
    assert Checker(unannounced=[CLOSURE], today=date(2027, 1, 15)).check(draft).findings == ()


def test_without_a_date_the_check_uses_today():
    past = UnannouncedEvent(what="x", terms=["Crébillon", "ouverture"], until=date(2000, 1, 1))
    future = UnannouncedEvent(what="y", terms=["Crébillon", "ouverture"], until=date(9999, 1, 1))
    assert Checker(unannounced=[past]).check("Ouverture à Crébillon").ok
    assert not Checker(unannounced=[future]).check("Ouverture à Crébillon").ok


def test_capitalised_words_are_names_and_plain_words_are_inflected():
    assert inflected_term("Part-Dieu") == "Part Dieu"
    assert inflected_term("fermeture") == "fermeture+"
    assert inflected_term("sans gluten") == "sans+ gluten+"
    assert inflected_term("ferm*") == "ferm*"


def test_settings_validate_the_calendar():
    settings = parse_settings(
        '[brand]\nname = "Lemoine"\nterms = ["Lemoine"]\n[charter]\n'
        'unannounced = [{ what = "Fermeture Part-Dieu", terms = ["Part-Dieu", "fermeture"], until = 2027-01-15 }]\n')
    checker = checker_from_settings(settings, sentiment=lambda text: 0.0)
    assert checker.calendar and len(checker.calendar.events) == 1


@pytest.mark.parametrize("entry, says", [
    ('{ what = "x", terms = ["a"], until = "demain" }', "until"),
    ('{ what = "x", terms = [], until = 2027-01-01 }', "terms"),
    ('{ what = "x", terms = ["  "], until = 2027-01-01 }', "terms"),
    ('{ what = "x", terms = ["a"] }', "until"),
    ('{ what = "x", terms = ["a"], until = 2027-01-01, typo = 1 }', "typo"),
    ('"fermeture"', "unannounced"),
])
def test_a_bad_calendar_entry_is_a_config_error(entry, says):
    with pytest.raises(ConfigError, match=says):
        parse_settings(f'[brand]\nname = "L"\nterms = ["L"]\n[charter]\nunannounced = [{entry}]\n')


def test_the_command_blocks_a_leak_and_rejects_a_bad_calendar(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AMBASSADE_CONFIG", raising=False)
    config = tmp_path / "ambassade.toml"
    config.write_text('[brand]\nname = "Maison Lemoine"\nterms = ["Lemoine"]\n[charter]\n'
                      'unannounced = [{ what = "Fermeture Part-Dieu", terms = ["Part-Dieu", "fermeture"], '
                      'until = 9999-01-01 }]\n', encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["charter", "check", "--json", "On ferme Part-Dieu en janvier"])
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["ok"] is False and {f["category"] for f in out["findings"]} == {"confidentiality"}
    config.write_text('[brand]\nname = "L"\nterms = ["L"]\n[charter]\nunannounced = [{ what = "x" }]\n',
                      encoding="utf-8")
    bad = runner.invoke(main, ["charter", "check", "--json", "texte"])
    assert bad.exit_code == 2 and len(bad.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_a_large_calendar_on_a_huge_draft_stays_bounded():
    events = [UnannouncedEvent(what=f"event {i}", terms=[f"Lieu{i}", "fermeture"], until=date(9999, 1, 1))
              for i in range(500)]
    checker = Checker(unannounced=events)
    draft = ("La fermeture de Lieu7 et de Lieu499. " * 3000)[:100_000]
    result = checker.check(draft)
    assert {f.evidence for f in result.findings if f.category == "confidentiality"} >= {"Lieu7", "Lieu499", "fermeture"}


def test_an_empty_calendar_is_nothing():
    assert not Calendar([])
