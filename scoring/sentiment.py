"""Sentiment of a post (VADER for English, VADER-style French rules) and of its brand sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ambassade.text.language import detect_language
from scoring import english, french
from scoring.complaints import aimed

if TYPE_CHECKING:
    from ambassade.text.terms import TermMatcher

SCORER = "ambassade-vader/1.4"  # bump when any rule or lexicon changes: the store re-scores
POSITIVE_THRESHOLD = 0.05  # VADER's own thresholds on the compound score
NEGATIVE_THRESHOLD = -0.05
MAX_SCORED_CHARS = 20_000  # a longer text is cut: no post is that long, and time stays bounded
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")


@dataclass(frozen=True)
class Sentiment:
    """VADER's four figures and the label they give."""

    compound: float
    pos: float
    neu: float
    neg: float
    label: str


def label_of(compound: float) -> str:
    """positive | neutral | negative, by VADER's ±0.05 thresholds."""
    if compound >= POSITIVE_THRESHOLD:
        return "positive"
    if compound <= NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def _scores(text: str, lang: str | None) -> dict[str, float]:
    if lang == "fr":
        return french.polarity_scores(text)
    return english.polarity_scores(text)


def score_text(text: str, lang: str | None) -> Sentiment:
    """Sentiment of `text` in `lang` ("fr" or "en"; None detects; others are scored as English)."""
    s = polarity(text, lang)
    return Sentiment(s["compound"], s["pos"], s["neu"], s["neg"], label_of(s["compound"]))


def polarity(text: str, lang: str | None) -> dict[str, float]:
    """The {"neg", "neu", "pos", "compound"} figures `score_text` gives, without building a
    `Sentiment` (`score --jsonl` formats them directly: a frozen dataclass costs about 1 µs)."""
    text = (text or "")[:MAX_SCORED_CHARS]
    if lang is None:
        lang = detect_language(text)
    return _scores(text, lang)


def sentences(text: str) -> list[str]:
    """Sentences of a post: split after . ! ? … and at line breaks."""
    return [s for s in _SENTENCE.split(text) if s.strip()]


def score_brand(text: str, lang: str | None, matcher: TermMatcher,
                whole: Sentiment | None = None) -> float | None:
    """Compound of the sentences that name the brand, complaints aimed at it counted
    (scoring/complaints.py); None when no sentence names it.

    `whole` is `score_text(text, lang)` when the caller has it: when the brand sentences are
    the whole text (a one-sentence post, most of them), their compound is that one, and the
    text is not scored a second time (the same string in the same language: the same figure).
    """
    text = (text or "")[:MAX_SCORED_CHARS]
    parts = sentences(text)
    naming = [i for i, s in enumerate(parts) if matcher.names_brand(s)]
    if not naming:
        return None
    if lang is None:
        lang = detect_language(text)
    joined = " ".join(parts[i] for i in naming)
    brand = whole.compound if whole is not None and joined == text else _scores(joined, lang)["compound"]
    return aimed(brand, parts, naming, lambda sentence: _scores(sentence, lang)["compound"])
