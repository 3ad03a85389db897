"""Language of a post, among the configured languages (py3langid: model shipped in the wheel)."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NOISE = re.compile(r"https?://\S+|www\.\S+|(?<!\w)[@#]\w+")
# Function words found in one of the two languages only. They settle very short posts (which
# fool character n-grams) and, when they clearly agree, spare the n-gram model on longer ones.
_MARKERS = {
    "fr": set("""le la les des du au aux est et je tu il ils elle elles nous vous pas très trop avec
        pour dans sur chez mais ou où qui que quoi ce cette ces cet mon ma mes ton ta tes sa ses
        leur leurs notre nos votre vos une un été être avoir sont suis était c'est j'ai j'adore
        n'est qu'il merci bonjour bonsoir bof génial nul sympa aussi encore toujours jamais rien
        fait peut faut comme moi toi lui eux cela ça ceci voici voilà donc alors quand comment
        pourquoi parce déjà bien vraiment beaucoup peu hier aujourd'hui demain vais va faire dit
        tout tous toute toutes même après avant ici là ceux celle celui avez avons ont fais
        veux peux sais""".split()),
    "en": set("""the and is are was were be been being i you he she we they it's i'm don't can't
        not very so with for in of to at from by my your his her our their this that these those
        what which who whom when where why how thanks thank hello love great awful meh but just
        really have has had do does did will would should could there here about than then
        because already today tomorrow yesterday good bad nice it its get got go going like know
        think want need all out up more now people day new best after never always still again
        every some any much many only also even back well way make made see say said""".split()),
}
# A letter that French uses and English almost never does counts as one French marker word.
_FRENCH_LETTERS = re.compile(r"[éèêàçùûôîœ]")
_FAST_MIN = 2  # marker words needed before trusting them alone


def _marker_vote(words: list[str], allowed: tuple[str, ...], accented: bool) -> str | None:
    """The language whose function words clearly dominate, else None."""
    if any(lang not in _MARKERS for lang in allowed):
        return None  # a configured language we have no markers for: let the model decide
    distinct = set(words)
    counts = {lang: len(_MARKERS[lang] & distinct) for lang in allowed}
    if "fr" in counts and accented:
        counts["fr"] += 1
    votes = sorted(((n, lang) for lang, n in counts.items()), reverse=True)
    (best, lang), (second, _) = votes[0], votes[1]
    if (best >= _FAST_MIN and second == 0) or (best >= 3 and best >= 3 * second):
        return lang
    if len(words) <= 4 and best > second:
        return lang
    return None


MAX_DETECT_CHARS = 600  # plenty to tell languages apart; keeps long posts cheap
_lock = threading.Lock()


@lru_cache(maxsize=16)
def _identifier(languages: tuple[str, ...]):
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    usable = [lang for lang in languages if lang in set(identifier.nb_classes)]
    if not usable:
        return None
    identifier.set_languages(usable)
    return identifier


@lru_cache(maxsize=64)
def _normalised(allowed: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a.lower() for a in allowed if a))


def load_model(languages: Sequence[str]) -> None:
    """Load the n-gram model now (0.5 s), e.g. before forking workers that will share it."""
    _identifier(_normalised(tuple(languages)))


def detect_language(text: str, allowed: Sequence[str] = ("fr", "en")) -> str | None:
    """The most likely of `allowed` languages, or None for empty or undecidable text."""
    allowed = _normalised(tuple(allowed))
    if not text or not allowed:
        return None
    cleaned = text[:MAX_DETECT_CHARS]
    if "@" in cleaned or "#" in cleaned or "http" in cleaned or "www." in cleaned:
        cleaned = _NOISE.sub(" ", cleaned)
    lowered = cleaned.lower()
    words = _WORD.findall(lowered)
    if not words:
        return None
    if len(allowed) == 1:
        return allowed[0]
    voted = _marker_vote(words, allowed, _FRENCH_LETTERS.search(lowered) is not None)
    if voted is not None:
        return voted
    identifier = _identifier(allowed)
    if identifier is None:
        return allowed[0]  # none of the configured languages is in the model: trust the config
    with _lock:  # py3langid's identifier is not documented as thread-safe
        lang, _ = identifier.classify(cleaned)
    return lang if lang in allowed else None
