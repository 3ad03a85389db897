"""A checker from ambassade.toml: brand terms, homonyms, code names and the [charter] section."""

from __future__ import annotations

import pytest

from ambassade.errors import ConfigError
from ambassade.settings import load_settings, parse_settings
from charter.config import checker_from_config, checker_from_settings

BRAND = """
[brand]
name = "Maison Lemoine"
terms = ["Lemoine"]
exclude = ["Lemoine Immobilier"]
confidential_terms = ["Projet Brioche"]
"""


def test_existing_config_files_without_a_charter_section_keep_working():
    settings = parse_settings(BRAND)
    assert settings.charter.path is None and settings.charter.lang == "fr"


def test_checker_uses_the_brand_its_homonyms_and_its_code_names():
    checker = checker_from_settings(parse_settings(BRAND), sentiment=lambda text: 0.0)
    assert checker.check("Projet Brioche").categories() == {"confidentiality"}
    assert checker.check("Lemoine, la meilleure !").categories() == {"disclosure"}
    assert checker.check("Lemoine Immobilier, la meilleure !").findings == ()


def test_company_charter_path_is_relative_to_the_config_file(tmp_path):
    (tmp_path / "charte.toml").write_text(
        '[[clauses]]\nid = "no-rumours"\n[clauses.en]\ncoaching = "Ask on #questions."\n', encoding="utf-8")
    config = tmp_path / "ambassade.toml"
    config.write_text(BRAND + '\n[charter]\npath = "charte.toml"\nlang = "en"\nmax_chars = 50\n', encoding="utf-8")
    checker = checker_from_settings(load_settings(config), sentiment=lambda text: 0.0)
    result = checker.check("Rumor has it")
    assert result.findings[0].coaching == "Ask on #questions."
    assert checker.default_lang == "en" and checker.max_chars == 50


@pytest.mark.parametrize("section, key", [
    ('[charter]\nlang = "de"\n', "lang"),
    ('[charter]\nmax_chars = 0\n', "max_chars"),
    ('[charter]\nwhat = 1\n', "what"),
])
def test_bad_charter_settings_name_the_key(section, key):
    with pytest.raises(ConfigError, match=key):
        parse_settings(BRAND + section)


def test_checker_from_config_reports_whether_a_file_was_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    checker, found = checker_from_config()
    assert found is False and checker.check("Projet Brioche").findings == ()
    (tmp_path / "ambassade.toml").write_text(BRAND, encoding="utf-8")
    checker, found = checker_from_config()
    assert found is True and checker.check("Projet Brioche").categories() == {"confidentiality"}


def test_a_company_charter_adds_phrase_patterns_and_context(tmp_path):
    (tmp_path / "charte.toml").write_text(
        '[[clauses]]\nid = "no-rumours"\n[[clauses.checks]]\nid = "hearsay"\n'
        "[clauses.checks.patterns]\nfr = ['(?<!\\w)radio fournil(?!\\w)']\n", encoding="utf-8")
    config = tmp_path / "ambassade.toml"
    config.write_text(BRAND + '\n[charter]\npath = "charte.toml"\n', encoding="utf-8")
    checker = checker_from_settings(load_settings(config), sentiment=lambda text: 0.0)
    assert [(f.severity, f.evidence) for f in checker.check("Radio fournil : Lemoine recrute").findings
            if f.category == "rumour"] == [("block", "Radio fournil")]


@pytest.mark.parametrize("body, says", [
    ("[clauses.checks.patterns]\nfr = ['(unclosed']\n", "bad pattern"),
    ("window = -1\n", "window"),
    ("require_context = \"yes\"\n", "require_context"),
])
def test_a_bad_pattern_or_option_in_a_company_charter_is_a_config_error(tmp_path, body, says):
    (tmp_path / "charte.toml").write_text(
        '[[clauses]]\nid = "no-rumours"\n[[clauses.checks]]\nid = "hearsay"\n' + body, encoding="utf-8")
    config = tmp_path / "ambassade.toml"
    config.write_text(BRAND + '\n[charter]\npath = "charte.toml"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=says):
        checker_from_settings(load_settings(config))
