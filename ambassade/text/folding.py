"""Folded text (lower case, no accents, look-alikes mapped, invisibles out), offsets kept.

One folding for the whole project: the charter matches its clauses on it and `TermMatcher`
matches brand terms on it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Look-alike letters from other scripts, so "Prоjet" with a Cyrillic "о" still reads "projet".
_CONFUSABLES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "һ": "h",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ᴀ": "a", "ı": "i", "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d",
    # every apostrophe reads as "'", every dash as "-"
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
})
# Invisible characters are dropped so "con\u200bnard" still reads as one word.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"}


@dataclass(frozen=True)
class FoldedText:
    """`folded` is the text to match; `origin[i]` is the index in `original` of folded char i."""

    original: str
    folded: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of the folded span [start, end)."""
        if end <= start:
            at = self.origin[start] if start < len(self.origin) else len(self.original)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


def fold_char(char: str) -> str:
    """One character folded: case, accents, look-alikes, controls to spaces, invisibles out."""
    if char in _INVISIBLE:
        return ""
    code = ord(char)
    if code < 32 or 0x7F <= code < 0xA0 or char in "\u2028\u2029":
        return " "
    if code < 128:
        return char.lower()
    decomposed = unicodedata.normalize("NFKD", char.casefold().translate(_CONFUSABLES))
    out = "".join(c for c in decomposed if not unicodedata.combining(c))
    return out.translate(_CONFUSABLES)


def fold_text(text: str) -> FoldedText:
    """Fold `text` character by character, remembering where each folded char came from."""
    parts: list[str] = []
    origin: list[int] = []
    cache: dict[str, str] = {}
    for index, char in enumerate(text):
        folded = cache.get(char)
        if folded is None:
            folded = cache[char] = fold_char(char)
        if folded:
            parts.append(folded)
            origin.extend([index] * len(folded))
    return FoldedText(text, "".join(parts), tuple(origin))


class _FoldTable(dict):
    """`str.translate` table that folds each code point once, on first sight."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        if len(self) < _TABLE_LIMIT:  # hostile input cannot grow it without bound
            self[code] = folded
        return folded


_TABLE_LIMIT = 65_536
_TABLE = _FoldTable()


# Anything but printable ASCII, one character at a time (the split keeps it between the runs).
_OTHER = re.compile(r"([^\x20-\x7e])")


def fold(text: str) -> str:
    """Just the folded string (terms, lexicons, brand matching): `fold_text(text).folded`."""
    # Printable ASCII folds to its lower case, character by character (`fold_char`): str.lower
    # says the same without a table lookup per character. A French post is mostly such runs
    # around a few accented letters: the runs are lowered, the letters looked up one by one
    # (bench/bench_ingest.py's X pages: about 4.6 µs to 1.5 µs a French tweet, 0.8 to 0.4 µs
    # an English one). Long texts with many such letters keep the table's single pass.
    if text.isascii() and text.isprintable():
        return text.lower()
    parts = _OTHER.split(text)
    if len(parts) > 33:
        return text.translate(_TABLE)
    table = _TABLE
    return "".join([part.lower() if index % 2 == 0 else table[ord(part)]
                    for index, part in enumerate(parts)])
