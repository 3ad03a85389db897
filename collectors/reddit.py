"""Reddit: the collectors.

`RedditCollector` uses praw read-only (search newest first, new comments, a user's posts);
`RedditRssCollector` reads the public RSS feeds, slowly, when no API key is set. Listing
items become Mentions in `collectors.reddit_listing` (re-exported here), from the fields the
listing carried: reading a missing one through praw would fetch each item again.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar
from urllib.parse import quote

import praw
import prawcore
import requests

from ambassade.errors import (BadPayload, MissingCredentials, RateLimited, SourceError,
                              SourceUnavailable)
from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from collectors.base import Cursor, Lookups, Page, brand_matcher, every_page, parsing
from collectors.http import fetch, make_session, retry_after
from collectors.reddit_listing import (BASE_URL, NAME, identity, mention_from_thing,  # noqa: F401
                                       offline_reddit, things_from_listing)  # (re-exported)
from collectors.text import clean_text, plain_text

log = logging.getLogger(__name__)

# --- the collectors ------------------------------------------------------------------------

SEARCH_PREFIX = "search:"
COMMENTS_PREFIX = "comments:"
PAGE_ITEMS = 100                     # Reddit's largest listing page


def _key(created_utc: float | str, fullname: str) -> tuple[float, int]:
    """Order of Reddit items: creation time, then the base-36 id (newer ids are larger)."""
    ident = fullname.split("_", 1)[-1]
    try:
        number = int(ident, 36)
    except ValueError:
        number = 0
    return float(created_utc), number


def partitions_for(queries: list[str], comment_subreddits: list[str]) -> list[str]:
    """"search:<query>" per query, "comments:<subreddit>" per comment subreddit."""
    return ([SEARCH_PREFIX + q for q in dict.fromkeys(queries) if q.strip()]
            + [COMMENTS_PREFIX + s for s in dict.fromkeys(comment_subreddits) if s.strip()])


class RedditCollector:
    """Search (newest first) over the configured subreddits, and their new comments, via praw.

    Cursor (STYLE.md): `{"created_utc", "fullname"}` is the high-water mark; it moves only
    with the last page of a run. Pages in between carry `after` (the last fullname read) and
    the run's newest item, so a stopped run resumes where it stopped.
    """

    name: ClassVar[str] = NAME
    reads_source: ClassVar[str] = NAME      # Reddit bills no reads; counted under its name
    paused: str | None = None               # never pauses itself

    def __init__(self, reddit: praw.Reddit, queries: list[str], subreddits: list[str],
                 matcher: TermMatcher, comment_subreddits: list[str] = (),
                 keep_all_comments: bool = False) -> None:
        self.reddit = reddit
        self.queries, self.subreddits = list(queries), list(subreddits) or ["all"]
        self.comment_subreddits = list(comment_subreddits)
        self.matcher = matcher
        self.keep_all_comments = keep_all_comments
        self.notice: str | None = None

    def partitions(self) -> list[str]:
        return partitions_for(self.queries, self.comment_subreddits)

    def pages(self, query: str, cursor: Cursor | None) -> Iterator[Page]:
        return self._walk(query, cursor, lambda params: self._listing(query, params))

    def preview(self, query: str) -> Iterator[list[Mention]]:
        """Every page of the partition from the start (the API's reads are free)."""
        return every_page(self, query)

    def user_pages(self, handle: str, comments: bool, cursor: Cursor | None) -> Iterator[Page]:
        """A user's newest submissions (or comments), same cursor rules (employee shares)."""
        user = self.reddit.redditor(handle)
        kind = "reddit-comments" if comments else "reddit"
        listing = user.comments if comments else user.submissions
        return self._walk(f"{kind}:{handle}", cursor, lambda params: listing.new(
            limit=None, request_limit=PAGE_ITEMS, params=params), keep_all=True)

    def _walk(self, query: str, cursor: Cursor | None, open_listing,
              keep_all: bool = False) -> Iterator[Page]:
        state = dict(cursor.state) if cursor else {}
        stop_at = (_key(state["created_utc"], state["fullname"])
                   if state.get("created_utc") and state.get("fullname") else None)
        after = state.get("after")
        newest = ((state["run_created_utc"], state["run_fullname"])
                  if after and state.get("run_fullname") else None)
        params = {"after": after} if after else {}
        listing = open_listing(params)
        chunk: list[tuple[Any, str]] = []          # (item, fullname)
        finished, unreadable, read_any = False, 0, False
        with praw_errors(query):
            while not finished:
                with parsing(f"Reddit {query}"):      # praw reading a listing of odd shape
                    try:
                        thing = next(listing)
                    except StopIteration:
                        if after and not read_any:
                            # The saved `after` item is gone (deleted or removed) and Reddit
                            # answers an empty page: the rest of the stopped run is still
                            # unread, so walk again from the top down to the mark (stored
                            # items are known ids) instead of moving the mark past them.
                            log.info("reddit %s: resume point %s is gone; reading from the "
                                     "newest down to the mark", query, after)
                            after = None
                            listing = open_listing({})
                            continue
                        finished = True
                        break
                read_any = True
                try:
                    created, fullname = identity(thing)
                except BadPayload as exc:
                    log.warning("reddit %s: item skipped: %s", query, exc)
                    unreadable += 1
                    continue
                key = _key(created, fullname)
                if stop_at is not None and key <= stop_at:
                    finished = True            # the rest was stored by an earlier run
                    break
                if newest is None or key > _key(*newest):
                    newest = (created, fullname)
                chunk.append((thing, fullname))
                if len(chunk) == PAGE_ITEMS:
                    yield self._page(query, chunk, state, newest, last=False,
                                     keep_all=keep_all, unreadable=unreadable)
                    chunk, unreadable = [], 0
        if chunk or newest is not None or unreadable:
            yield self._page(query, chunk, state, newest, last=True, keep_all=keep_all,
                             unreadable=unreadable)

    def _listing(self, query: str, params: dict[str, str]) -> Iterator[Any]:
        kwargs = {"limit": None, "request_limit": PAGE_ITEMS, "params": params}
        if query.startswith(COMMENTS_PREFIX):
            return self.reddit.subreddit(query[len(COMMENTS_PREFIX):]).comments(**kwargs)
        search = query[len(SEARCH_PREFIX):] if query.startswith(SEARCH_PREFIX) else query
        return self.reddit.subreddit("+".join(self.subreddits)).search(
            search, sort="new", time_filter="all", **kwargs)

    def _page(self, query: str, things: list[tuple[Any, str]], old: dict[str, str],
              newest: tuple[str, str] | None, last: bool, keep_all: bool = False,
              unreadable: int = 0) -> Page:
        mentions, skipped = [], unreadable
        for thing, fullname in things:
            try:
                with parsing(f"Reddit {query} {fullname}"):
                    mention = mention_from_thing(thing, self.matcher)
            except BadPayload as exc:
                log.warning("reddit %s: item skipped: %s", query, exc)
                skipped += 1
                continue
            if (query.startswith(COMMENTS_PREFIX) and not (self.keep_all_comments or keep_all)
                    and not (mention.matched or mention.competitors)):
                skipped += 1
                continue
            mentions.append(mention)
        high = {k: old[k] for k in ("created_utc", "fullname") if old.get(k)}
        if last:
            state = ({"created_utc": newest[0], "fullname": newest[1]} if newest else high)
        else:
            state = {**high, "after": things[-1][1],
                     "run_created_utc": newest[0], "run_fullname": newest[1]}
        return Page(mentions, Cursor(NAME, query, state), skipped=skipped)


@contextmanager
def praw_errors(query: str) -> Iterator[None]:
    """prawcore's exceptions as Ambassade's SourceErrors (429 with its reset time).

    A listing of an unexpected shape is BadPayload where it is read (`parsing`), not here.
    """
    try:
        yield
    except prawcore.TooManyRequests as exc:
        reset = retry_after(exc.response.headers)
        raise RateLimited(f"Reddit: rate limited until {reset:%H:%M:%S} UTC", reset) from None
    except (prawcore.OAuthException, prawcore.InvalidToken, prawcore.Forbidden,
            prawcore.InsufficientScope) as exc:
        raise SourceError(f"Reddit {query}: access refused ({type(exc).__name__}); check "
                          "REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET") from None
    except prawcore.ResponseException as exc:
        code = exc.response.status_code
        if isinstance(exc, prawcore.BadJSON):
            raise BadPayload(f"Reddit {query}: response is not valid JSON") from None
        if code == 401:
            raise SourceError(f"Reddit {query}: access refused (401); check the credentials") from None
        if isinstance(exc, (prawcore.NotFound, prawcore.Redirect)) or code == 404:
            raise SourceError(f"Reddit {query}: not found (no such subreddit?)") from None
        if isinstance(exc, prawcore.ServerError) or code >= 500:
            raise SourceUnavailable(f"Reddit {query}: server error ({code})") from None
        raise SourceError(f"Reddit {query}: HTTP {code}") from None
    except prawcore.RequestException as exc:
        what = type(exc.original_exception).__name__
        raise SourceUnavailable(f"Reddit {query}: cannot connect or timed out ({what})") from None


class RedditRssCollector:
    """No API key: Reddit's public RSS search and comment feeds, politely spaced.

    Reddit throttles these feeds hard; requests are at least `min_interval` seconds apart,
    and a 429 defers the source. Ids are Reddit fullnames, as with the API, so switching to
    a key later adds no duplicates.
    """

    name: ClassVar[str] = NAME
    reads_source: ClassVar[str] = NAME
    paused: str | None = None               # a 429 defers it; it never pauses itself

    def __init__(self, queries: list[str], subreddits: list[str], matcher: TermMatcher,
                 comment_subreddits: list[str] = (), base_url: str = BASE_URL,
                 min_interval: float = 10.0, keep_all_comments: bool = False,
                 session: requests.Session | None = None,
                 sleep: Callable[[float], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.queries, self.subreddits = list(queries), list(subreddits) or ["all"]
        self.comment_subreddits = list(comment_subreddits)
        self.matcher = matcher
        self.base_url = base_url.rstrip("/")
        self.min_interval = min_interval
        self.keep_all_comments = keep_all_comments
        self.session = make_session(session)
        self.sleep = sleep or (lambda seconds: time.sleep(seconds))
        self.clock = clock
        self._last_request: float | None = None
        self.notice = ("reddit: no API key (set REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET); "
                       "reading Reddit's public RSS feeds, slowly")

    def partitions(self) -> list[str]:
        return partitions_for(self.queries, self.comment_subreddits)

    def feed_url(self, query: str) -> str:
        """The public RSS URL of one partition."""
        if query.startswith(COMMENTS_PREFIX):
            sub = quote(query[len(COMMENTS_PREFIX):], safe="+")
            return f"{self.base_url}/r/{sub}/comments/.rss?limit=100"
        q = quote(query[len(SEARCH_PREFIX):], safe="")
        if self.subreddits == ["all"]:
            return f"{self.base_url}/search.rss?q={q}&sort=new&limit=100"
        subs = "+".join(quote(s, safe="") for s in self.subreddits)
        return f"{self.base_url}/r/{subs}/search.rss?q={q}&sort=new&restrict_sr=on&limit=100"

    def pages(self, query: str, cursor: Cursor | None) -> Iterator[Page]:
        from collectors.rss import parse_feed  # noqa: PLC0415 (rss imports base, not us)

        old = dict(cursor.state) if cursor else {}
        self._space_out()
        url = self.feed_url(query)
        fetched = fetch(self.session, url, etag=old.get("etag"), modified=old.get("modified"))
        if fetched.status == 304:
            return
        feed = parse_feed(fetched.body, url, fetched.content_type)
        mentions, skipped = [], 0
        for entry in feed.entries:
            mention = mention_from_rss_entry(entry, self.matcher)
            if mention is None or (query.startswith(COMMENTS_PREFIX) and not self.keep_all_comments
                                   and not (mention.matched or mention.competitors)):
                skipped += 1
                continue
            mentions.append(mention)
        state = {k: v for k, v in (("etag", fetched.etag), ("modified", fetched.modified)) if v}
        yield Page(mentions, Cursor(NAME, query, state), skipped=skipped)

    def preview(self, query: str) -> Iterator[list[Mention]]:
        """The partition's feed from the start, storing nothing."""
        return every_page(self, query)

    def _space_out(self) -> None:
        now = self.clock()
        if self._last_request is not None:
            wait = self.min_interval - (now - self._last_request)
            if wait > 0:
                self.sleep(wait)
        self._last_request = self.clock()


def mention_from_rss_entry(entry: Any, matcher: TermMatcher) -> Mention | None:
    """One entry of a Reddit Atom feed (id is the fullname, author is "/u/name")."""
    from collectors.rss import entry_time  # noqa: PLC0415

    # feedparser resolves the bare "t3_…" id against the feed's URL: keep the last segment.
    found = re.search(r"(?:^|/)(t[13]_[0-9a-z]{1,16})$", (entry.get("id") or "").strip())
    if not found:
        return None
    fullname = found.group(1)
    title = plain_text(entry.get("title"))
    content = entry.get("content") or []
    body = plain_text(content[0].get("value") if content else entry.get("summary"))
    body = re.sub(r"\s*submitted by\s+/u/\S+.*$", "", body, flags=re.DOTALL).strip()
    text = body if fullname.startswith("t1_") else clean_text(f"{title}\n\n{body}".strip())
    author = (entry.get("author") or "").strip().removeprefix("/u/") or None
    matched, competitors = matcher.scan(text)   # one pass for both
    return Mention(source=NAME, native_id=fullname, author=author,
                   author_id=author.lower() if author else None, text=text,
                   url=entry.get("link"), created_at=entry_time(entry), lang=None,
                   matched=matched, competitors=competitors, metrics={},
                   raw={"id": fullname, "title": entry.get("title"), "link": entry.get("link"),
                        "author": entry.get("author"), "updated": entry.get("updated")})


def credentials() -> tuple[str, str] | None:
    """(client_id, client_secret) from REDDIT_* or praw's own praw_* variables, else None."""
    ident = (os.environ.get("REDDIT_CLIENT_ID") or os.environ.get("praw_client_id") or "").strip()
    key = (os.environ.get("REDDIT_CLIENT_SECRET") or os.environ.get("praw_client_secret")
           or "").strip()
    return (ident, key) if ident and key else None


class TimedRequestor(prawcore.Requestor):
    """prawcore's requestor with our timeout on every request.

    praw 8.0.3 does not pass its `timeout` setting on, and prawcore's session asks for its
    own 16 s default on each call, which would win over the requestor's.
    """

    def request(self, *args: Any, timeout: float | None = None, **kwargs: Any):
        return super().request(*args, timeout=self.timeout, **kwargs)


def make_reddit(settings, client_id: str, client_secret: str) -> praw.Reddit:
    """A read-only praw client; oauth_url/reddit_url pass through from `[reddit]`."""
    kwargs: dict[str, Any] = {}
    if settings.reddit.oauth_url:
        kwargs["oauth_url"] = settings.reddit.oauth_url
    if settings.reddit.reddit_url:
        kwargs["reddit_url"] = settings.reddit.reddit_url
    reddit = praw.Reddit(client_id=client_id, client_secret=client_secret,
                         user_agent=os.environ.get("praw_user_agent") or settings.reddit.user_agent,
                         check_for_updates=False,
                         requestor_class=TimedRequestor,
                         requestor_kwargs={"timeout": settings.reddit.timeout_seconds},
                         **kwargs)
    reddit.read_only = True
    return reddit


def from_settings(settings, lookups: Lookups | None = None) -> RedditCollector | RedditRssCollector:
    """praw with a key; without one, the public RSS feeds (or MissingCredentials if disabled)."""
    matcher = brand_matcher(settings)
    found = credentials()
    r = settings.reddit
    if found is None:
        if not r.rss_fallback:
            raise MissingCredentials("set REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET "
                                     "(or enable [reddit] rss_fallback)")
        return RedditRssCollector(r.queries, r.subreddits, matcher, r.comment_subreddits,
                                  base_url=r.reddit_url or BASE_URL,
                                  min_interval=r.rss_min_interval_seconds,
                                  keep_all_comments=r.keep_all_comments)
    return RedditCollector(make_reddit(settings, *found), r.queries, r.subreddits, matcher,
                           r.comment_subreddits, keep_all_comments=r.keep_all_comments)
