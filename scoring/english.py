"""English sentiment: VADER (vaderSentiment), with the same output and less repeated work.

vaderSentiment lower-cases the whole token list again in every negation and idiom check (three
times per sentiment word) and searches its negation words in a list; `FastVader` lower-cases
once per text and uses sets, inlines the checks of the three words before a sentiment word and
the final scoring, looks the multi-word idioms up only near their words, and sums only the
figures that are not 0. Everything else, quirks included, is vaderSentiment's own code and
lexicon: tests check identical output on generated texts, and bench/eval_sentiment.py on
Hutto & Gilbert's four human-rated corpora.
"""

from __future__ import annotations

import math
import string
from functools import lru_cache

from vaderSentiment import vaderSentiment as vs

_NEGATE = frozenset(vs.NEGATE)
_BOOST = vs.BOOSTER_DICT
_SPECIAL = vs.SPECIAL_CASES
_N = vs.N_SCALAR
_C = vs.C_INCR
# Every word of the multi-word idioms and intensifiers ("kiss of death", "kind of"): a sentiment
# word with none of them within three words of it matches none of those sequences.
_IDIOM_WORDS = frozenset(w for key in [*_SPECIAL, *_BOOST] if " " in key for w in key.split())


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
        lower = list(map(str.lower, words))
        lexicon = self.lexicon
        sentiments: list[float] = [0] * len(words)  # vaderSentiment's int 0 for every other word
        scored: list[float] = []  # the figures set above, in order (the others are 0)
        last = len(words) - 1
        for i, item_lower in enumerate(lower):
            # Scored: a lexicon word that is not an intensifier nor the "kind" of "kind of".
            if item_lower in lexicon and item_lower not in _BOOST and not (
                    item_lower == "kind" and i < last and lower[i + 1] == "of"):
                valence = sentiments[i] = self._valence(words, lower, i, is_cap_diff)
                scored.append(valence)
        if "but" in lower:
            _but_check(lower, sentiments)
            scored = sentiments
        return _score_valence(sentiments, scored, text)

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
        # vaderSentiment's loop over the three words before, unrolled, with its scalar_inc_dec and
        # negation checks inlined: the same operations on the same values, in the same order.
        if i > 0:
            before = lower[i - 1]
            if before not in lexicon:
                s = 0.0
                if before in _BOOST:
                    s = _BOOST[before]
                    if valence < 0:
                        s *= -1
                    if is_cap_diff and words[i - 1].isupper():
                        s = s + _C if valence > 0 else s - _C
                valence = valence + s
                if before in _NEGATE or "n't" in before:
                    valence = valence * _N
            if i > 1:
                before2 = lower[i - 2]
                if before2 not in lexicon:
                    s = 0.0
                    if before2 in _BOOST:
                        s = _BOOST[before2]
                        if valence < 0:
                            s *= -1
                        if is_cap_diff and words[i - 2].isupper():
                            s = s + _C if valence > 0 else s - _C
                        if s != 0:
                            s = s * 0.95
                    valence = valence + s
                    if before2 == "never" and before in ("so", "this"):
                        valence = valence * 1.25
                    elif before2 == "without" and before == "doubt":
                        pass
                    elif before2 in _NEGATE or "n't" in before2:
                        valence = valence * _N
                if i > 2:
                    before3 = lower[i - 3]
                    if before3 not in lexicon:
                        s = 0.0
                        if before3 in _BOOST:
                            s = _BOOST[before3]
                            if valence < 0:
                                s *= -1
                            if is_cap_diff and words[i - 3].isupper():
                                s = s + _C if valence > 0 else s - _C
                            if s != 0:
                                s = s * 0.9
                        valence = valence + s
                        if (before3 == "never" and before2 in ("so", "this")) or before in ("so", "this"):
                            valence = valence * 1.25
                        elif before3 == "without" and (before2 == "doubt" or before == "doubt"):
                            pass
                        elif before3 in _NEGATE or "n't" in before3:
                            valence = valence * _N
                        if not _IDIOM_WORDS.isdisjoint(lower[i - 3 : i + 3]):
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


def _score_valence(sentiments: list[float], scored: list[float], text: str) -> dict[str, float]:
    """vaderSentiment's `score_valence` with its helpers inlined, the same operations in the same order.

    `scored` holds the figures of `sentiments` that may not be 0, in order: the others add
    nothing to the positive and negative sums."""
    if sentiments:
        sum_s = float(sum(sentiments))
        ep_count = text.count("!")
        if ep_count > 4:
            ep_count = 4
        qm_count = text.count("?")
        qm_amplifier = 0
        if qm_count > 1:
            qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
        punct_emph_amplifier = ep_count * 0.292 + qm_amplifier
        if sum_s > 0:
            sum_s += punct_emph_amplifier
        elif sum_s < 0:
            sum_s -= punct_emph_amplifier
        compound = sum_s / math.sqrt((sum_s * sum_s) + 15)  # vaderSentiment's normalize, alpha 15
        if compound < -1.0:
            compound = -1.0
        elif compound > 1.0:
            compound = 1.0
        pos_sum = 0.0
        neg_sum = 0.0
        neu_count = sentiments.count(0)
        if neu_count < len(sentiments):
            for sentiment_score in scored:
                if sentiment_score > 0:
                    pos_sum += (float(sentiment_score) + 1)  # compensates for neutral words that are counted as 1
                elif sentiment_score < 0:
                    neg_sum += (float(sentiment_score) - 1)
        if pos_sum > math.fabs(neg_sum):
            pos_sum += punct_emph_amplifier
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= punct_emph_amplifier
        total = pos_sum + math.fabs(neg_sum) + neu_count
        pos = math.fabs(pos_sum / total)
        neg = math.fabs(neg_sum / total)
        neu = math.fabs(neu_count / total)
    else:
        compound = 0.0
        pos = 0.0
        neg = 0.0
        neu = 0.0
    return {"neg": round(neg, 3), "neu": round(neu, 3), "pos": round(pos, 3), "compound": round(compound, 4)}


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
