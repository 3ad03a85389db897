"""The "check my draft" dashboard page, run with Streamlit's AppTest."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

PAGE = REPO / "dashboard" / "pages" / "draft_check.py"
CONFIG = """
[brand]
name = "Maison Lemoine"
terms = ["Lemoine"]
confidential_terms = ["Projet Brioche"]
"""


@pytest.fixture
def configured(tmp_path, monkeypatch):
    path = tmp_path / "ambassade.toml"
    path.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("AMBASSADE_CONFIG", str(path))
    return path


def page(lang: str = "fr") -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=30)
    at.session_state["lang"] = lang
    at.run()
    return at


def check(at: AppTest, text: str, advice: str | None = None) -> AppTest:
    at.text_area(key="draft_text").input(text)
    if advice:
        at.radio(key="draft_lang").set_value(advice)
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_page_invites_a_draft_in_french_by_default(configured):
    at = page()
    assert not at.exception
    assert at.title[0].value == "Vérifier mon brouillon"
    assert "Vérifier" in at.info[0].value


def test_page_labels_follow_the_ui_language(configured):
    assert page("en").title[0].value == "Check my draft"


def test_blocking_draft_is_highlighted_and_coached(configured):
    at = check(page(), "Le Projet Brioche sort en mars, il paraît que ça va cartonner")
    assert "1 point(s) bloquant(s)" in at.error[0].value
    text = markdown(at)
    assert ":red-background[Projet Brioche]" in text
    assert ":orange-background[il paraît que]" in text
    assert "annonce officielle" in text  # the confidentiality clause's coaching
    assert [c.value for c in at.code][:1] == ["Projet Brioche"]


def test_clean_draft_says_so(configured):
    at = check(page(), "Merci à toute l'équipe pour ce beau salon !")
    assert "Rien à signaler" in at.success[0].value


def test_advice_language_can_be_chosen(configured):
    at = check(page("fr"), "Il paraît que la boutique ferme", advice="en")
    assert "Ask inside" in markdown(at)


def test_hostile_draft_is_shown_as_text_never_as_markup(configured):
    hostile = "<script>alert(1)</script> **gras** [lien](javascript:alert(1)) :red[x] Projet Brioche $x$"
    at = check(page(), hostile)
    text = markdown(at)
    assert "<script>" not in text and "](javascript" not in text and "**gras**" not in text
    assert re.search(r"\\<script\\>", text)
    assert "Projet Brioche" in [c.value for c in at.code]


def test_empty_draft_gets_an_invitation_not_an_error(configured):
    at = check(page(), "   ")
    assert not at.error and "Vérifier" in at.info[0].value


def test_without_config_the_page_still_checks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    at = check(page(), "Il paraît que la boutique ferme")
    assert any("Aucun fichier de configuration" in c.value for c in at.caption)
    assert ":red-background[Il paraît que]" in markdown(at)  # hearsay about the shop blocks


def test_page_never_allows_html():
    source = PAGE.read_text(encoding="utf-8")
    assert "unsafe_allow_html" not in source and "st.html" not in source
