"""Word lists compiled to one pattern each, matched on folded text (case, accents, elisions, hashtags)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ambassade.text.folding import fold
from charter.morphology import inflections

# French words that lose their vowel before another vowel: "que" -> "qu'", "de" -> "d'".
_ELIDABLE = {"que", "de", "le", "la", "je", "ne", "se", "me", "te", "ce", "si"}
# Between the words of a term: spaces, dashes, underscores, or nothing (so "#ProjetBrioche"
# and "bande-de-nuls" match "projet brioche" and "bande de nuls").
_SEP = r"[\s\-_]*"
_WORD = re.compile(r"\S+")
# "~" between two words of a term stands for up to two other words: "you're ~ wrong" also
# matches "you're completely wrong".
_GAP = "~"
_GAP_PATTERN = r"(?:[\w']+[\s\-_]+){0,2}"
_HEAD_WORD = r"(?<!\w)"          # a term starts a word...
_HEAD_TAG = r"(?<![\w#@])"       # ...and "#team" must not be the tail of "##team" or "a#team"
# The same boundaries checked one character later, once the first character has matched.
_AFTER_FIRST = {_HEAD_WORD: r"(?<!\w.)", _HEAD_TAG: r"(?<![\w#@].)"}


def term_pattern(term: str) -> str | None:
    """The regex source for one term; `*` ends a word with any ending, `+` stands for the word's
    inflected forms (charter.morphology), `~` for up to two words."""
    parts = term_parts(term)
    return None if parts is None else parts[0] + re.escape(parts[1]) + parts[2]


def term_parts(term: str) -> tuple[str, str, str] | None:
    """(boundary before, first character, regex for the rest) of one term, or None if blank."""
    words = _WORD.findall(fold(term.strip()))
    while words and words[0] == _GAP:
        words.pop(0)
    while words and words[-1] == _GAP:
        words.pop()
    if not words:
        return None
    # A first word with "+" (its inflected family, which may start with another letter:
    # "hausse+" also reads "augmente") has no literal first character to factor out.
    first = "" if _inflected(words[0]) else words[0][0]
    pieces = []
    for index, word in enumerate(words):
        last = index == len(words) - 1
        # The first character is factored out by Lexicon, so the first word's pieces omit it.
        drop = 1 if index == 0 and first else 0
        core = _word_core(word, drop)
        if word == _GAP:
            pieces.append(_GAP_PATTERN)
        elif word in _ELIDABLE:
            elided = re.escape((word[:-1] + "'")[drop:])
            pieces.append(f"(?:{core}(?!\\w)|{elided})" if last else f"(?:{core}{_SEP}|{elided}\\s*)")
        else:
            pieces.append(core + ("" if last else _SEP))
    end = words[-1]
    # A term that ends with a word character must end at a word boundary; one that ends
    # with "'" or punctuation already ends where it says.
    tail = "(?!\\w)" if (end[-1].isalnum() or end.endswith(("*", "+"))) and end not in _ELIDABLE else ""
    head = _HEAD_TAG if words[0][0] in "#@" else _HEAD_WORD
    return head, first, "".join(pieces) + tail


def _inflected(word: str) -> bool:
    return word.endswith("+") and len(word) > 1 and word[:-1].isalpha()


def _word_core(word: str, drop: int = 0) -> str:
    if _inflected(word):
        return inflections(word[:-1])
    if word.endswith("*") and len(word) > 1:
        return re.escape(word[drop:-1]) + r"\w*"
    return re.escape(word[drop:])


class Lexicon:
    """A list of terms as one compiled pattern over folded text."""

    def __init__(self, terms: Iterable[str]) -> None:
        groups: dict[tuple[str, str], set[str]] = {}
        for term in terms:
            parts = term_parts(term) if term else None
            if parts is not None:
                groups.setdefault(parts[:2], set()).add(parts[2])
        # One branch per (boundary, first character), so the engine tests a few characters
        # at each position instead of every term; inside, longest first, so "bande de nuls"
        # wins over "bande" at the same place.
        # The boundary is checked after the first character ("a(?<!\\w.)"), so every branch
        # starts with a literal and the regex engine can skip positions that cannot match.
        branches = [
            (re.escape(first) + _AFTER_FIRST[head] if first else head) + "(?:"
            + "|".join(sorted(rests, key=lambda r: (-len(r), r))) + ")"
            for (head, first), rests in sorted(groups.items())
        ]
        self.size = sum(len(r) for r in groups.values())
        self.pattern = re.compile("|".join(branches)) if branches else None

    def finditer(self, folded: str) -> Iterator[tuple[int, int]]:
        """(start, end) of every match in the folded text."""
        if self.pattern is None:
            return
        for match in self.pattern.finditer(folded):
            if match.end() > match.start():
                yield match.start(), match.end()

    def search(self, folded: str) -> bool:
        """Whether any term occurs in the folded text."""
        return self.pattern is not None and self.pattern.search(folded) is not None

    def __bool__(self) -> bool:
        return self.pattern is not None


_BOUNDARY = "(?<!\\w)"
_WORD_CHAR = re.compile(r"\w")


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex source ("a|(b|c)" -> ["a", "(b|c)"])."""
    parts: list[str] = []
    depth, in_class, escaped, class_start, begin = 0, False, False, 0, 0
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]" or index == class_start  # "]" right after "[" is a literal
        elif char == "[":
            in_class, class_start = True, index + 1 + (pattern[index + 1: index + 2] == "^")
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[begin:index])
            begin = index + 1
    parts.append(pattern[begin:])
    return parts


class Phrases:
    """A word list and phrase patterns (regexes on folded text), matched together."""

    def __init__(self, terms: Iterable[str], patterns: Iterable[str] = ()) -> None:
        self.lexicon = Lexicon(terms)
        alternatives = [a for p in patterns if p for a in split_alternatives(p)]
        # Alternatives that start with the word boundary "(?<!\w)" are compiled without it and the
        # boundary is checked after a match: a pattern that starts with a lookbehind gives the
        # regex engine nothing to skip ahead with, so it tries every alternative at every
        # position (measured: twice as slow on our drafts). Then one scan for them all.
        bounded = [a[len(_BOUNDARY):] for a in alternatives if a.startswith(_BOUNDARY)]
        free = [a for a in alternatives if not a.startswith(_BOUNDARY)]
        self._bounded = re.compile("|".join(f"(?:{a})" for a in bounded)) if bounded else None
        self._free = re.compile("|".join(f"(?:{a})" for a in free)) if free else None

    def finditer(self, folded: str) -> Iterator[tuple[int, int]]:
        """(start, end) of every match of a term, then of the patterns."""
        yield from self.lexicon.finditer(folded)
        yield from self._pattern_spans(folded)

    def _pattern_spans(self, folded: str) -> Iterator[tuple[int, int]]:
        if self._free is not None:
            for match in self._free.finditer(folded):
                if match.end() > match.start():
                    yield match.start(), match.end()
        if self._bounded is not None:
            at = 0
            while (match := self._bounded.search(folded, at)) is not None:
                start, end = match.span()
                if start and _WORD_CHAR.match(folded, start - 1):  # inside a word: try further on
                    at = start + 1
                    continue
                if end > start:
                    yield start, end
                at = max(end, start + 1)

    def search(self, folded: str) -> bool:
        """Whether a term or a pattern occurs in the folded text."""
        return self.lexicon.search(folded) or next(self._pattern_spans(folded), None) is not None

    def __bool__(self) -> bool:
        return bool(self.lexicon) or self._free is not None or self._bounded is not None
