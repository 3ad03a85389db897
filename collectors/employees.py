"""Employee shares: the public posts of opted-in employees' declared handles, kept only when
they carry company content, a share-link code or a brand term (DESIGN.md, purpose limitation).

Partitions are "x:<handle>" (X search `from:<handle>`, on the X read budget),
"reddit:<handle>" / "reddit-comments:<handle>" (the user's newest submissions and comments)
"mastodon:<user@instance>" and "bluesky:<handle>" (the profile's public RSS feed, no key
needed).
Withdrawn employees are never partitions; a post from before opting in or after withdrawing
is dropped. Dropped posts are counted, never stored.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

import requests

from ambassade.errors import BadPayload, MissingCredentials
from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from collectors import reddit as reddit_source
from collectors import x as x_source
from collectors.base import Cursor, Lookups, Page, brand_matcher, every_page, parsing
from collectors.shares import detect_shares, employee_post_allowed
from collectors.http import fetch, make_session
from collectors.rss import entry_time, parse_feed
from collectors.text import plain_text
from collectors.urls import find_urls, host_of, is_shortener
from store.programme import Programme, normal_handle

log = logging.getLogger(__name__)
NAME = "shares"


class EmployeeSharesCollector:
    """Collects opted-in employees' posts through the X and Reddit collectors, filtered."""

    name: ClassVar[str] = NAME
    reads_source: ClassVar[str] = "x"       # its paid reads count against X's budget

    def __init__(self, programme: Programme, matcher: TermMatcher, *,
                 x: x_source.XCollector | None = None,
                 reddit: reddit_source.RedditCollector | None = None,
                 still_enrolled: Callable[[str], bool] | None = None,
                 feed_urls: dict[str, Callable[[str], str | None]] | None = None,
                 session: requests.Session | None = None) -> None:
        self.programme = programme
        self.matcher = matcher
        self.x, self.reddit = x, reddit
        self.still_enrolled = still_enrolled
        self.feed_urls = {**FEED_NETWORKS, **(feed_urls or {})}
        self.session = make_session(session)
        self.notice: str | None = None

    @property
    def paused(self) -> str | None:
        """X's pause (its read budget, which these reads share), else None."""
        return self.x.paused if self.x is not None else None

    def partitions(self) -> list[str]:
        found = []
        for (source, handle) in sorted(self.programme.handles):
            if source == "x" and self.x is not None:
                found.append(f"x:{handle}")
            elif source == "reddit" and self.reddit is not None:
                found += [f"reddit:{handle}", f"reddit-comments:{handle}"]
            elif source in self.feed_urls and self.feed_urls[source](handle):
                found.append(f"{source}:{handle}")
        return found

    def pages(self, query: str, cursor: Cursor | None) -> Iterator[Page]:
        kind, handle = query.split(":", 1)
        source = kind if kind == "x" or kind in self.feed_urls else "reddit"
        employee_id = self.programme.handles.get((source, handle))
        # Withdrawal (or dropping the shares scope) stops collection at once, even in the
        # middle of a run: checked before the first page and again before each next one.
        if employee_id is None or not self._may_read(employee_id):
            log.info("shares %s: not enrolled any more, not read", query)
            return
        inner = Cursor(kind, query, cursor.state) if cursor else None
        if kind == "x":
            pages = self.x.pages(f"from:{handle} -is:retweet", inner)
        elif kind in self.feed_urls:
            pages = self._feed_pages(kind, handle, query, inner)
        else:
            pages = self.reddit.user_pages(handle, comments=kind == "reddit-comments",
                                           cursor=inner)
        for page in pages:
            # A page fetched while the person withdrew is not kept, and no next page is asked for.
            if not self._may_read(employee_id):
                log.info("shares %s: withdrawn during the run, stopped before the next page", query)
                return
            yield self._filter(query, page)
            if not self._may_read(employee_id):
                log.info("shares %s: withdrawn during the run, stopped before the next page", query)
                return

    def _may_read(self, employee_id: str) -> bool:
        return self.still_enrolled is None or self.still_enrolled(employee_id)

    def preview(self, query: str) -> Iterator[list[Mention]]:
        """The kept posts of one handle from the start (X: every page is paid, so one)."""
        for mentions in every_page(self, query):
            yield mentions
            if query.startswith("x:"):
                return

    def _feed_pages(self, network: str, handle: str, query: str,
                    cursor: Cursor | None) -> Iterator[Page]:
        """The profile's public RSS feed, conditionally fetched; one page."""
        old = dict(cursor.state) if cursor else {}
        url = self.feed_urls[network](handle)
        fetched = fetch(self.session, url, etag=old.get("etag"), modified=old.get("modified"))
        if fetched.status == 304:
            return
        feed = parse_feed(fetched.body, url, fetched.content_type)
        mentions = []
        for entry in feed.entries:
            try:
                with parsing(url):
                    mention = mention_from_post(entry, network, handle, self.matcher)
            except BadPayload as exc:
                log.warning("%s: post skipped", exc)
                continue
            if mention is not None:
                mentions.append(mention)
        state = {k: v for k, v in (("etag", fetched.etag), ("modified", fetched.modified)) if v}
        yield Page(mentions, Cursor(network, query, state),
                   skipped=len(feed.entries) - len(mentions))

    def _filter(self, query: str, page: Page) -> Page:
        p = self.programme
        kept = []
        for mention in page.mentions:
            employee_id = p.handles.get((mention.source, normal_handle(mention.author)))
            employee = p.employees.get(employee_id) if employee_id else None
            if employee is not None and employee_post_allowed(mention, employee, p.content,
                                                              p.codes, p.link_host):
                kept.append(mention)
        shares = detect_shares(kept, p.handles, p.content, p.codes, p.link_host)
        shared = {share.mention_id for share in shares}
        for mention in kept:
            # A shortened link hides the page; we do not follow it (no request on a
            # person's behalf), so it is noted rather than matched.
            short = [u for u in find_urls(mention.text) if is_shortener(host_of(u))]
            if short and mention.id not in shared:
                log.info("%s: shortened link not followed (%s)", mention.id, short[0])
        cursor = Cursor(NAME, query, page.cursor.state) if page.cursor is not None else None
        return Page(kept, cursor, shares=shares, reads=page.reads,
                    skipped=page.skipped + len(page.mentions) - len(kept),
                    warnings=page.warnings)


