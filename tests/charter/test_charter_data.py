"""The default charter file: complete in both languages, and its own examples agree with the checker."""

from __future__ import annotations

import pytest

from ambassade.errors import ConfigError
from charter import CATEGORIES, Checker, default_charter, load_charter

BRAND = dict(brand_name="Maison Lemoine", brand_terms=["Lemoine"],
             confidential_terms=["Projet Brioche"])
CHARTER = default_charter()
REQUIRED_TOPICS = {"disclosure", "confidentiality", "personal-data", "respect", "rumour", "legal", "other"}


def test_every_category_has_a_clause_and_every_clause_is_complete_in_both_languages():
    assert {c.category for c in CHARTER.clauses} == REQUIRED_TOPICS == set(CATEGORIES)
    for clause in CHARTER.clauses:
        for lang in ("fr", "en"):
            text = clause.text(lang)
            assert text.title and text.text and text.why and text.coaching, (clause.id, lang)
            assert text.tips and text.good and text.bad, (clause.id, lang)
        assert clause.checks, clause.id


def test_the_charter_covers_when_in_doubt_ask_and_crisis_pass_on():
    ids = [c.id for c in CHARTER.clauses]
    assert "when-in-doubt" in ids and "crisis-pass-on" in ids


@pytest.mark.parametrize("clause", CHARTER.clauses, ids=lambda c: c.id)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_good_examples_pass_and_bad_examples_are_caught_by_their_clause(clause, lang):
    checker = Checker(**BRAND)
    for example in clause.text(lang).good:
        assert checker.check(example, lang).categories() == set(), example
    for example in clause.text(lang).bad:
        assert clause.id in {f.clause for f in checker.check(example, lang).findings
                             if f.severity != "info"}, example


def test_company_file_overrides_a_clause_by_id_and_adds_its_own(tmp_path):
    company = tmp_path / "charte.toml"
    company.write_text("""
[[clauses]]
id = "no-rumours"
[clauses.fr]
coaching = "Chez nous, on pose la question sur le canal #questions."

[[clauses]]
id = "competitors"
category = "other"
[clauses.fr]
title = "Nos concurrents"
text = "On ne parle pas de nos concurrents."
coaching = "Parlez de ce que nous faisons bien."
[clauses.en]
title = "Our competitors"
text = "We don't talk about competitors."
coaching = "Talk about what we do well."
[[clauses.checks]]
id = "competitor-names"
severity = "warn"
label = { fr = "Concurrent nommé", en = "A competitor named" }
terms = { any = ["Boulangerie Martin"] }
""", encoding="utf-8")
    charter = load_charter(company)
    checker = Checker(charter)
    rumour = checker.check("Il paraît que", "fr").findings[0]
    assert rumour.coaching == "Chez nous, on pose la question sur le canal #questions."
    assert charter.clause("no-rumours").fr.title == CHARTER.clause("no-rumours").fr.title
    found = checker.check("La Boulangerie Martin est moins chère", "fr").findings
    assert [(f.clause, f.category) for f in found] == [("competitors", "other")]


def test_company_file_can_switch_a_clause_or_a_check_off(tmp_path):
    company = tmp_path / "charte.toml"
    company.write_text("""
[[clauses]]
id = "when-in-doubt"
enabled = false

[[clauses]]
id = "respect"
[[clauses.checks]]
id = "contempt"
enabled = false
""", encoding="utf-8")
    checker = Checker(load_charter(company))
    assert checker.check("Entre nous, c'est lamentable").findings == ()
    assert checker.check("quel abruti").categories() == {"respect"}


@pytest.mark.parametrize("content, message", [
    ("not toml [", "invalid TOML"),
    ("[[clauses]]\nid = 'x'\ncategory = 'gossip'\n", "bad charter"),
    ("[[clauses]]\ncategory = 'other'\n", "needs an `id`"),
    ("[[clauses]]\nid = 'respect'\n[[clauses.checks]]\nid = 'insult'\ndetector = 'telepathy'\n", "unknown detector"),
    ("clauses = 3\n", "arrays of tables"),
])
def test_a_broken_company_file_is_a_one_line_config_error(tmp_path, content, message):
    company = tmp_path / "charte.toml"
    company.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_charter(company)
    assert "\n" not in str(caught.value).strip() or message == "invalid TOML"


def test_missing_directory_and_binary_company_files_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_charter(tmp_path / "absent.toml")
    with pytest.raises(ConfigError, match="directory"):
        load_charter(tmp_path)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ConfigError, match="UTF-8"):
        load_charter(binary)
