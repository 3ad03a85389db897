"""Does this text name the brand, or a competitor? Terms matched as whole words on folded text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ambassade.text.folding import fold


class TermMatcher:
    """Finds which brand terms a text names, as whole words, on `fold`ed text (case, accents,
    look-alike letters and invisible characters do not matter).

    A plain term ("Exemple") also matches inside "@exemple" and "#Exemple"; a term that
    starts with "@" or "#" matches only that handle or hashtag. Any `exclude` term
    disqualifies the text.
    """

    def __init__(self, terms: Iterable[str], exclude: Iterable[str] = (),
                 competitors: Mapping[str, Iterable[str]] | None = None) -> None:
        self.terms = [t.strip() for t in terms if fold(t).strip()]  # not blank once folded
        # Competitors' terms follow the same rules; `[brand] exclude` disqualifies them too.
        self._competitors = [(name, [_term_pattern(t) for t in names if fold(t).strip()])
                             for name, names in (competitors or {}).items()]
        self._patterns = [(t, _term_pattern(t)) for t in self.terms]
        self._exclude = [_term_pattern(t) for t in exclude if fold(t).strip()]
        stems = {fold(t.lstrip("@#")) for t in self.terms if " " not in t.strip() and len(t.strip("@# ")) >= 4}
        self._hashtag_stems = re.compile(
            r"(?<![\w#])#(?:" + "|".join(re.escape(s) for s in sorted(stems)) + r")\w*") if stems else None

    def match(self, text: str) -> tuple[str, ...]:
        """The terms `text` names, in configuration order; () when an exclusion applies."""
        folded = fold(text)
        if any(p.search(folded) for p in self._exclude):
            return ()
        return tuple(term for term, pattern in self._patterns if pattern.search(folded))

    def competitors_in(self, text: str) -> tuple[str, ...]:
        """The competitors (by name, in configuration order) that `text` names."""
        if not self._competitors:
            return ()
        folded = fold(text)
        if any(p.search(folded) for p in self._exclude):
            return ()
        return tuple(name for name, patterns in self._competitors
                     if any(p.search(folded) for p in patterns))

    def names_brand(self, text: str) -> bool:
        """Whether `text` is about the brand: a term, or a hashtag built on one (#LemoineGate)."""
        if self.match(text):
            return True
        folded = fold(text)
        if self._hashtag_stems is None or any(p.search(folded) for p in self._exclude):
            return False
        return bool(self._hashtag_stems.search(folded))


def _term_pattern(term: str) -> re.Pattern[str]:
    folded = fold(term.strip())
    body = r"\s+".join(re.escape(part) for part in folded.split())
    return re.compile(r"(?<![\w@#])" + body + r"(?!\w)" if folded[0] in "@#"
                      else r"(?<!\w)" + body + r"(?!\w)")
