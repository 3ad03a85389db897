"""Words a topic list never shows: stop words of the brand's languages and the brand's own terms."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from stop_words import AVAILABLE_LANGUAGES, LANGUAGE_MAPPING, get_stop_words

# Pieces that elision and informal writing leave once apostrophes split words.
_EXTRA = {"fr": ("quelqu", "aujourd", "hui", "jusqu", "lorsqu", "puisqu", "presqu", "toujours",
                 "vraiment", "trop", "encore", "ça", "ca", "cest", "être", "fait", "faire"),
          "en": ("don", "doesn", "didn", "isn", "wasn", "won", "can", "just", "really", "still")}


@cache
def _stop_words(lang: str) -> frozenset[str]:
    known = lang in AVAILABLE_LANGUAGES or lang in LANGUAGE_MAPPING
    words = set(get_stop_words(lang)) if known else set()
    return frozenset(w.lower() for w in words | set(_EXTRA.get(lang, ())))


def ignored_words(languages: Iterable[str], brand_terms: Iterable[str]) -> list[str]:
    """Lower-case words to leave out of topics: stop words, and each word of the brand's terms
    (with and without "@" or "#"), since every mention names the brand."""
    words: set[str] = set()
    for lang in languages:
        words |= _stop_words(lang)
    for term in brand_terms:
        for word in re.findall(r"[@#]?[\w-]+", term.lower()):
            words |= {word, word.lstrip("@#"), "#" + word.lstrip("@#")}
    return sorted(words)
