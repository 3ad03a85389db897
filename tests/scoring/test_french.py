"""The French scorer follows VADER's design with French negation, contrast and social spellings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.french import BOUNDARY, CONTRAST, NE, NEGATORS, _negated, polarity_scores, tokens


def compound(text: str) -> float:
    return polarity_scores(text)["compound"]


@pytest.mark.parametrize("positive, negated", [
    ("Le pain est bon", "Le pain n'est pas bon"),
    ("C'est génial", "C'est pas génial"),
    ("J'aime ce café", "J'aime pas ce café"),
    ("Le service est parfait", "Le service n'est jamais parfait"),
    ("Je recommande", "Je ne recommande plus"),
    ("Super accueil", "Accueil pas super"),
])
def test_negation_flips_positive_word(positive, negated):
    assert compound(positive) > 0.05
    assert compound(negated) < -0.05


def test_negated_negative_word_turns_mildly_positive():
    assert compound("Jamais déçu par cette boulangerie") > 0.05
    assert compound("Jamais déçu") < compound("Parfait")


def test_negation_does_not_cross_a_comma():
    assert compound("Nul, jamais plus") < -0.3


@pytest.mark.parametrize("text", ["pas mal du tout", "Produit pas cher et efficace", "Rien à dire, parfait",
                                  "Aucun souci avec la livraison"])
def test_idioms_with_negation_words_read_positive(text):
    assert compound(text) > 0.05


def test_pas_terrible_reads_negative():
    assert compound("Le nouveau menu, pas terrible") < -0.05


def test_plus_without_ne_is_not_a_negation():
    assert compound("De plus en plus bon") > 0.05


def test_intensifiers_strengthen():
    assert compound("très bon") > compound("bon")
    assert compound("vraiment nul") < compound("nul")
    assert compound("trop bien") > compound("bien")


def test_dampeners_soften():
    assert 0 < compound("assez bon") < compound("bon")


def test_contrast_weighs_what_follows_mais():
    assert compound("Très bon accueil mais livraison catastrophique") < 0
    assert compound("Livraison en retard mais produit excellent") > 0
    assert compound("Cependant, le goût est parfait. Le prix, bof") > compound("Le prix, bof")


def test_exclamation_and_caps_emphasise():
    assert compound("C'est génial !!!") > compound("C'est génial")
    assert compound("c'est GÉNIAL vraiment") > compound("c'est génial vraiment")


def test_elongated_words_are_recognised_and_stronger():
    assert compound("trooop bien") > 0.05
    assert compound("géniaaaal") > compound("génial")


def test_accentless_and_slang_spellings():
    assert compound("trop genial") > 0.5
    assert compound("je kiffe grave") > 0.3
    assert compound("franchement relou") < -0.3
    assert compound("c'est nul mdr") < 0


def test_elisions_are_split():
    assert tokens("l'accueil j'adore qu'il") == ["l", "accueil", "j", "adore", "qu", "il"]
    assert tokens("l’accueil") == ["l", "accueil"]


def test_emoji_carry_sentiment():
    assert compound("Nouvelle boutique 😍") > 0.3
    assert compound("Nouvelle boutique 😡") < -0.3


def test_hashtags_are_read_as_words():
    assert compound("#TropBien") > 0.3
    assert compound("#arnaque") < -0.3


def test_urls_and_handles_are_ignored():
    assert polarity_scores("@nul https://bad.example/horrible") == polarity_scores("")


def test_empty_and_punctuation_only_are_neutral():
    for text in ("", "   ", "!!!", "\x00\x01"):
        assert compound(text) == 0.0


def test_huge_input_is_scored_within_bounds():
    scores = polarity_scores("Super génial ! " * 50_000)
    assert 0.9 < scores["compound"] <= 1.0
    assert abs(scores["pos"] + scores["neu"] + scores["neg"] - 1.0) < 0.01


def test_markup_and_formulas_are_just_text():
    assert -1 <= compound("<script>alert('nul')</script> =HYPERLINK(\"x\")") <= 1


def test_neutral_and_mild_idioms():
    assert compound("Sans doute demain") == 0.0
    assert compound("Bien sûr, on arrive") == 0.0
    assert compound("C'est pas grave") > 0
    assert compound("Tant pis") < 0 < compound("Tant mieux")


def test_negation_stops_at_a_spaced_question_mark():
    """French typography puts a space before "?" and "!": the clause still ends there."""
    assert polarity_scores("Toujours aucune explication ? Scandaleux")["compound"] < -0.3


def test_remembered_tokens_give_the_same_scores_and_stay_bounded(monkeypatch):
    """Token lookups are remembered per process (they cost more than the rest of a score): a
    text scores the same the first and the second time, and a stream of new words never
    makes the memory grow past the bound."""
    import scoring.french as french

    monkeypatch.setattr(french, "_CACHE_MAX", 50)
    french._MISSES.clear()
    french._SQUEEZED.clear()
    text = "Trooop géniaaaal le SUPER accueil mais nuuuul le café, c'est pas terrible !"
    first = polarity_scores(text)
    assert polarity_scores(text) == first
    for n in range(500):
        polarity_scores(f"motinconnu{n} trèèès bien")
    assert len(french._MISSES) <= 50 and len(french._SQUEEZED) <= 50
    assert polarity_scores(text) == first


def _negated_plainly(lowered: list[str], i: int) -> bool:
    """The negation rule as first written (before its quick exit for words with no negator before)."""
    before = lowered[max(0, i - 3) : i]
    if BOUNDARY in before or not CONTRAST.isdisjoint(before):
        stops = [k for k, w in enumerate(before) if w in CONTRAST or w == BOUNDARY]
        before = before[stops[-1] + 1 :]
    if not NE.isdisjoint(before) or not NEGATORS.isdisjoint(before):
        return True
    after = lowered[i + 1 : i + 2]
    return bool(after) and after[0] in {"pas", "jamais", "plus", "point"}


NEGATION_VOCAB = ["ne", "n", "pas", "jamais", "plus", "point", "rien", "sans", "ni", "personne", "mais", "par_contre",
                  "|", "_", "bon", "nul", "très", "le", "aime", ""]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(NEGATION_VOCAB), min_size=1, max_size=9), st.data())
def test_negation_quick_exit_answers_as_the_plain_rule(lowered, data):
    i = data.draw(st.integers(0, len(lowered) - 1))
    assert _negated(lowered, i) == _negated_plainly(lowered, i)
