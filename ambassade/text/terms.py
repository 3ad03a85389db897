"""Does this text name the brand, or a competitor? Terms matched as whole words on folded text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import ahocorasick

from ambassade.text.folding import fold

_SPACES = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"[^\S ]| \s")   # any whitespace but single spaces: rare once folded
_WORD = re.compile(r"\w").match
_SCANS_KEPT = 4_096           # distinct sets of terms found, per matcher (memory stays bounded)


class _Entry(NamedTuple):
    """One configured term in the automaton: its slot, its folded length, handle or plain."""

    slot: int
    length: int
    handle: bool          # starts with "@"/"#": the char before must not be a word, "@" or "#"


class TermMatcher:
    """Finds which brand terms a text names, as whole words, on `fold`ed text (case, accents,
    look-alike letters and invisible characters do not matter).

    A plain term ("Exemple") also matches inside "@exemple" and "#Exemple"; a term that
    starts with "@" or "#" matches only that handle or hashtag. Any `exclude` term
    disqualifies the text.

    Every term (brand, competitors, exclusions) sits in one Aho-Corasick automaton, so a text
    is folded and scanned once whatever the number of terms (a regex per term cost 22 µs a
    tweet for a handful of terms and grew with each). A hit counts when its neighbours are
    not word characters, exactly the `(?<!\\w)…(?!\\w)` rule of a term's own regex;
    whitespace runs are collapsed to one space first, as a term's words match across `\\s+`.
    """

    def __init__(self, terms: Iterable[str], exclude: Iterable[str] = (),
                 competitors: Mapping[str, Iterable[str]] | None = None) -> None:
        self.terms = [t.strip() for t in terms if fold(t).strip()]  # not blank once folded
        slots: dict[str, list[_Entry]] = {}
        self._slot_count = 0

        def add(term: str) -> int:
            slot = self._slot_count
            self._slot_count += 1
            folded = fold(term.strip())
            key = " ".join(folded.split())
            slots.setdefault(key, []).append(_Entry(slot, len(key), folded[0] in "@#"))
            return slot

        self._brand = [add(t) for t in self.terms]
        # Competitors' terms follow the same rules; `[brand] exclude` disqualifies them too.
        self._competitors = [(name, {add(t) for t in names if fold(t).strip()})
                             for name, names in (competitors or {}).items()]
        self._exclude = {add(t) for t in exclude if fold(t).strip()}
        self._automaton: ahocorasick.Automaton | None = None
        self._scans: dict[frozenset[int], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        if slots:
            self._automaton = ahocorasick.Automaton()
            for key, entries in slots.items():
                self._automaton.add_word(key, tuple(entries))
            self._automaton.make_automaton()
        stems = {fold(t.lstrip("@#")) for t in self.terms if " " not in t.strip() and len(t.strip("@# ")) >= 4}
        self._hashtag_stems = re.compile(
            r"(?<![\w#])#(?:" + "|".join(re.escape(s) for s in sorted(stems)) + r")\w*") if stems else None

    def _found(self, folded: str) -> set[int]:
        """The slots of the terms found as whole words in `folded` (one pass of the automaton)."""
        if self._automaton is None:
            return set()
        # Rewriting every space cost more than the scan itself: only odd whitespace is rewritten.
        # Any whitespace but a space is unprintable, so a printable text without a double
        # space has nothing to rewrite (a cheaper test than the regex search).
        odd = ("  " in folded or not folded.isprintable()) and _ODD_SPACE.search(folded)
        text = _SPACES.sub(" ", folded) if odd else folded
        found: set[int] = set()
        size = len(text)
        for end, entries in self._automaton.iter(text):
            for slot, length, handle in entries:
                if slot in found:
                    continue
                start = end - length + 1
                if start > 0:
                    before = text[start - 1]
                    if _WORD(before) or (handle and before in "@#"):
                        continue
                if end + 1 < size and _WORD(text[end + 1]):
                    continue
                found.add(slot)
        return found

    def match(self, text: str) -> tuple[str, ...]:
        """The terms `text` names, in configuration order; () when an exclusion applies."""
        found = self._found(fold(text))
        if found & self._exclude:
            return ()
        return tuple(term for term, slot in zip(self.terms, self._brand) if slot in found)

    def scan(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(`match(text)`, `competitors_in(text)`) from one fold and one pass over the text."""
        found = self._found(fold(text))
        if not found:
            return (), ()
        # Texts name the same few terms again and again: the answer per set of slots found
        # is kept (bounded) rather than rebuilt from the configuration for every text.
        key = frozenset(found)
        answer = self._scans.get(key)
        if answer is None:
            if found & self._exclude:
                answer = (), ()
            else:
                answer = (tuple(term for term, slot in zip(self.terms, self._brand) if slot in found),
                          tuple(name for name, slots in self._competitors if slots & found))
            if len(self._scans) < _SCANS_KEPT:
                self._scans[key] = answer
        return answer

    def competitors_in(self, text: str) -> tuple[str, ...]:
        """The competitors (by name, in configuration order) that `text` names."""
        if not self._competitors:
            return ()
        found = self._found(fold(text))
        if found & self._exclude:
            return ()
        return tuple(name for name, slots in self._competitors if slots & found)

    def names_brand(self, text: str) -> bool:
        """Whether `text` is about the brand: a term, or a hashtag built on one (#LemoineGate)."""
        folded = fold(text)
        found = self._found(folded)
        if found & self._exclude:
            return False
        if any(slot in found for slot in self._brand):
            return True
        return self._hashtag_stems is not None and bool(self._hashtag_stems.search(folded))
