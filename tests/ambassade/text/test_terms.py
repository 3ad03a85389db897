"""Brand-term matching (case-, accent-insensitive, hashtags, handles, exclusions)."""

from __future__ import annotations

import pytest

from ambassade.text.terms import TermMatcher

MATCHER = TermMatcher(["Lemoine", "#LemoineLife", "@maisonlemoine", "Maison Lemoine"],
                      exclude=["Lemoine Immobilier"])


@pytest.mark.parametrize("text, expected", [
    ("LEMOINE ouvre", ("Lemoine",)),
    ("chez lémoine", ("Lemoine",)),
    ("vive #LEMOINELIFE", ("#LemoineLife",)),
    ("merci @MaisonLemoine !", ("@maisonlemoine",)),
    ("La  maison\nlemoine à Lyon", ("Lemoine", "Maison Lemoine")),
    ("#Lemoine et @lemoine", ("Lemoine",)),          # a plain term matches its tag and handle
    ("Lemoines et lemoine2", ()),                    # whole words only
    ("#LemoineLifeStyle", ()),
    ("Lemoine Immobilier vend", ()),                 # an exclusion disqualifies the text
])
def test_terms_match_as_whole_words_ignoring_case_and_accents(text, expected):
    assert MATCHER.match(text) == expected


def test_hashtag_term_does_not_match_the_bare_word():
    assert TermMatcher(["#LemoineLife"]).match("Lemoine life") == ()


def test_hashtag_built_on_a_term_names_the_brand():
    assert TermMatcher(["Lemoine"]).names_brand("Scandaleux #LemoineGate")
    assert not TermMatcher(["Lemoine"], ["Lemoine Immobilier"]).names_brand("#LemoineGate Lemoine Immobilier")


@pytest.mark.parametrize("text", [
    "chez Lem\u200boine",        # an invisible character inside the word
    "chez Lеmoine",               # a Cyrillic "е" that looks Latin
    "chez LEMOİNE",               # dotted capital I
])
def test_matching_uses_the_charter_folding(text):
    """One folding for the project: what the charter reads as the word, the matcher does too."""
    assert MATCHER.match(text) == ("Lemoine",)


def test_apostrophes_fold_alike():
    assert TermMatcher(["L’Atelier Lemoine"]).match("vive l'atelier lemoine") == ("L’Atelier Lemoine",)


def test_blank_terms_are_ignored():
    matcher = TermMatcher(["", "  ", "\u200b", "Lemoine"], exclude=["\u200b"])
    assert matcher.terms == ["Lemoine"] and matcher.match("Lemoine") == ("Lemoine",)
