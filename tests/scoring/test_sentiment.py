"""score_text picks the scorer by language; score_brand scores only the sentences naming the brand."""

from __future__ import annotations

from ambassade.text.terms import TermMatcher
from scoring.english import analyzer
from scoring.sentiment import SCORER, Sentiment, score_brand, score_text, sentences

MATCHER = TermMatcher(["Lemoine", "@maisonlemoine"])


def test_english_matches_vader_sentiment():
    text = "The croissants are GREAT!!! but the queue was awful :("
    s = score_text(text, "en")
    assert s.compound == analyzer().polarity_scores(text)["compound"]


def test_french_is_scored_with_french_rules():
    assert score_text("C'est pas génial", "fr").label == "negative"
    assert score_text("C'est pas génial", "en").label != "negative"  # VADER knows no "pas"


def test_language_is_detected_when_none():
    assert score_text("Je n'aime pas du tout", None).label == "negative"
    assert score_text("I do not like it at all", None).label == "negative"


def test_labels_follow_vader_thresholds():
    assert score_text("Bonjour", "fr") == Sentiment(0.0, 0.0, 1.0, 0.0, "neutral")
    assert score_text("excellent", "fr").label == "positive"


def test_empty_text_is_neutral():
    assert score_text("", None).label == "neutral"
    assert score_text("", "fr").compound == 0.0


def test_huge_text_is_capped_and_scored():
    assert score_text("great " * 1_000_000, "en").label == "positive"


def test_scorer_names_name_and_version():
    name, _, version = SCORER.partition("/")
    assert name and version


def test_brand_sentence_outweighs_complaint_about_something_else():
    text = "Quel temps pourri, la pluie et le froid, horrible. Mais chez Lemoine les croissants sont top !"
    assert score_text(text, "fr").compound < 0.3
    assert score_brand(text, "fr", MATCHER) > 0.3


def test_brand_score_is_none_when_no_sentence_names_the_brand():
    assert score_brand("Il fait beau aujourd'hui.", "fr", MATCHER) is None
    assert score_brand("", None, MATCHER) is None


def test_brand_complaint_is_negative_even_in_a_happy_post():
    text = "Great weekend with friends! @maisonlemoine lost my order again, terrible service."
    assert score_brand(text, "en", MATCHER) < -0.3


def test_sentences_split_on_end_punctuation_and_lines():
    assert sentences("Un. Deux ! Trois ?\nQuatre") == ["Un.", "Deux !", "Trois ?", "Quatre"]


def test_mixed_language_post_is_scored_in_its_main_language():
    text = "Le nouveau menu de Lemoine est trop good, franchement love it 😍"
    assert score_text(text, None).label == "positive"
    assert score_brand(text, None, MATCHER) > 0.3
    assert score_text("Service vraiment bad, so sad", "fr").label == "negative"


def test_brand_hashtag_counts_as_naming_the_brand():
    """"Scandaleux #LemoineGate" is about the brand even though no term matches exactly."""
    from ambassade.text.terms import TermMatcher
    from scoring.sentiment import score_brand

    matcher = TermMatcher(["Lemoine", "@maisonlemoine"], ["Lemoine Immobilier"])
    text = "Alors @maisonlemoine, toujours aucune explication ? Scandaleux #LemoineGate"
    assert score_brand(text, "fr", matcher) < -0.3
    assert score_brand("Il fait beau. Super #ImmoLemoine", "fr", matcher) is None
