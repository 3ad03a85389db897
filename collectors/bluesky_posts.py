"""Bluesky posts (`app.bsky.feed.post` records) as Mentions, shared by Jetstream and search.

A post's link text is shortened on screen ("exemple.fr/blog/lev…"); its facets hold the real
URIs, so the text keeps the full links (share detection and matching need them) and the tag
facets count for matching. The declared `langs` are often wrong: `lang` is left to detection
at scoring, the declared ones stay in the raw record. `createdAt` is set by the client and
can be forged: a mention's time is when Bluesky indexed the post (Jetstream's `time_us`,
search's `indexedAt`), `createdAt` stays in the raw record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ambassade.errors import BadPayload
from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from collectors.text import clean_text

NAME = "bluesky"                   # the network: Jetstream's and search's mentions share it
POST = "app.bsky.feed.post"
LINK = "app.bsky.richtext.facet#link"
TAG = "app.bsky.richtext.facet#tag"
MENTION = "app.bsky.richtext.facet#mention"


def post_id(did: str, rkey: str) -> str:
    """The native id: the post's AT URI without "at://" (the same from every Bluesky source)."""
    if not did.startswith("did:") or not rkey or "/" in rkey or len(did) > 200 or len(rkey) > 100:
        raise BadPayload(f"Bluesky: odd post address {did[:60]!r}/{rkey[:30]!r}")
    return f"{did}/{POST}/{rkey}"


def with_full_links(text: str, facets: Any) -> str:
    """`text` with each link facet's (shortened) span replaced by its URI."""
    data = text.encode("utf-8")
    spans = []
    for facet in facets if isinstance(facets, list) else []:
        if not isinstance(facet, dict):
            continue
        index = facet.get("index") or {}
        start, end = index.get("byteStart"), index.get("byteEnd")
        for feature in facet.get("features") or []:
            uri = feature.get("uri") if isinstance(feature, dict) else None
            if (isinstance(feature, dict) and feature.get("$type") == LINK and isinstance(uri, str)
                    and uri.lower().startswith(("http://", "https://"))
                    and isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(data)):
                spans.append((start, end, uri))
    out, last = [], 0
    for start, end, uri in sorted(spans):
        if start < last:                    # overlapping facets: keep the first
            continue
        out += [data[last:start], uri.encode("utf-8")]
        last = end
    out.append(data[last:])
    return b"".join(out).decode("utf-8", errors="replace")


def facet_terms(record: dict) -> str:
    """The tags (as "#tag") and external link of a post, for matching beside its text."""
    found = []
    for facet in record.get("facets") or []:
        for feature in (facet.get("features") or []) if isinstance(facet, dict) else []:
            if isinstance(feature, dict) and feature.get("$type") == TAG and isinstance(feature.get("tag"), str):
                found.append("#" + feature["tag"])
    for tag in record.get("tags") or []:
        if isinstance(tag, str):
            found.append("#" + tag)
    external = (record.get("embed") or {}).get("external") if isinstance(record.get("embed"), dict) else None
    if isinstance(external, dict):
        found += [v for v in (external.get("uri"), external.get("title")) if isinstance(v, str)]
    return "\n".join(found)


def mention_from_post(did: str, rkey: str, record: dict, indexed_at: datetime,
                      matcher: TermMatcher, handle: str | None = None,
                      raw: dict | None = None, metrics: dict[str, int] | None = None) -> Mention:
    """One post record as a Mention (author: the handle when known, else the DID)."""
    if not isinstance(record, dict) or not isinstance(record.get("text", ""), str):
        raise BadPayload("Bluesky: post record without text")
    native = post_id(did, rkey)
    text = clean_text(with_full_links(record.get("text", ""), record.get("facets")))
    return Mention(
        source=NAME, native_id=native, author=handle or did, author_id=did, text=text,
        url=f"https://bsky.app/profile/{did}/post/{rkey}", created_at=indexed_at, lang=None,
        matched=matcher.match(f"{text}\n{facet_terms(record)}"), metrics=dict(metrics or {}),
        raw=raw if raw is not None else {"record": record})
