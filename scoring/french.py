"""French sentiment: VADER's rules adapted to French, over a public French lexicon.

Same design and output scale as VADER (valences -4..4 per word, compound in -1..1), with the
rules French needs: "ne … pas/plus/jamais/rien/guère" and spoken "pas" alone on either side
of the word, elisions (l', j', n', qu'…), French intensifiers and dampeners, contrast
("mais", "cependant", "pourtant"…), idioms ("pas mal", "pas terrible", "pas cher"), caps,
exclamation, elongated words ("trooop bien"), accent-less spellings, hashtags and emoji.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from importlib import resources

# VADER's empirically derived constants (Hutto & Gilbert, 2014), kept as they are.
B_INCR = 0.293
B_DECR = -0.293
C_INCR = 0.733
N_SCALAR = -0.74
ALPHA = 15
MIN_VALENCE = 0.5

BOOSTERS = {
    w: B_INCR
    for w in (
        "très tres trop vraiment vrmt super hyper ultra archi extra vachement tellement "
        "carrément carrement complètement totalement absolument extrêmement extremement grave "
        "franchement sacrément terriblement incroyablement particulièrement énormément "
        "enormement"
    ).split()
} | {
    w: B_DECR
    for w in (
        "assez plutôt plutot peu légèrement legerement presque quasiment moyennement "
        "relativement un_peu à_peine a_peine"
    ).split()
}
# Intensifiers that are also adjectives: "Super accueil", "c'est grave". They count as words
# when the next word carries no sentiment of its own.
BOOSTER_ALONE = {"super": 2.2, "extra": 1.8, "grave": -1.2, "ultra": 0.0}
# Words that negate a sentiment word near them. "plus" and "personne" only with "ne".
NEGATORS = {"pas", "jamais", "rien", "guère", "guere", "aucun", "aucune", "nullement", "sans", "ni", "point"}
NE_ONLY = {"plus", "personne"}
NE = {"ne", "n"}
CONTRAST = {"mais", "cependant", "pourtant", "toutefois", "néanmoins", "neanmoins", "sauf",
            "par_contre", "en_revanche", "malgré_tout"}
# Multi-word expressions joined before lookup, and idioms with their own valence.
PHRASES = {
    "par contre": "par_contre", "en revanche": "en_revanche", "malgré tout": "malgré_tout",
    "un peu": "un_peu", "à peine": "à_peine", "a peine": "a_peine",
}
IDIOMS = {
    ("pas", "mal"): 1.6, ("pas", "terrible"): -1.8, ("pas", "cher"): 1.6, ("pas", "chère"): 1.6,
    ("pas", "chers"): 1.6, ("pas", "de", "souci"): 1.2, ("pas", "de", "soucis"): 1.2,
    ("aucun", "souci"): 1.2, ("aucun", "problème"): 1.2, ("pas", "de", "problème"): 1.0,
    ("sans", "souci"): 1.2, ("sans", "problème"): 1.2, ("rien", "à", "dire"): 2.0,
    ("rien", "a", "dire"): 2.0, ("trop", "bien"): 3.2, ("de", "rien"): 0.8,
    ("service", "client"): 0.0, ("la", "honte"): -3.0, ("au", "top"): 2.8,
    ("sans", "doute"): 0.0, ("bien", "sûr"): 0.0, ("bien", "sur"): 0.0, ("tant", "pis"): -0.6,
    ("tant", "mieux"): 1.6, ("pas", "grave"): 0.6, ("à", "chier"): -3.2, ("a", "chier"): -3.2,
    ("n", "importe", "quoi"): -2.0,
}
_IDIOM_STARTS = frozenset(key[0] for key in IDIOMS)
_ELISION = re.compile(r"\b([ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)@\w+")
_EDGE_PUNCT = re.compile(r"^[^\w@#]+|[^\w]+$")
_REPEAT = re.compile(r"(\w)\1{2,}")
_CLAUSE_END = set(",;:.!?…)")
BOUNDARY = "|"  # a clause break: negation and intensifiers do not reach across it
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])")
_DATA = resources.files("scoring").joinpath("data")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _valences(*names: str) -> dict[str, float]:
    """`token<TAB>valence` lines of the shipped data files, in order; "#" starts a comment line."""
    valences: dict[str, float] = {}
    for name in names:
        for line in _DATA.joinpath(name).read_text("utf-8").splitlines():
            if line and not line.startswith("#"):
                token, _, value = line.partition("\t")
                valences[token] = float(value)
    return valences


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, float], dict[str, float]]:
    """(words, emoji): the shipped French lexicon with our social-media overrides, and emoji."""
    words = _valences("fr_lexicon.tsv", "fr_social.tsv")  # later files override earlier ones
    for word in list(words):
        folded = _fold(word)
        if folded != word and folded not in words:
            words[folded] = words[word]  # people often type without accents
    neutral = _DATA.joinpath("fr_neutral.txt").read_text("utf-8")
    for line in neutral.splitlines():
        if not line.startswith("#"):
            for word in line.split():
                words.pop(word, None)
    for token in BOOSTERS:
        words.pop(token, None)  # intensifiers act on their neighbour, not on their own
    # Like VADER's raters' neutral band: |valence| < 0.5 is noise from the automatic sources.
    words = {w: v for w, v in words.items() if abs(v) >= MIN_VALENCE}
    emoji = _valences("emoji_valence.tsv", "emoji_social.tsv")
    return words, emoji


def tokens(text: str) -> list[str]:
    """Words, emoticons and emoji of a French post, elisions split, URLs and @handles removed."""
    if "http" in text or "www." in text:
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _HANDLE.sub(" ", text)
    if "'" in text or "’" in text:
        text = _ELISION.sub(_elision, text)
    _, emoji = lexicon()
    emoji_chars = _emoji_chars()
    out: list[str] = []
    for raw in text.split():
        if raw.isalnum():  # most tokens: a plain word
            out.append(raw)
            continue
        if raw.startswith("#") and len(raw) > 1:
            # #TropBien -> trop bien: hashtags often carry the sentiment.
            out.extend(_CAMEL.sub(" ", raw[1:]).split())
            continue
        pieces = [c for c in raw if c in emoji] if not emoji_chars.isdisjoint(raw) else []
        stripped = _EDGE_PUNCT.sub("", raw)
        if stripped:
            out.append(stripped)
        elif len(raw) > 1 and not pieces:
            out.append(raw)  # an emoticon such as ":-)" or "<3"
        out.extend(pieces)
        # French typography spaces "?", "!", ":" and ";" off the word: "explication ? Scandaleux".
        if raw[-1] in _CLAUSE_END and (stripped or len(raw) <= 3) and out and out[-1] != BOUNDARY:
            out.append(BOUNDARY)
    return out


def _elision(match: re.Match[str]) -> str:
    return match.group(1) + " "


@lru_cache(maxsize=1)
def _emoji_chars() -> frozenset[str]:
    return frozenset(lexicon()[1])


_PHRASE_STARTS = frozenset(pair.split()[0] for pair in PHRASES)


def _join_phrases(words: list[str]) -> list[str]:
    if _PHRASE_STARTS.isdisjoint(words):
        return words  # most posts: no phrase to join
    joined: list[str] = []
    i = 0
    while i < len(words):
        pair = " ".join(words[i : i + 2])
        if pair in PHRASES:
            joined.append(PHRASES[pair])
            i += 2
        else:
            joined.append(words[i])
            i += 1
    return joined


# Tokens not in the lexicon, with what trying their de-elongated spellings gave: most tokens
# of a post are such words, and the regular expressions cost more than the rest of a lookup.
_MISSES: dict[str, tuple[float | None, bool]] = {}
_CACHE_MAX = 100_000  # tokens remembered per process; emptied when full (bounded memory)


def _lookup(lower: str, words: dict[str, float]) -> tuple[float | None, bool]:
    """(valence, elongated) of a lower-case token, trying de-elongated spellings.

    `words` is always `lexicon()[0]`, which never changes: misses are remembered."""
    if lower in words:
        return words[lower], False
    known = _MISSES.get(lower)
    if known is not None:
        return known
    found: tuple[float | None, bool] = (None, False)
    if _REPEAT.search(lower):
        for candidate in (_REPEAT.sub(r"\1", lower), _REPEAT.sub(r"\1\1", lower)):
            if candidate in words:
                found = (words[candidate], True)
                break
    if len(_MISSES) >= _CACHE_MAX:
        _MISSES.clear()
    _MISSES[lower] = found
    return found


def polarity_scores(text: str) -> dict[str, float]:
    """VADER-style {"neg", "neu", "pos", "compound"} of a French text."""
    raw_tokens = tokens(text)
    if not raw_tokens:
        return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
    words, emoji = lexicon()
    squeezed = _SQUEEZED.get
    lowered = _join_phrases([squeezed(t) or _squeeze_new(t) for t in raw_tokens])
    # Caps emphasis needs the original tokens; when phrases were joined the positions shift,
    # and the (rare) post simply gets no caps bonus.
    originals = raw_tokens if len(lowered) == len(raw_tokens) else lowered
    caps_differential = _caps_differential(raw_tokens)
    sentiments: list[float] = []
    skip_until = -1
    missed = _MISSES.get
    inert = _INERT
    for i, lower in enumerate(lowered):
        if i <= skip_until or lower in inert:
            sentiments.append(0.0)
            continue
        idiom = _idiom_at(lowered, i) if lower in _IDIOM_STARTS else None
        if idiom is not None:
            valence, length = idiom
            sentiments.append(valence)  # the idiom's other words get 0.0 as they are skipped
            skip_until = i + length - 1
            # An idiom's words ("pas" in "pas cher") negate nothing after it.
            lowered[i : i + length] = ["_"] * length
            continue
        if lower in emoji:
            sentiments.append(emoji[lower])
            continue
        valence, elongated = words.get(lower), False
        if valence is None:
            valence, elongated = missed(lower) or _lookup(lower, words)
        if lower in BOOSTER_ALONE and not _boosts_next(lowered, i, words):
            valence = BOOSTER_ALONE[lower] or None
        elif lower in BOOSTERS:
            valence = None
        if valence is None:
            if lower not in BOOSTER_ALONE and lower not in _IDIOM_STARTS:
                _remember_inert(lower)
            sentiments.append(0.0)
            continue
        if elongated:
            valence += B_INCR if valence > 0 else -B_INCR
        original = originals[i]
        if caps_differential and original.isupper() and len(original) > 1:
            valence += C_INCR if valence > 0 else -C_INCR
        for distance, factor in ((1, 1.0), (2, 0.95), (3, 0.9)):
            j = i - distance
            if j < 0 or lowered[j] == BOUNDARY:
                break
            if lowered[j] in BOOSTERS:
                boost = BOOSTERS[lowered[j]] * factor
                if originals[j].isupper() and caps_differential:
                    boost += C_INCR if valence > 0 else -C_INCR
                valence += boost if valence > 0 else -boost
        if _negated(lowered, i):
            valence *= N_SCALAR
        sentiments.append(valence)
    sentiments = _contrast(lowered, sentiments)
    if BOUNDARY in lowered:  # clause breaks count for no word
        sentiments = [v for v, w in zip(sentiments, lowered) if w != BOUNDARY]
    return _score(sentiments, text)


# Tokens that score 0.0 wherever they stand (no valence, no emoji, no idiom starts with them,
# not an intensifier that can stand alone): most tokens of a post, spared the lookups above.
# An intensifier is one: it acts through its neighbour's lookback, not at its own position.
_INERT: set[str] = set()


def _remember_inert(lower: str) -> None:
    if len(_INERT) >= _CACHE_MAX:
        _INERT.clear()
    _INERT.add(lower)


def _boosts_next(lowered: list[str], i: int, words: dict[str, float]) -> bool:
    """Whether the word after position i carries sentiment (so the intensifier acts on it)."""
    nxt = lowered[i + 1] if i + 1 < len(lowered) else None
    return nxt is not None and (nxt in BOOSTERS or _lookup(nxt, words)[0] is not None
                                or _idiom_at(lowered, i + 1) is not None)


# Token -> its lower-case form, intensifiers de-elongated ("Trooop" -> "trop"), per process.
_SQUEEZED: dict[str, str] = {}


def _squeeze_new(token: str) -> str:
    if len(_SQUEEZED) >= _CACHE_MAX:
        _SQUEEZED.clear()
    lower = _SQUEEZED[token] = _squeeze_booster(token.lower())
    return lower


def _squeeze_booster(lower: str) -> str:
    """'trooop' and 'tréééés' are still intensifiers."""
    if lower in BOOSTERS or len(lower) < 4 or not _REPEAT.search(lower):
        return lower
    for candidate in (_REPEAT.sub(r"\1", lower), _REPEAT.sub(r"\1\1", lower)):
        if candidate in BOOSTERS:
            return candidate
    return lower


def _idiom_at(lowered: list[str], i: int) -> tuple[float, int] | None:
    if lowered[i] not in _IDIOM_STARTS:
        return None
    for length in (3, 2):
        key = tuple(lowered[i : i + length])
        if len(key) == length and key in IDIOMS:
            valence = IDIOMS[key]
            # "pas mal" after "ne" stays an idiom; "pas trop bien" is a negated boost.
            if i > 0 and lowered[i - 1] in BOOSTERS:
                valence += B_INCR if valence > 0 else -B_INCR
            return valence, length
    return None


def _negated(lowered: list[str], i: int) -> bool:
    """A negator within three words before, or "pas/jamais/plus" right after (spoken order)."""
    before = lowered[i - 3 if i > 3 else 0 : i]
    if _NEGATING.isdisjoint(before):  # most words: no negator before them, whatever cuts it off
        return i + 1 < len(lowered) and lowered[i + 1] in _NEGATES_BEFORE
    if BOUNDARY in before or not CONTRAST.isdisjoint(before):
        stops = [k for k, w in enumerate(before) if w in CONTRAST or w == BOUNDARY]
        before = before[stops[-1] + 1 :]
    # With "ne" the word is negated whatever follows: "n'aime" in "je n'aime guère…" (the
    # negator may follow the verb), so NE_ONLY words need no check of their own.
    if not _NEGATING.isdisjoint(before):
        return True
    return i + 1 < len(lowered) and lowered[i + 1] in _NEGATES_BEFORE


_NEGATING = NE | NEGATORS
_NEGATES_BEFORE = frozenset({"pas", "jamais", "plus", "point"})  # spoken order: "j'aime pas"


def _contrast(lowered: list[str], sentiments: list[float]) -> list[float]:
    """VADER's "but" rule: before the last contrast word counts half, after it 1.5 times."""
    if CONTRAST.isdisjoint(lowered):
        return sentiments
    positions = [k for k, w in enumerate(lowered) if w in CONTRAST]
    if not positions:
        return sentiments
    pivot = positions[-1]
    return [s * 0.5 if k < pivot else s * 1.5 if k > pivot else s for k, s in enumerate(sentiments)]


