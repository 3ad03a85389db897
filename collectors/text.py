"""Plain text from markup (HTML or text) for collectors: tags, entities, controls, length cap."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from ambassade.text.controls import safe_display

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
    """Control characters, terminal escapes and bidi overrides removed, spaces collapsed, length capped."""
    text = unicodedata.normalize("NFC", text)
    if text.isprintable():
        # Most posts: no control, bidi or odd space to remove (all are unprintable, the ASCII
        # space aside) and no newline, so only runs of spaces and the ends are left to tidy.
        if "  " in text:
            text = _SPACES.sub(" ", text)
        return text.strip()[:MAX_TEXT_CHARS]
    text = safe_display(text)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _NEWLINES.sub("\n", text).strip()
    return text[:MAX_TEXT_CHARS]
