"""Plain text from markup, and brand-term matching (case- and accent-insensitive)."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from html.parser import HTMLParser

_BLOCK_TAGS = {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "tr", "table", "section", "article", "pre"}
_SKIP_TAGS = {"script", "style", "noscript", "template"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")
_NEWLINES = re.compile(r"\s*\n\s*")
MAX_TEXT_CHARS = 40_000


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skipping:
            self._skipping -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def plain_text(markup: str | None) -> str:
    """Plain text from HTML or text: tags removed, entities decoded, whitespace tidied."""
    if not markup:
        return ""
    markup = markup[: MAX_TEXT_CHARS * 4]
    if "<" in markup:
        parser = _TextExtractor()
        parser.feed(markup)
        parser.close()
        text = "".join(parser.parts)
    else:
        text = html.unescape(markup)
    return clean_text(text)


def clean_text(text: str) -> str:
    """Control characters removed, spaces collapsed, length capped."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _NEWLINES.sub("\n", text).strip()
    return text[:MAX_TEXT_CHARS]


def fold(text: str) -> str:
    """Lower-case without accents: "LÉMOINE" -> "lemoine"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class TermMatcher:
    """Finds which brand terms a text names, as whole words, ignoring case and accents.

    A plain term ("Exemple") also matches inside "@exemple" and "#Exemple"; a term that
    starts with "@" or "#" matches only that handle or hashtag. Any `exclude` term
    disqualifies the text.
    """

    def __init__(self, terms: Iterable[str], exclude: Iterable[str] = ()) -> None:
        self.terms = [t.strip() for t in terms if t.strip()]
        self._patterns = [(t, _term_pattern(t)) for t in self.terms]
        self._exclude = [_term_pattern(t) for t in exclude if t.strip()]
        stems = {fold(t.lstrip("@#")) for t in self.terms if " " not in t.strip() and len(t.strip("@# ")) >= 4}
        self._hashtag_stems = re.compile(
            r"(?<![\w#])#(?:" + "|".join(re.escape(s) for s in sorted(stems)) + r")\w*") if stems else None

    def match(self, text: str) -> tuple[str, ...]:
        folded = fold(text)
        if any(p.search(folded) for p in self._exclude):
            return ()
        return tuple(term for term, pattern in self._patterns if pattern.search(folded))


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
