"""Inflected word-list terms: "nul+" reads every gender and number, "fermeture+" its verb too."""

from __future__ import annotations

import re

import pytest

from ambassade.text.folding import fold_text
from charter.lexicon import Lexicon
from charter.morphology import inflections


def reads(word: str, form: str) -> bool:
    return re.fullmatch(inflections(word), form) is not None


@pytest.mark.parametrize("word, forms", [
    ("nul", ["nul", "nulle", "nuls", "nulles"]),
    ("con", ["conne", "connes", "cons"]),
    ("incapable", ["incapable", "incapables"]),
    ("genial", ["geniale", "geniaux", "geniales"]),
    ("delicieux", ["delicieuse", "delicieuses"]),
    ("fermeture", ["ferme", "fermer", "fermera", "fermee", "fermees", "fermons", "fermait", "fermetures"]),
    ("ouverture", ["ouvre", "ouvert", "ouvrira", "ouvrir", "ouvrent"]),
    ("lancement", ["lance", "lancons", "lancera", "lancent"]),
    ("hausse", ["hausses", "augmente", "augmentation"]),
    ("closure", ["closing", "closes", "closed"]),
    ("lazy", ["laziest", "lazier"]),
])
def test_a_word_reads_its_inflected_and_derived_forms(word, forms):
    for form in forms:
        assert reads(word, form), form


def test_a_family_does_not_swallow_other_words():
    pattern = re.compile(r"(?<!\w)" + inflections("ferme") + r"(?!\w)")
    assert pattern.fullmatch("fermier") is None and pattern.fullmatch("fermement") is None
    assert not reads("nul", "nullite")


def test_what_is_not_a_plain_word_is_matched_as_written():
    assert inflections("n+1") == re.escape("n+1")
    assert inflections("a.b") == re.escape("a.b")


def test_plus_terms_in_a_lexicon_keep_exact_offsets():
    text = "Elle est NULLE, on FERME en janvier : fermée !"
    folded = fold_text(text)
    spans = [text[slice(*folded.span(s, e))] for s, e in Lexicon(["est nul+", "fermeture+"]).finditer(folded.folded)]
    assert spans == ["est NULLE", "FERME", "fermée"]


def test_a_plus_term_is_still_a_whole_word():
    folded = fold_text("contrat, flacon, connexion").folded
    assert list(Lexicon(["con+"]).finditer(folded)) == []


def test_a_huge_word_is_bounded():
    word = "a" * 5000
    assert reads(word, word + "s")
