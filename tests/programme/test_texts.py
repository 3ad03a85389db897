"""Suggested texts: varied per person, stable per person, disclosed, within each network's limit."""

from __future__ import annotations

import pytest

from programme.texts import DISCLOSURES, LIMITS, Source, compose, hashtag, texts_for, weighted_length

SRC = Source("Nos 40 apprentis de la rentrée", "Rencontre avec la nouvelle promotion, de Lyon à Bordeaux.",
             ("recrutement", "apprentissage"), "Maison Lemoine", "fr")
URL = "https://www.maisonlemoine.fr/blog/nos-apprentis-2026"


def test_the_same_person_gets_the_same_text_and_twenty_people_get_twenty_texts():
    assert compose(SRC, "emp:a", "content:1", "linkedin", URL) == compose(SRC, "emp:a", "content:1", "linkedin", URL)
    for network in ("linkedin", "x", "bluesky", "mastodon"):
        texts = {compose(SRC, f"emp:{n}", "content:1", network, URL) for n in range(20)}
        assert len(texts) == 20, network


@pytest.mark.parametrize("lang, disclosure", [(lang, n) for lang in DISCLOSURES for n in range(len(DISCLOSURES[lang]))])
def test_every_disclosure_satisfies_the_charter(checker, lang, disclosure):
    text = ("Les meilleurs croissants de Lyon, foncez ! " if lang == "fr" else "The best croissants, go buy now! ") \
        + DISCLOSURES[lang][disclosure].format(brand="Maison Lemoine") + " " + URL
    findings = checker.check(text, lang).findings
    assert not [f for f in findings if f.category == "disclosure"], (text, findings)


def test_every_variant_carries_the_disclosure_and_the_link():
    for n in range(40):
        for network in LIMITS:
            text = compose(SRC, f"emp:{n}", "content:1", network, URL)
            assert URL in text and "Maison Lemoine" in text


@pytest.mark.parametrize("network, limit", [("x", 280), ("bluesky", 300), ("mastodon", 500)])
def test_a_long_title_is_cut_to_the_networks_limit(network, limit):
    long = Source("Une histoire de pain " * 40, "Un résumé " * 200, ("recettes",) * 3, "Maison Lemoine", "fr")
    for n in range(20):
        text = compose(long, f"emp:{n}", "content:1", network, URL + "?" + "x" * 200)
        assert weighted_length(text, network) <= limit and "Maison Lemoine" in text


def test_lengths_are_counted_as_each_network_counts():
    assert weighted_length("a" * 10 + " https://example.org/" + "x" * 100, "x") == 11 + 23
    assert weighted_length("👩‍👩‍👧‍👦" * 3, "bluesky") == 3            # graphemes, not code points
    assert weighted_length("日本", "x") == 4                            # X weighs CJK double


def test_hashtags_are_words_only():
    assert hashtag("zéro gaspi") == "#ZéroGaspi"
    assert hashtag("<script>") == "#script"
    assert hashtag("!!!") is None


def test_a_network_with_no_accepted_variant_is_left_out():
    urls = {"x": URL, "linkedin": URL}
    assert texts_for(SRC, "emp:a", "content:1", urls, lambda text, lang: False) == {}
    one_line_only = texts_for(SRC, "emp:a", "content:1", urls, lambda text, lang: "\n" not in text)
    assert set(one_line_only) == {"x"}          # LinkedIn's texts are paragraphs
