"""The brand's calendar of unannounced events: a draft that names one before its day is a leak.

Each event (`[charter] unannounced` in ambassade.toml) has what it is, the terms that together
name it, and the day it becomes public. A draft that contains every term of an event whose
day has not come yet is reported; the check is the charter's `unannounced` detector.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from charter.lexicon import Lexicon

_PLAIN_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]{4,}")


class EventLike(Protocol):
    what: str
    terms: list[str]
    until: date


@dataclass(frozen=True)
class _Event:
    what: str
    until: date
    terms: tuple[Lexicon, ...]


def inflected_term(term: str) -> str:
    """A calendar term with its plain lower-case words inflected ("fermeture" -> "fermeture+":
    ferme, fermer, fermera…); a capitalised word ("Part-Dieu") is a name and stays as written,
    and a word the admin already marked with "*" or "+" is left alone. A dash inside a name
    becomes a word break, so "Part-Dieu" also reads "Part Dieu" and "#PartDieu"."""
    words = re.sub(r"(?<=\w)-(?=\w)", " ", term).split()
    return " ".join(w + "+" if _PLAIN_WORD.fullmatch(w) else w for w in words)


class Calendar:
    """Compiled events; `hits` finds those a draft names before their day."""

    def __init__(self, events: Iterable[EventLike] = ()) -> None:
        self.events = [
            _Event(e.what, e.until, tuple(Lexicon([inflected_term(t)]) for t in e.terms))
            for e in events
        ]
        self.events = [e for e in self.events if e.terms and all(e.terms)]

    def hits(self, folded: str, today: date) -> Iterator[tuple[int, int, str]]:
        """(start, end, what) of the first match of each term of every event still to come whose
        terms all occur in the folded draft."""
        for event in self.events:
            if event.until <= today:
                continue
            firsts = [next(lex.finditer(folded), None) for lex in event.terms]
            if all(firsts):
                for span in sorted(set(firsts)):
                    yield span[0], span[1], event.what

    def __bool__(self) -> bool:
        return bool(self.events)
