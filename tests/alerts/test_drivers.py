"""Drivers: over-represented terms by log-odds against the baseline, and a central summary."""

from __future__ import annotations

from alerts.drivers import over_represented, representative, terms_of

BRAND = frozenset({"lemoine", "maison"})


def test_terms_are_folded_words_hashtags_and_phrases_without_brand_handles_or_grammar():
    terms = terms_of("Intoxication au FLAN chez @MaisonLemoine ! #LemoineGate https://x.co/a Rappel de lot",
                     BRAND)
    assert {"intoxication", "flan", "#lemoinegate", "rappel de lot", "intoxication au flan"} <= terms
    assert not {"au", "chez", "de", "lemoine", "@maisonlemoine", "maisonlemoine"} & terms
    assert not any("x.co" in t or "https" in t for t in terms)


def test_accents_and_case_do_not_split_a_term():
    assert "ecoeurant" in terms_of("ÉCŒURANT") or "ecoeurant" in terms_of("écoeurant")
    assert terms_of("Intoxiqués") == terms_of("intoxiqués")


def test_terms_frequent_in_the_incident_and_rare_before_lead():
    incident = [terms_of(t, BRAND) for t in ["flan intoxication Lemoine"] * 20 + ["pain Lemoine bon"] * 5]
    baseline = [terms_of(t, BRAND) for t in ["pain Lemoine bon"] * 200 + ["flan Lemoine bon"] * 5]
    found = [t.term for t in over_represented(incident, baseline)]
    assert found[:2] == ["flan", "flan intoxication"]
    assert "intoxication" not in found     # never apart from the phrase: the phrase says it all
    assert "pain" not in found and "bon" not in found


def test_a_term_as_common_before_is_not_a_driver():
    incident = [{"pain", "bon"}] * 30
    baseline = [{"pain", "bon"}] * 300
    assert over_represented(incident, baseline) == []


def test_rare_terms_are_not_drivers_and_empty_input_gives_nothing():
    assert over_represented([{"unique"}, {"flan"}, {"flan"}], [set()] * 100) == []
    assert over_represented([], []) == []


def test_hostile_and_huge_text_is_handled():
    huge = "flan " * 200_000 + "<script>alert(1)</script> =cmd|' /C calc'!A0 \x00\x1b[31m"
    terms = terms_of(huge)
    assert "flan" in terms and len(terms) < 10


def test_summary_picks_the_central_mentions_and_skips_near_copies():
    sets = [{"flan", "intoxication", "lyon"}, {"flan", "intoxication", "lyon"}, {"flan", "intoxication", "malades"},
            {"croissant", "prix"}, {"flan", "malades", "rappel"}]
    chosen = representative(sets, k=2)
    assert chosen[0] in (0, 1, 2) and 3 not in chosen
    assert set(chosen) != {0, 1}                     # the copy of the first is skipped
    assert representative([], 3) == [] and representative([set(), set()], 3) == [0, 1]


def test_a_phrase_bridges_only_a_grammatical_word_never_the_brand():
    terms = terms_of("flan Lemoine scandale, rappel de lot", BRAND)
    assert "rappel de lot" in terms
    assert not any("lemoine" in t for t in terms) and "flan scandale" not in terms