def _caps_differential(raw_tokens: list[str]) -> bool:
    if not any(map(str.isupper, raw_tokens)):
        return False  # no token in capitals: most posts
    alpha = [t for t in raw_tokens if t.lower() != t.upper()]  # has a cased letter
    caps = sum(1 for t in alpha if t.isupper())
    return 0 < caps < len(alpha)


def _score(sentiments: list[float], text: str) -> dict[str, float]:
    if not sentiments or not any(sentiments):
        return {"neg": 0.0, "neu": 1.0 if sentiments else 0.0, "pos": 0.0, "compound": 0.0}
    total = sum(sentiments)
    emphasis = min(text.count("!"), 4) * 0.292
    questions = text.count("?")
    if questions > 1:
        emphasis += min(questions * 0.18, 0.96)
    if total > 0:
        total += emphasis
    elif total < 0:
        total -= emphasis
    compound = max(-1.0, min(1.0, total / math.sqrt(total * total + ALPHA)))
    pos = sum([s + 1 for s in sentiments if s > 0])
    neg = sum([s - 1 for s in sentiments if s < 0])
    neu = sentiments.count(0)
    if pos > -neg:
        pos += emphasis
    elif pos < -neg:
        neg -= emphasis
    whole = pos + abs(neg) + neu
    return {
        "neg": round(abs(neg) / whole, 3),
        "neu": round(neu / whole, 3),
        "pos": round(pos / whole, 3),
        "compound": round(compound, 4),
    }
