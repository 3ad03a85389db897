"""RSS and Atom feeds through feedparser: turning feed documents into Mentions and content."""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

import feedparser

from ambassade.errors import BadPayload
from ambassade.model import Mention
from collectors.text import TermMatcher, plain_text

NAME = "rss"


@dataclass
class ParsedFeed:
    title: str
    lang: str | None
    entries: list[Any]
    bozo: str | None            # the exception class name when the feed was not well-formed


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse feed bytes; a bozo feed is kept when it yielded entries."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    doc = feedparser.parse(body, response_headers=headers)
    bozo = type(doc.get("bozo_exception")).__name__ if doc.get("bozo") else None
    if bozo and not doc.entries and not doc.feed:
        raise BadPayload(f"{url}: not a feed ({bozo})")
    return ParsedFeed(
        title=plain_text(doc.feed.get("title")) or (urlsplit(url).hostname or url),
        lang=_lang(doc.feed.get("language")),
        entries=list(doc.entries),
        bozo=bozo,
    )


def mention_from_entry(entry: Any, feed: ParsedFeed, feed_url: str, matcher: TermMatcher) -> Mention:
    """One entry, normalised: text is the title then the summary, as plain text."""
    title = plain_text(entry.get("title"))
    body = plain_text(_entry_body(entry))
    text = f"{title}\n\n{body}".strip() if body and body != title else title
    link = entry.get("link")
    return Mention(
        source=NAME,
        native_id=entry_id(entry),
        author=plain_text(entry.get("author")) or feed.title,
        author_id=urlsplit(link or feed_url).hostname or feed_url,
        text=text,
        url=link,
        created_at=entry_time(entry),
        lang=_lang(entry.get("language")) or feed.lang,
        matched=matcher.match(text),
        metrics={},
        raw={"feed": feed_url, "id": entry.get("id"), "title": entry.get("title"),
             "link": link, "summary": entry.get("summary"),
             "published": entry.get("published") or entry.get("updated")},
        author_name=feed.title,
    )


def entry_id(entry: Any) -> str:
    """The entry's id, else its link, else a hash of its title and summary."""
    for key in ("id", "link"):
        value = (entry.get(key) or "").strip()
        if value:
            return value
    digest = hashlib.sha256(f"{entry.get('title', '')}\n{entry.get('summary', '')}".encode())
    return "sha256:" + digest.hexdigest()[:32]


def entry_time(entry: Any) -> datetime:
    """Published (else updated) time in UTC; now when the feed gives none."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
    return datetime.now(timezone.utc)


def _entry_body(entry: Any) -> str:
    content = entry.get("content") or []
    if content and content[0].get("value"):
        return content[0]["value"]
    return entry.get("summary") or ""


def _lang(code: str | None) -> str | None:
    if not code:
        return None
    return code.strip().lower().replace("_", "-").split("-")[0][:3] or None


def content_from_entry(entry: Any, feed_url: str, feed: ParsedFeed | None = None) -> Content:
    """One entry of a company content feed as a library item (canonical URL for share matching)."""
    # Imported here so this addition stays at the end of the module.
    from collectors.urls import canonical_url
    from store.programme import Content

    link = (entry.get("link") or "").strip()
    if not link:
        raise BadPayload(f"{feed_url}: content entry without a link")
    lang = _lang(entry.get("language")) or (feed.lang if feed else None)
    published = None
    for key in ("published_parsed", "updated_parsed"):
        if entry.get(key):
            published = datetime.fromtimestamp(calendar.timegm(entry[key]), tz=timezone.utc)
            break
    return Content(
        url=link,
        canonical_url=canonical_url(link),
        title=plain_text(entry.get("title")) or link,
        summary=plain_text(_entry_body(entry)) or None,
        lang=lang,
        published_at=published,
        feed=feed_url,
    )
