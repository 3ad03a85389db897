"""RSS and Atom feeds through feedparser: turning feed documents into Mentions and content."""

from __future__ import annotations

import base64
import binascii
import calendar
import hashlib
import logging
import re
from collections.abc import Iterator
from xml.parsers import expat
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

import feedparser
import requests

from ambassade.errors import BadPayload, RateLimited
from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from collectors.base import Cursor, Lookups, Page, brand_matcher, every_page, parsing
from collectors.http import FETCH_DEADLINE, Fetched, fetch, make_session, read_local
from collectors.text import plain_text

if TYPE_CHECKING:
    from store.programme import Content

log = logging.getLogger(__name__)
CONTENT_PREFIX = "content:"
PAGE_ENTRIES = 500
# feedparser flags these though the document parsed fine (a server's wrong Content-Type).
BENIGN_BOZO = frozenset({"NonXMLContentType", "CharacterEncodingOverride"})

NAME = "rss"


@dataclass
class ParsedFeed:
    title: str
    lang: str | None
    entries: list[Any]
    bozo: str | None            # the exception class name when the feed was not well-formed


MAX_DEPTH = 100                 # elements inside one another; real feeds stay under 30
_TAG = re.compile(rb"<(/?)[A-Za-z_][^<>]*?(/?)>")


class _TooDeep(Exception):
    pass


def check_depth(body: bytes, url: str, limit: int = MAX_DEPTH) -> None:
    """BadPayload when elements nest deeper than `limit`, before feedparser sees the bytes.

    feedparser needs 79 s and 892 MB for 1.6M nested elements in 11 MB; expat counts the
    depth in C and stops at the first element too deep. A document expat cannot read (the
    ones feedparser's loose parser still tries) is counted by a plain scan of its tags.
    """
    parser = expat.ParserCreate()
    depth = 0

    def start(name, attrs) -> None:  # noqa: ARG001
        nonlocal depth
        depth += 1
        if depth > limit:
            raise _TooDeep

    def end(name) -> None:  # noqa: ARG001
        nonlocal depth
        depth -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        parser.Parse(body, True)
        return
    except _TooDeep:
        pass
    except (expat.ExpatError, ValueError, RecursionError):
        depth = 0
        for found in _TAG.finditer(body):
            if found.group(1):
                depth -= 1
            elif not found.group(2):
                depth += 1
                if depth > limit:
                    break
        else:
            return
    raise BadPayload(f"{url}: elements nested deeper than {limit}, skipped")


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse feed bytes; a bozo feed is kept when it yielded entries."""
    check_depth(body, url)
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    doc = feedparser.parse(body, response_headers=headers)
    bozo = type(doc.get("bozo_exception")).__name__ if doc.get("bozo") else None
    if not doc.entries and ((bozo and not doc.feed) or not doc.get("version")):
        raise BadPayload(f"{url}: not a feed ({bozo or 'no feed format recognised'})")
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
    from collectors.urls import canonical_url

    link = decode_google_news(entry.get("link"))
    matched, competitors = matcher.scan(text)   # one pass for both
    return Mention(
        source=NAME,
        native_id=entry_id(entry),
        author=plain_text(entry.get("author")) or feed.title,
        author_id=urlsplit(link or feed_url).hostname or feed_url,
        text=text,
        url=link,
        created_at=entry_time(entry),
        lang=_lang(entry.get("language")) or feed.lang,
        matched=matched,
        competitors=competitors,
        metrics={},
        raw={"feed": feed_url, "id": entry.get("id"), "title": entry.get("title"),
             "link": link, "summary": entry.get("summary"),
             "published": entry.get("published") or entry.get("updated"),
             "canonical_url": canonical_url(link) if link else None},
        author_name=feed.title,
        feed=feed_url,
    )


class RssCollector:
    """Listening feeds (entries kept when they match) and content feeds (to the library)."""

    name: ClassVar[str] = NAME
    reads_source: ClassVar[str] = NAME      # feeds cost nothing; counted under its name
    paused: str | None = None               # never pauses itself
    notice: str | None = None

    def __init__(self, feeds: list[str], content_feeds: list[str], matcher: TermMatcher,
                 session: requests.Session | None = None,
                 deadline: float = FETCH_DEADLINE) -> None:
        self.feeds = list(dict.fromkeys(feeds))
        self.content_feeds = list(dict.fromkeys(content_feeds))
        self.matcher = matcher
        self.session = make_session(session)
        self._host_reset: dict[str, datetime] = {}     # host -> when its 429 lets us back
        self.deadline = deadline                       # seconds for one whole feed document

    def partitions(self) -> list[str]:
        return self.feeds + [CONTENT_PREFIX + url for url in self.content_feeds]

    def pages(self, query: str, cursor: Cursor | None) -> Iterator[Page]:
        """The feed's entries in pages; the validators move with the last page only."""
        is_content = query.startswith(CONTENT_PREFIX)
        url = query[len(CONTENT_PREFIX):] if is_content else query
        old = dict(cursor.state) if cursor else {}
        try:
            fetched = self._fetch(url, old)
        except RateLimited as exc:
            if exc.reset_at is not None and old.get("not_before") != exc.reset_at.isoformat():
                # Remembered with the feed's cursor, so the next runs leave it alone until then.
                yield Page([], Cursor(NAME, query, {**old, "not_before": exc.reset_at.isoformat()}))
            raise
        if fetched.status == 304:      # nothing new: store nothing, keep the cursor
            return
        feed = parse_feed(fetched.body, url, fetched.content_type)
        new_state = {k: v for k, v in (("etag", fetched.etag), ("modified", fetched.modified)) if v}
        malformed = feed.bozo if feed.bozo not in BENIGN_BOZO else None
        warnings = (f"malformed feed kept ({malformed})",) if malformed else ()
        if malformed:
            log.info("%s: malformed feed (%s), %d entries kept", url, feed.bozo, len(feed.entries))
        chunks = [feed.entries[i:i + PAGE_ENTRIES]
                  for i in range(0, len(feed.entries), PAGE_ENTRIES)] or [[]]
        for number, chunk in enumerate(chunks):
            last = number == len(chunks) - 1
            mentions, content, skipped = [], [], 0
            for entry in chunk:
                try:
                    with parsing(url):
                        if is_content:
                            content.append(self._content(entry, url, feed))
                            continue
                        mention = mention_from_entry(entry, feed, url, self.matcher)
                except BadPayload as exc:
                    log.info("%s: entry skipped (%s)", url, exc)
                    skipped += 1
                    continue
                if mention.matched or mention.competitors:   # brand or competitor: share of voice
                    mentions.append(mention)
                else:
                    skipped += 1
            yield Page(mentions, Cursor(NAME, query, new_state) if last else None,
                       content=content, skipped=skipped, warnings=warnings if last else ())

    def preview(self, query: str) -> Iterator[list[Mention]]:
        """The feed's matching entries, storing nothing (`--url` prints every entry instead)."""
        return every_page(self, query)

    def _fetch(self, url: str, old: dict[str, str]) -> Fetched:
        """One feed's document; a 429 defers that host's feeds only (feeds are many hosts)."""
        host = (urlsplit(url).hostname or url).lower()
        now = datetime.now(timezone.utc)
        waiting = self._host_reset.get(host)
        remembered = _when(old.get("not_before"))
        if remembered is not None and remembered > now:
            raise RateLimited(f"{url}: rate limited (429) until {remembered:%H:%M:%S} UTC, "
                              "not asked again before", remembered, partition_only=True)
        if waiting is not None and waiting > now:
            raise RateLimited(f"{url}: {host} asked to wait until {waiting:%H:%M:%S} UTC "
                              "(429 on another of its feeds)", waiting, partition_only=True)
        try:
            return fetch(self.session, url, etag=old.get("etag"), modified=old.get("modified"),
                         deadline=self.deadline)
        except RateLimited as exc:
            reset = exc.reset_at or now
            self._host_reset[host] = max(reset, self._host_reset.get(host, reset))
            raise RateLimited(str(exc), reset, partition_only=True) from None

    def _content(self, entry: Any, url: str, feed: ParsedFeed):
        # content_from_entry (end of this module) canonicalises the link for share matching.
        return content_from_entry(entry, url, feed)


