"""The one-automaton matcher finds exactly what a regex per term found (the earlier matcher)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ambassade.text.folding import fold
from ambassade.text.terms import TermMatcher


def _term_pattern(term: str) -> re.Pattern[str]:
    folded = fold(term.strip())
    body = r"\s+".join(re.escape(part) for part in folded.split())
    return re.compile(r"(?<![\w@#])" + body + r"(?!\w)" if folded[0] in "@#"
                      else r"(?<!\w)" + body + r"(?!\w)")


class RegexPerTerm:
    """The earlier matcher, kept here as the reference: one regex per term, searched in turn."""

    def __init__(self, terms, exclude=(), competitors=None):
        self.terms = [t.strip() for t in terms if fold(t).strip()]
        self.patterns = [(t, _term_pattern(t)) for t in self.terms]
        self.exclude = [_term_pattern(t) for t in exclude if fold(t).strip()]
        self.competitors = [(name, [_term_pattern(t) for t in names if fold(t).strip()])
                            for name, names in (competitors or {}).items()]

    def match(self, text):
        folded = fold(text)
        if any(p.search(folded) for p in self.exclude):
            return ()
        return tuple(term for term, pattern in self.patterns if pattern.search(folded))

    def competitors_in(self, text):
        folded = fold(text)
        if any(p.search(folded) for p in self.exclude):
            return ()
        return tuple(name for name, patterns in self.competitors if any(p.search(folded) for p in patterns))


# Small alphabets make collisions, overlaps, prefixes and boundaries common.
LETTERS = "abéÉ_1 @#'\t\n-œ\u200bаL"
WORDS = st.text(alphabet=LETTERS, min_size=1, max_size=6)
TERMS = st.lists(WORDS, min_size=0, max_size=5)
TEXT = st.lists(st.one_of(WORDS, st.sampled_from([" ", "  ", "\n", "#", "@", ".", "x"])),
                max_size=25).map("".join)


@settings(max_examples=1500, deadline=None)
@given(TERMS, st.lists(WORDS, max_size=2), st.dictionaries(WORDS, TERMS, max_size=3), TEXT)
@example(["maison lemoine"], [], {}, "la maison\u1680lemoine")          # words across any whitespace
@example(["ab", "ab c"], ["c d"], {"x": ["#ab"]}, "#ab c d")          # overlapping terms, exclusion
@example(["@ab"], [], {}, "#@ab @ab_ x@ab")                         # handles and boundaries
def test_the_automaton_matches_like_a_regex_per_term(terms, exclude, competitors, text):
    new = TermMatcher(terms, exclude, competitors)
    old = RegexPerTerm(terms, exclude, competitors)
    assert new.match(text) == old.match(text)
    assert new.competitors_in(text) == old.competitors_in(text)
    assert new.scan(text) == (old.match(text), old.competitors_in(text))


@given(TEXT)
def test_a_term_inside_the_text_is_found_at_every_boundary(text):
    matcher, old = TermMatcher(["ab", "#ab", "@ab a"]), RegexPerTerm(["ab", "#ab", "@ab a"])
    for probe in (text, f"{text}ab", f"ab{text}", f"{text} #ab {text}", f"@ab\t a{text}"):
        assert matcher.match(probe) == old.match(probe)


def test_no_terms_match_nothing():
    assert TermMatcher([]).match("Lemoine") == ()
    assert TermMatcher([]).scan("Lemoine") == ((), ())
    assert not TermMatcher([]).names_brand("#Lemoine")


def test_a_huge_text_with_many_terms_is_scanned_once():
    terms = [f"marque{i}" for i in range(2_000)]
    text = " ".join(f"marque{i}" for i in range(0, 4_000, 2)) * 20
    assert TermMatcher(terms).match(text) == tuple(terms[0::2])


@settings(max_examples=300, deadline=None)
@given(TERMS, st.lists(WORDS, max_size=2), st.dictionaries(WORDS, TERMS, max_size=3),
       st.lists(TEXT, min_size=2, max_size=12))
def test_one_matcher_scanning_text_after_text_answers_each_as_a_fresh_one(terms, exclude,
                                                                          competitors, texts):
    # scan keeps its answer per set of terms found: texts that share it, or not, stay apart.
    matcher, old = TermMatcher(terms, exclude, competitors), RegexPerTerm(terms, exclude, competitors)
    for text in texts + texts[::-1]:
        assert matcher.scan(text) == (old.match(text), old.competitors_in(text))
