"""One-click share intents per network, with the suggested text (ECOSYSTEM.md, "Share links and UTM").

Every intent carries the share link (`/l/<code>`), never the bare content URL, so that the
click is counted and the collected post is attached to its link. LinkedIn and Facebook
honour only the URL (the preview comes from the page's Open Graph tags); X, Bluesky,
Mastodon, WhatsApp and e-mail take the text too, cut to each network's length limit.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode, urlsplit

from ambassade.errors import InputError

X_LIMIT, X_URL_LENGTH = 280, 23        # t.co counts every link as 23 characters
BLUESKY_LIMIT = 300                    # graphemes; code points are counted here (never fewer)
MASTODON_LIMIT = 500
MAX_TEXT = 3000
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _fit(text: str, room: int) -> str:
    """`text` cut at a word boundary to at most `room` characters, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= room:
        return text
    cut = text[: max(room - 1, 0)]
    if " " in cut[room // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip() + "…"


def mastodon_instance(handle: str | None) -> str | None:
    """The instance of a Mastodon handle `user@instance` (or `@user@instance`), if well formed."""
    if not handle or handle.count("@") not in (1, 2):
        return None
    host = handle.rsplit("@", 1)[1].strip().lower()
    return host if _HOST.match(host) else None


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c in url for c in "\r\n\t "):
        raise InputError(f"not an http(s) link to share: {url[:80]!r}")
    return url


def intent_url(network: str, text: str, url: str, instance: str | None = None) -> str:
    """The address that opens `network`'s share dialog with `text` and `url`.

    Mastodon needs the employee's own `instance` (e.g. "mastodon.social"): the link is not
    sent to a third-party chooser. Unknown networks and malformed input are InputErrors.
    """
    url = _check_url(url)
    text = (text or "")[:MAX_TEXT]
    name = (network or "").strip().lower()
    if name == "linkedin":
        return "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})
    if name == "facebook":
        return "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})
    if name == "x":
        body = _fit(text, X_LIMIT - X_URL_LENGTH - 1)
        return "https://twitter.com/intent/tweet?" + urlencode({"text": body, "url": url}, quote_via=quote)
    if name == "bluesky":
        body = _fit(text, BLUESKY_LIMIT - len(url) - 1)
        return "https://bsky.app/intent/compose?" + urlencode({"text": f"{body} {url}".strip()},
                                                              quote_via=quote)
    if name == "mastodon":
        host = (instance or "").strip().lower()
        if not _HOST.match(host):
            raise InputError(f"mastodon: the employee's own instance is needed (got {instance!r})")
        body = _fit(text, MASTODON_LIMIT - X_URL_LENGTH - 1)
        return f"https://{host}/share?" + urlencode({"text": f"{body} {url}".strip()}, quote_via=quote)
    if name == "whatsapp":
        return "https://wa.me/?" + urlencode({"text": f"{_fit(text, 1000)} {url}".strip()}, quote_via=quote)
    if name == "email":
        subject = _fit(text.split("\n", 1)[0], 120)
        return "mailto:?" + urlencode({"subject": subject, "body": f"{_fit(text, 1500)}\n\n{url}".strip()},
                                      quote_via=quote)
    raise InputError(f"no share intent for network {network!r}")
