"""Word lists: whole words, accents and case folded, elisions, hashtags, word endings with "*"."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ambassade.text.folding import fold_text
from charter.lexicon import Lexicon, Phrases, split_alternatives


def found(terms: list[str], text: str) -> list[str]:
    folded = fold_text(text)
    return [text[slice(*folded.span(s, e))] for s, e in Lexicon(terms).finditer(folded.folded)]


def test_matches_at_the_very_start_and_end_of_the_text():
    assert found(["idiot"], "idiot") == ["idiot"]
    assert found(["idiot"], "quel idiot") == ["idiot"]


def test_whole_words_only():
    assert found(["con"], "contrat, flacon, con.") == ["con"]


def test_star_matches_any_word_ending():
    assert found(["incompétent*"], "Incompétentes et incompétent") == ["Incompétentes", "incompétent"]


def test_french_elision_of_que_and_je():
    assert found(["il paraît que"], "Il paraît qu'il part") == ["Il paraît qu'"]
    assert found(["je travaille chez"], "J’travaille chez eux") == ["J’travaille chez"]


def test_hashtags_and_handles():
    assert found(["projet brioche"], "#ProjetBrioche et @projet_brioche") == ["ProjetBrioche", "projet_brioche"]
    assert found(["#team*"], "#TeamLemoine ##team a#team") == ["#TeamLemoine"]


def test_longest_term_wins_at_one_place():
    assert found(["bande", "bande de nuls"], "bande de nuls") == ["bande de nuls"]


def test_emoji_terms():
    assert found(["🔥"], "trop bien 🔥🔥") == ["🔥", "🔥"]


def test_empty_lists_and_blank_terms_match_nothing():
    assert found([], "anything") == [] and found(["", "  "], "anything") == []
    assert not Lexicon([]) and not Lexicon([]).search("x")


def test_folding_keeps_offsets_through_expanding_and_vanishing_characters():
    text = "Straße\u200b ﬁn Œuvre"
    folded = fold_text(text)
    assert folded.folded == "strasse fin oeuvre"
    start = folded.folded.index("oeuvre")
    assert text[slice(*folded.span(start, start + 6))] == "Œuvre"


def test_oe_ligature_and_plain_oe_are_the_same_word():
    assert found(["coup de cœur"], "un vrai coup de coeur") == ["coup de coeur"]
    assert found(["coup de coeur"], "un vrai COUP DE CŒUR") == ["COUP DE CŒUR"]


def test_tilde_stands_for_up_to_two_words():
    terms = ["you're ~ wrong"]
    assert found(terms, "you're wrong") == ["you're wrong"]
    assert found(terms, "you're completely wrong") == ["you're completely wrong"]
    assert found(terms, "you're so very wrong") == ["you're so very wrong"]
    assert found(terms, "you're not at all wrong") == []
    assert found(["~ idiot ~"], "quel idiot") == ["idiot"]


def test_phrase_patterns_split_at_top_level_alternatives_only():
    assert split_alternatives(r"a|(b|c)|[|]|\||d") == ["a", "(b|c)", "[|]", r"\|", "d"]
    assert split_alternatives(r"[^]|]z|w") == ["[^]|]z", "w"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab c'-é_1", max_size=40))
def test_phrases_find_exactly_what_the_plain_patterns_find(text):
    """Compiling "(?<!\\w)" alternatives without it and checking the boundary after a match is
    only faster: each pattern finds the same spans as `re` does with the lookbehind."""
    folded = fold_text(text).folded
    for pattern in [r"(?<!\w)ab?(?: c)?(?!\w)|(?<!\w)c'a", r"b+(?=-)", r"(?<!\w)(?:a|_)\w*", r"(?<!\w)a|(?<!\w)ab"]:
        expected = [m.span() for m in re.finditer(pattern, folded) if m.end() > m.start()]
        assert list(Phrases([], [pattern]).finditer(folded)) == expected, pattern
