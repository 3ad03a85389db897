"""FastVader gives exactly vaderSentiment's output, quirks included."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment import vaderSentiment as vs
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from scoring.english import FastVader, polarity_scores

REFERENCE = SentimentIntensityAnalyzer()
FAST = FastVader()
# Words that exercise every rule: lexicon words, boosters, negations, "but", "no", "least",
# "kind of", idioms, caps, emoticons, emoji, punctuation.
VOCAB = ["good", "GOOD", "bad", "BAD", "great", "not", "isn't", "never", "so", "this", "very",
         "VERY", "kind", "of", "sort", "but", "BUT", "no", "nor", "or", "least", "at", "without",
         "doubt", "the", "shit", "bomb", "yeah", "right", "kiss", "death", "to", "die", "for",
         "love", "hate", ":)", ":(", "<3", "😀", "😡", "💔", "!", "?", "!!!", "??", "happy.",
         "sad,", "lol", "meh", "extremely", "barely", "a", "I", "it", "was", "uh-uh", "nope",
         "awesome!", "ok", "okay", "fine", "cool", "😂", "👍", "bad", "ass", "badass", "bus", "stop", "beating",
         "heart", "just", "enough", "least", "no"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), min_size=0, max_size=14), st.sampled_from([" ", "  ", "\n"]))
def test_generated_texts_score_identically(words, sep):
    text = sep.join(words)
    assert FAST.polarity_scores(text) == REFERENCE.polarity_scores(text)


@pytest.mark.parametrize("text", [
    "", "   ", "VADER is smart, handsome, and funny.", "The book was good, but the movie was BAD!!!",
    "Not bad at all :)", "At least it isn't a horrible book.", "Make sure you :) or :D today!",
    "Today SUX!", "Today only kinda sux! But I'll get by, lol", "It was the bomb 💯🔥",
    "no no no good", "never so happy", "without doubt the best", "😀😀😀", "a" * 10_000,
])
def test_known_sentences_score_identically(text):
    assert FAST.polarity_scores(text) == REFERENCE.polarity_scores(text)


def test_module_function_reuses_one_analyzer():
    assert polarity_scores("great") == REFERENCE.polarity_scores("great")


def test_remembered_words_give_the_same_scores_and_stay_bounded(monkeypatch):
    import scoring.english as english

    monkeypatch.setattr(english, "_WORDS_MAX", 50)
    english._WORDS.clear()
    text = "The bread was GREAT!!! but the queue... not so good :("
    assert FAST.polarity_scores(text) == REFERENCE.polarity_scores(text)
    for n in range(500):
        FAST.polarity_scores(f"newword{n}, really good")
    assert len(english._WORDS) <= 50
    assert FAST.polarity_scores(text) == REFERENCE.polarity_scores(text)


@pytest.mark.parametrize("phrase", sorted({*vs.SPECIAL_CASES, *(k for k in vs.BOOSTER_DICT if " " in k)}))
@pytest.mark.parametrize("template", ["{p} good", "so {p} good!", "not the {p} bad", "good {p}", "it was {p} very bad but nice",
                                      "NEVER {p} GREAT", "a b c {p} d e good", "{p} {p} kind of good"])
def test_idioms_are_found_wherever_they_stand_near_a_sentiment_word(phrase, template):
    """FastVader looks the multi-word idioms and intensifiers up only when one of their words is
    near: every one of them, before, around or after a sentiment word, as vaderSentiment scores it."""
    text = template.format(p=phrase)
    assert FAST.polarity_scores(text) == REFERENCE.polarity_scores(text)
    assert FAST.polarity_scores(text.upper()) == REFERENCE.polarity_scores(text.upper())
