"""A page's OpenGraph card (title, description, image, language), for `ambassade content add URL`.

Fetched like the collectors fetch (`collectors.http`: timeouts, 5xx retries, a size cap) and
parsed with BeautifulSoup (html.parser: no native code, tolerant of broken markup). Tag values
are internet text: markup inside them is reduced to plain text and control characters removed,
so nothing from the page is ever rendered as HTML.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

from ambassade.errors import InputError, SourceError
from collectors.http import fetch, make_session
from collectors.text import plain_text

MAX_TITLE = 300
MAX_DESCRIPTION = 1_000


@dataclass(frozen=True)
class Card:
    url: str                 # the page's canonical URL (og:url or <link rel=canonical>, same site), else the URL asked
    title: str
    description: str | None
    image_url: str | None
    lang: str | None


def check_url(url: str) -> str:
    """An http(s) URL with a host, else InputError (the library links to it; nothing else is allowed)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        raise InputError(f"{url[:80]!r} is not a URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url[:80]!r}: only http(s) URLs can be added")
    return url


def fetch_card(url: str, session: requests.Session | None = None, max_bytes: int = 2_000_000) -> Card:
    """GET the page and read its card. SourceError (with a one-line reason) when it cannot be read."""
    url = check_url(url)
    fetched = fetch(make_session(session), url, max_bytes=max_bytes)
    kind = (fetched.content_type or "").split(";")[0].strip().lower()
    if kind and kind not in ("text/html", "application/xhtml+xml"):
        raise SourceError(f"{url}: not a web page ({kind})")
    return parse_card(fetched.body, url)


def parse_card(body: bytes, url: str) -> Card:
    """The card of an HTML document: og:* tags first, then <title>, meta description, <html lang>."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(body, "html.parser")

    def meta(*names: str) -> str | None:
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            value = tag.get("content") if tag is not None else None
            if isinstance(value, str) and value.strip():
                return value
        return None

    title = _clean(meta("og:title", "twitter:title") or (soup.title.string if soup.title else None), MAX_TITLE)
    if not title:
        raise SourceError(f"{url}: the page has no title (og:title or <title>)")
    description = _clean(meta("og:description", "twitter:description", "description"), MAX_DESCRIPTION)
    image = _link(meta("og:image", "og:image:url", "twitter:image"), url)
    canonical = _same_site(_link(meta("og:url"), url), url)
    if canonical is None:
        link = soup.find("link", attrs={"rel": "canonical"})
        canonical = _same_site(_link(link.get("href") if link is not None else None, url), url)
    lang_attr = soup.html.get("lang") if soup.html is not None else None
    lang = (meta("og:locale") or (lang_attr if isinstance(lang_attr, str) else None) or "")
    lang = lang.strip().lower().replace("_", "-").split("-")[0][:3] or None
    return Card(canonical or url, title, description or None, image, lang)


def _clean(value: str | None, limit: int) -> str:
    """Plain text: markup and entities out, whitespace and control characters collapsed."""
    text = plain_text(value or "")
    text = "".join(ch for ch in text if ch.isprintable() or ch == " ")
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _link(value: str | None, base: str) -> str | None:
    """An absolute http(s) URL from a tag value, else None (javascript:, data: and the like are dropped)."""
    if not value or not value.strip():
        return None
    try:
        absolute = urljoin(base, value.strip())
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in absolute):
        return None
    return absolute[:2000]


def _same_site(candidate: str | None, url: str) -> str | None:
    """A page may name its canonical URL, but only on its own host (never a redirect elsewhere)."""
    if candidate is None:
        return None
    return candidate if urlsplit(candidate).hostname == urlsplit(url).hostname else None
