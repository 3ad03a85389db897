"""Brand-term matching (case-, accent-insensitive, hashtags, handles, exclusions) and plain text."""

from __future__ import annotations

import pytest

from collectors.text import TermMatcher, plain_text

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


def test_plain_text_removes_markup_scripts_and_control_characters():
    assert plain_text("<p>A &amp; B</p><script>x()</script>\x07<b>C</b>") == "A & B\nC"
    assert plain_text("x" * 500_000).__len__() == 40_000
