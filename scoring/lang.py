"""Language of a post, among the configured languages (py3langid: model shipped in the wheel)."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]{2,}")
_NOISE = re.compile(r"https?://\S+|www\.\S+|(?<!\w)[@#]\w+")
# Very short posts fool character n-grams; these words settle them when they are present.
_MARKERS = {
    "fr": {"le", "la", "les", "des", "est", "et", "je", "tu", "nous", "vous", "pas", "très", "trop",
           "avec", "pour", "merci", "bonjour", "c'est", "j'adore", "une", "du", "au", "ce", "bof",
           "génial", "nul", "sympa", "mais", "ou", "où", "qui", "que", "chez", "super"},
    "en": {"the", "and", "is", "are", "i", "you", "we", "not", "very", "so", "with", "for",
           "thanks", "thank", "hello", "it's", "love", "great", "awful", "this", "that", "but",
           "of", "to", "at", "my", "your", "meh"},
}
MAX_DETECT_CHARS = 2_000
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


def detect_language(text: str, allowed: Sequence[str] = ("fr", "en")) -> str | None:
    """The most likely of `allowed` languages, or None for empty or undecidable text."""
    allowed = tuple(dict.fromkeys(a.lower() for a in allowed if a))
    if not text or not allowed:
        return None
    cleaned = _NOISE.sub(" ", text[:MAX_DETECT_CHARS])
    words = [w.lower() for w in _WORD.findall(cleaned)]
    if not words:
        return None
    if len(allowed) == 1:
        return allowed[0]
    if len(words) <= 4:
        votes = {lang: sum(w in _MARKERS.get(lang, ()) for w in words) for lang in allowed}
        best = max(votes.values())
        winners = [lang for lang, v in votes.items() if v == best]
        if best and len(winners) == 1:
            return winners[0]
    identifier = _identifier(allowed)
    if identifier is None:
        return allowed[0]  # none of the configured languages is in the model: trust the config
    with _lock:  # py3langid's identifier is not documented as thread-safe
        lang, _ = identifier.classify(cleaned)
    return lang if lang in allowed else None
