"""English sentiment: VADER (vaderSentiment), with the same output and less repeated work.

vaderSentiment lower-cases the whole token list again in every negation and idiom check (three
times per sentiment word) and searches its negation words in a list; `FastVader` lower-cases
once per text and uses sets. Everything else, quirks included, is vaderSentiment's own code
and lexicon: tests check identical output on generated texts, and bench/eval_sentiment.py on
Hutto & Gilbert's four human-rated corpora.
"""

from __future__ import annotations

import string
from functools import lru_cache

from vaderSentiment import vaderSentiment as vs

_NEGATE = frozenset(vs.NEGATE)
_BOOST = vs.BOOSTER_DICT
_SPECIAL = vs.SPECIAL_CASES
_N = vs.N_SCALAR
_C = vs.C_INCR


def _negated(word_lower: str) -> bool:
    return word_lower in _NEGATE or "n't" in word_lower


class FastVader(vs.SentimentIntensityAnalyzer):
    """vaderSentiment's analyzer with each text's tokens lower-cased once."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # vaderSentiment looks emoji up one character at a time: only 1-char keys ever match.
        self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """VADER's {"neg", "neu", "pos", "compound"}, identical to vaderSentiment's."""
        if not self._emoji_chars.isdisjoint(text):
            text = self._replace_emoji(text)
        text = text.strip()
        known = _WORDS.get
        words = [known(token) or _word_new(token) for token in text.split()]  # SentiText's tokens
        caps = sum(map(str.isupper, words))
        is_cap_diff = 0 < len(words) - caps < len(words)
        lower = [w.lower() for w in words]
        lexicon = self.lexicon
        sentiments: list[float] = []
        last = len(words) - 1
        for i, item_lower in enumerate(lower):
            if item_lower in _BOOST:
                sentiments.append(0)
            elif i < last and item_lower == "kind" and lower[i + 1] == "of":
                sentiments.append(0)
            elif item_lower in lexicon:
                sentiments.append(self._valence(words, lower, i, is_cap_diff))
            else:
                sentiments.append(0)
        if "but" in lower:
            _but_check(lower, sentiments)
        return self.score_valence(sentiments, text)

    def _replace_emoji(self, text: str) -> str:
        out: list[str] = []
        prev_space = True
        for ch in text:
            if ch in self.emojis:
                if not prev_space:
                    out.append(" ")
                out.append(self.emojis[ch])
                prev_space = False
            else:
                out.append(ch)
                prev_space = ch == " "
        return "".join(out)

    def _valence(self, words: list[str], lower: list[str], i: int, is_cap_diff: bool) -> float:
        item, item_lower = words[i], lower[i]
        lexicon = self.lexicon
        valence = lexicon[item_lower]
        if item_lower == "no" and i != len(words) - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (i > 0 and lower[i - 1] == "no") or (i > 1 and lower[i - 2] == "no") or (
            i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor")
        ):
            valence = lexicon[item_lower] * _N
        if item.isupper() and is_cap_diff:
            valence = valence + _C if valence > 0 else valence - _C
        for start_i in range(3):
            j = i - (start_i + 1)
            if i > start_i and lower[j] not in lexicon:
                s = _scalar(words[j], lower[j], valence, is_cap_diff)
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = _negation(valence, lower, start_i, i)
                if start_i == 2:
                    valence = _special_idioms(valence, lower, i)
        return self._least_check(valence, words, i) if i > 0 and lower[i - 1] == "least" else valence


_PUNCTUATION = string.punctuation
# Token -> SentiText's word for it (edge punctuation stripped unless that leaves <= 2 chars),
# remembered per process: posts share most of their tokens. Emptied when full.
_WORDS: dict[str, str] = {}
_WORDS_MAX = 100_000


def _word_new(token: str) -> str:
    if len(_WORDS) >= _WORDS_MAX:
        _WORDS.clear()
    word = _WORDS[token] = _strip_punc_if_word(token)
    return word


def _strip_punc_if_word(token: str) -> str:
    stripped = token.strip(_PUNCTUATION)
    return token if len(stripped) <= 2 else stripped


def _but_check(lower: list[str], sentiments: list[float]) -> None:
    """vaderSentiment's "but" rule, as it is: it finds each value by list.index (first equal one)."""
    bi = lower.index("but")
    for sentiment in sentiments:
        si = sentiments.index(sentiment)
        if si < bi:
            sentiments.pop(si)
            sentiments.insert(si, sentiment * 0.5)
        elif si > bi:
            sentiments.pop(si)
            sentiments.insert(si, sentiment * 1.5)


def _scalar(word: str, word_lower: str, valence: float, is_cap_diff: bool) -> float:
    scalar = 0.0
    if word_lower in _BOOST:
        scalar = _BOOST[word_lower]
        if valence < 0:
            scalar *= -1
        if word.isupper() and is_cap_diff:
            scalar = scalar + _C if valence > 0 else scalar - _C
    return scalar


def _negation(valence: float, lower: list[str], start_i: int, i: int) -> float:
    if start_i == 0:
        if _negated(lower[i - 1]):
            valence = valence * _N
    elif start_i == 1:
        if lower[i - 2] == "never" and lower[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif _negated(lower[i - 2]):
            valence = valence * _N
    else:
        if (lower[i - 3] == "never" and lower[i - 2] in ("so", "this")) or lower[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            pass
        elif _negated(lower[i - 3]):
            valence = valence * _N
    return valence


def _special_idioms(valence: float, lower: list[str], i: int) -> float:
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in _SPECIAL:
            valence = _SPECIAL[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in _SPECIAL:
            valence = _SPECIAL[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in _SPECIAL:
            valence = _SPECIAL[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in _BOOST:
            valence = valence + _BOOST[n_gram]
    return valence


@lru_cache(maxsize=1)
def analyzer() -> FastVader:
    """The analyzer, built once: building it per text is 40x slower than reusing it."""
    return FastVader()


def polarity_scores(text: str) -> dict[str, float]:
    """VADER's {"neg", "neu", "pos", "compound"}."""
    return analyzer().polarity_scores(text)