_HOST = re.compile(r"^[a-z0-9.-]+\.[a-z]{2,}$")


def mastodon_feed_url(handle: str) -> str | None:
    """"user@instance" -> the profile's public RSS feed, None when it is not a handle."""
    user, _, instance = handle.strip().lstrip("@").partition("@")
    if not re.fullmatch(r"[a-z0-9_]{1,30}", user) or not _HOST.match(instance):
        return None
    return f"https://{instance}/@{user}.rss"


def bluesky_feed_url(handle: str) -> str | None:
    """"name.bsky.social" (or a custom domain) -> the profile's public RSS feed."""
    handle = handle.strip().lstrip("@")
    return f"https://bsky.app/profile/{handle}/rss" if _HOST.match(handle) else None


FEED_NETWORKS: dict[str, Callable[[str], str | None]] = {
    "mastodon": mastodon_feed_url, "bluesky": bluesky_feed_url}


def mention_from_post(entry: Any, network: str, handle: str,
                      matcher: TermMatcher) -> Mention | None:
    """One post of a profile feed (its link is its id; no title, HTML or text body)."""
    link = (entry.get("link") or entry.get("id") or "").strip()
    if not link.startswith("https://"):
        return None
    text = plain_text(entry.get("summary") or entry.get("description"))
    return Mention(source=network, native_id=link.removeprefix("https://"),
                   author=handle, author_id=handle, text=text, url=link,
                   created_at=entry_time(entry), lang=None, matched=matcher.match(text),
                   metrics={}, raw={"link": link, "summary": entry.get("summary")})


def link_host_of(settings) -> str | None:
    """The host of the share-link redirector (`[links] base_url`), when configured."""
    base = settings.links.base_url
    if not base:
        return None
    try:
        return (urlsplit(base).hostname or "").lower() or None
    except ValueError:
        return None


def from_settings(settings, lookups: Lookups | None = None) -> EmployeeSharesCollector:
    """Share collection over the sources that have credentials; needs the store's lookups."""
    if lookups is None:
        raise MissingCredentials("employee shares read the programme from the database "
                                 "(no --dry-run)")
    programme = lookups.programme(link_host_of(settings))
    matcher = brand_matcher(settings)
    x = reddit = None
    missing = []
    try:
        x = x_source.from_settings(settings, lookups)
    except MissingCredentials:
        missing.append("X_BEARER_TOKEN")
    found = reddit_source.credentials()
    if found is not None:
        reddit = reddit_source.RedditCollector(reddit_source.make_reddit(settings, *found), [], [],
                                               matcher)
    else:
        missing.append("REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET")
    keyless = any(source in FEED_NETWORKS for source, _ in programme.handles)
    if x is None and reddit is None and not keyless:
        raise MissingCredentials(f"set {' or '.join(missing)} to collect employee shares")
    collector = EmployeeSharesCollector(programme, matcher, x=x, reddit=reddit,
                                        still_enrolled=lookups.is_enrolled)
    if missing:
        collector.notice = f"shares: without {' or '.join(missing)}, those networks are not read"
    return collector
