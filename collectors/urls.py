"""URLs in posts: finding them, canonicalising them, and telling shorteners apart."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a click came from; they never change the page.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid",
                             "mkt_tok", "_hsenc", "_hsmi", "ref_src", "si"})
TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "mtm_")
SHORTENERS = frozenset({"bit.ly", "t.co", "ow.ly", "lnkd.in", "buff.ly", "tinyurl.com",
                        "goo.gl", "is.gd", "dlvr.it", "trib.al", "rebrand.ly", "shorturl.at",
                        "cutt.ly", "s.id", "t.ly", "fb.me", "youtu.be", "amzn.to", "bit.do"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL_CHARS = 2048
# A URL in running text ends at whitespace, control or invisible format characters, or
# characters that cannot appear unquoted in it.
_URL_RE = re.compile(
    r"""https?://[^\s<>"'`{}|\\^\[\]\x00-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2060\ufeff]+""",
    re.IGNORECASE)
# Punctuation that ends a sentence is not part of the URL before it.
_TRAILING = ".,;:!?…»’'\""


def canonical_url(url: str) -> str:
    """One spelling per page: lower-case scheme and host, no default port, no trailing
    slash, no tracking parameters, no fragment, query sorted. Unparseable input comes back
    stripped but otherwise unchanged."""
    url = (url or "").strip()[:MAX_URL_CHARS]
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if not scheme or not host:
        return url
    if ":" in host:                                     # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _is_tracking(k))
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def is_shortener(host: str | None) -> bool:
    """Whether `host` is a known link shortener (its links hide the real page)."""
    if not host:
        return False
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    return host in SHORTENERS


def find_urls(text: str | None) -> list[str]:
    """The http(s) URLs in `text`, in order, without the punctuation that ends a sentence."""
    if not text:
        return []
    found = []
    for match in _URL_RE.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        # A closing bracket belongs to the URL only when the URL opened one.
        while url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1].rstrip(_TRAILING)
        if len(url) > len("https://") and len(url) <= MAX_URL_CHARS:
            found.append(url)
    return found


def host_of(url: str) -> str | None:
    """The lower-case host of `url`, or None when it has none or cannot be parsed."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None
