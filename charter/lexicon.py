"""Word lists compiled to one pattern each, matched on folded text (case, accents, elisions, hashtags)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from charter.textmap import fold

# French words that lose their vowel before another vowel: "que" -> "qu'", "de" -> "d'".
_ELIDABLE = {"que", "de", "le", "la", "je", "ne", "se", "me", "te", "ce", "si"}
# Between the words of a term: spaces, dashes, underscores, or nothing (so "#ProjetBrioche"
# and "bande-de-nuls" match "projet brioche" and "bande de nuls").
_SEP = r"[\s\-_]*"
_WORD = re.compile(r"\S+")


def term_pattern(term: str) -> str | None:
    """The regex source for one term; `*` at the end of a word matches any word ending."""
    words = _WORD.findall(fold(term.strip()))
    if not words:
        return None
    pieces = []
    for index, word in enumerate(words):
        last = index == len(words) - 1
        core = _word_core(word)
        if word in _ELIDABLE:
            elided = re.escape(word[:-1] + "'")
            pieces.append(f"(?:{core}(?!\\w)|{elided})" if last else f"(?:{core}{_SEP}|{elided}\\s*)")
        else:
            pieces.append(core + ("" if last else _SEP))
    body = "".join(pieces)
    end = words[-1]
    # A term that ends with a word character must end at a word boundary; one that ends
    # with "'" or punctuation already ends where it says.
    tail = "(?!\\w)" if (end[-1].isalnum() or end.endswith("*")) and end not in _ELIDABLE else ""
    head = "(?<![\\w#@])" if words[0][0] in "#@" else "(?<!\\w)"
    return head + body + tail


def _word_core(word: str) -> str:
    if word.endswith("*") and len(word) > 1:
        return re.escape(word[:-1]) + r"\w*"
    return re.escape(word)


class Lexicon:
    """A list of terms as one compiled pattern over folded text."""

    def __init__(self, terms: Iterable[str]) -> None:
        sources = {term_pattern(t) for t in terms if t and t.strip()}
        sources.discard(None)
        # Longest first, so "bande de nuls" wins over "nuls" at the same place.
        ordered = sorted(sources, key=lambda s: (-len(s), s))
        self.size = len(ordered)
        self.pattern = re.compile("|".join(ordered)) if ordered else None

    def finditer(self, folded: str) -> Iterator[tuple[int, int]]:
        """(start, end) of every match in the folded text."""
        if self.pattern is None:
            return
        for match in self.pattern.finditer(folded):
            if match.end() > match.start():
                yield match.start(), match.end()

    def search(self, folded: str) -> bool:
        return self.pattern is not None and self.pattern.search(folded) is not None

    def __bool__(self) -> bool:
        return self.pattern is not None
