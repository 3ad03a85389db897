"""English sentiment: VADER (vaderSentiment), one analyzer built once and reused."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def analyzer():
    """vaderSentiment's analyzer: building it per text is 40x slower than reusing it."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def polarity_scores(text: str) -> dict[str, float]:
    """VADER's {"neg", "neu", "pos", "compound"}."""
    return analyzer().polarity_scores(text)