def _when(value: str | None) -> datetime | None:
    """A stored ISO time, or None when absent or unreadable (then the feed is simply asked)."""
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def from_settings(settings, lookups: Lookups | None = None) -> RssCollector:
    """The RSS collector for `[rss] feeds` and `content_feeds` (needs no credentials)."""
    return RssCollector(settings.rss.feeds, settings.rss.content_feeds, brand_matcher(settings),
                        deadline=settings.rss.fetch_deadline_seconds)


def read_feed(url_or_path: str, matcher: TermMatcher,
              session: requests.Session | None = None) -> tuple[ParsedFeed, list[Mention], int]:
    """Every entry of one feed, normalised, for `--dry-run`: (feed, mentions, entries skipped).

    A local path is read from disk; that is allowed only for a path named on the command line.
    """
    if re.match(r"^https?://", url_or_path, re.IGNORECASE):
        fetched: Fetched = fetch(make_session(session), url_or_path)
    else:
        fetched = read_local(url_or_path)
    feed = parse_feed(fetched.body, fetched.url, fetched.content_type)
    mentions, skipped = [], 0
    for entry in feed.entries:
        try:
            with parsing(fetched.url):
                mentions.append(mention_from_entry(entry, feed, fetched.url, matcher))
        except BadPayload:
            skipped += 1
    return feed, mentions, skipped


def decode_google_news(link: str | None) -> str | None:
    """The publisher's URL behind a Google News RSS article link, where the link carries it.

    Older links are base64 of a small protobuf holding the URL; newer ones ("AU_yq…") hold
    only an id that needs a request to Google to resolve, so they are kept as they are.
    """
    if not link:
        return link
    try:
        parts = urlsplit(link)
    except ValueError:
        return link
    if parts.hostname != "news.google.com" or "/articles/" not in parts.path:
        return link
    token = parts.path.rsplit("/", 1)[-1]
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, binascii.Error):
        return link
    found = re.search(rb"https?://", raw)
    if not found or found.start() < 2:
        return link
    start = found.start()
    length = raw[start - 1]
    if raw[start - 2] >= 0x80:          # a two-byte varint length
        length = (raw[start - 2] & 0x7F) | (raw[start - 1] << 7)
        if start < 3:
            return link
    url = raw[start:start + length]
    if len(url) != length or not re.fullmatch(rb"[\x21-\x7e]+", url):
        return link
    return url.decode("ascii")


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
            # A date in the future would keep the item "new this week" for ever.
            published = min(published, datetime.now(timezone.utc))
            break
    return Content(
        url=link,
        canonical_url=canonical_url(link),
        title=plain_text(entry.get("title")) or link,
        summary=plain_text(_entry_body(entry)) or None,
        lang=lang,
        published_at=published,
        feed=feed_url,
        tags=entry_tags(entry),
    )


def entry_tags(entry: Any, limit: int = 20) -> tuple[str, ...]:
    """The entry's categories as topics: plain text, lower-case, de-duplicated, at most `limit`."""
    found: dict[str, None] = {}
    for tag in entry.get("tags") or []:
        term = plain_text((tag or {}).get("term") if isinstance(tag, dict) else None).strip().lower()
        if term and len(term) <= 60:
            found[term] = None
    return tuple(found)[:limit]
