"""Bluesky search: `app.bsky.feed.searchPosts` with the `atproto` SDK and an app password.

Search needs a login now: `[bluesky] handle` (or BLUESKY_HANDLE) and the app password from
BLUESKY_APP_PASSWORD. Bluesky answers at most 10,000 results per query: a run that reaches
`[bluesky] max_results` stops there and says so. Rate limits are per account (about 3,000
requests per 5 minutes, shared by its app passwords): a 429 defers the source to
`ratelimit-reset`, and when an answer says no requests remain the next one waits for the reset
when that is under a minute away, else the source is deferred.

Cursor (STYLE.md): `since`, the newest `indexedAt` stored (`createdAt` can be forged; it is
kept in the raw record). Pages in between carry the search's `cursor`, the run's newest and
its count, so a stopped run resumes where it stopped; the last page moves `since`. Posts are
normalised by `collectors.bluesky_posts`, with the same ids as Jetstream's.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

import httpx
from atproto import Client, Request
from atproto import exceptions as aterr
from atproto.models import get_model_as_dict

from ambassade.errors import (BadPayload, MissingCredentials, RateLimited, SourceError,
                              SourceUnavailable)
from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from collectors.base import Cursor, Lookups, Page, brand_matcher, every_page, parse_each, parsing
from collectors.bluesky_posts import POST, mention_from_post
from collectors.shares import consented_shares

log = logging.getLogger(__name__)
NAME = "bluesky"
BASE_URL = "https://bsky.social"
PAGE_SIZE = 100
MAX_RESULTS = 10_000              # Bluesky's own cap per query
OVERLAP = timedelta(minutes=1)


def _time(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        raise BadPayload(f"Bluesky: bad indexedAt {str(value)[:40]!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class BlueskySearchCollector:
    """`[bluesky] queries`, newest first, logged in once per collector."""

    name: ClassVar[str] = NAME
    reads_source: ClassVar[str] = NAME      # free, but counted under its name
    paused: str | None = None

    def __init__(self, queries: list[str], matcher: TermMatcher, *, handle: str, password: str,
                 base_url: str = BASE_URL, max_results: int = MAX_RESULTS, programme=None,
                 timeout: float = 30.0, max_wait_seconds: float = 60.0,
                 sleep: Callable[[float], None] | None = None) -> None:
        self.queries = list(dict.fromkeys(q for q in queries if q.strip()))
        self.matcher = matcher
        self.handle, self._password = handle, password
        self.base_url = base_url
        self.max_results = min(max_results, MAX_RESULTS)
        self.programme = programme
        self.max_wait_seconds = max_wait_seconds
        self.sleep = sleep or (lambda seconds: time.sleep(seconds))
        self.notice: str | None = None
        self.last_headers: dict[str, str] = {}
        self.client = Client(base_url=base_url, request=Request(
            timeout=httpx.Timeout(timeout, connect=5.0),
            event_hooks={"response": [self._remember_headers]}))
        self._logged_in = False

    def partitions(self) -> list[str]:
        return self.queries

    def preview(self, query: str) -> Iterator[list[Mention]]:
        """Every page from the start, up to the cap (reads are free), storing nothing."""
        return every_page(self, query)

    def pages(self, query: str, cursor: Cursor | None) -> Iterator[Page]:
        state = dict(cursor.state) if cursor else {}
        since = state.get("since")
        token = state.get("cursor")
        run_newest = state.get("run_newest") if token else None
        count = int(state.get("count", 0)) if token else 0
        self._login()
        while True:
            answer = self._search(query, since, token)
            with parsing(f"Bluesky {query}"):
                posts = [get_model_as_dict(p) for p in answer.posts]
                token = answer.cursor
            read, skipped = parse_each(posts, lambda post: mention_from_view(post, self.matcher),
                                       f"Bluesky {query}", log)
            mentions = [mention for _, mention in read]
            for post, _ in read:
                stamp = post["indexedAt"]
                if run_newest is None or _time(stamp) > _time(run_newest):
                    run_newest = stamp
            count += len(posts)
            capped = count >= self.max_results
            if capped and token:
                self.notice = (f"bluesky: {query!r} reached {self.max_results:,} results, Bluesky's "
                               "cap per query; older posts were not read (narrow the query)")
                log.info(self.notice)
                token = None
            if token and posts:
                new = {"since": since, "cursor": token, "run_newest": run_newest, "count": str(count)}
            else:
                new = {"since": run_newest or since}
            yield Page(mentions, Cursor(NAME, query, {k: v for k, v in new.items() if v}),
                       shares=consented_shares(mentions, self.programme), skipped=skipped)
            if not (token and posts):
                return

    def _login(self) -> None:
        if self._logged_in:
            return
        with atproto_errors("Bluesky login"):
            self.client.login(self.handle, self._password, fetch_bsky_profile=False)
        self._logged_in = True

    def _search(self, query: str, since: str | None, token: str | None):
        self._respect_remaining()
        params: dict[str, Any] = {"q": query, "limit": PAGE_SIZE, "sort": "latest"}
        if since:
            params["since"] = (_time(since) - OVERLAP).isoformat().replace("+00:00", "Z")
        if token:
            params["cursor"] = token
        with atproto_errors(f"Bluesky {query}"):
            return self.client.app.bsky.feed.search_posts(params)

    def _remember_headers(self, response: httpx.Response) -> None:
        self.last_headers = {k.lower(): v for k, v in response.headers.items()
                             if k.lower().startswith("ratelimit-")}

    def _respect_remaining(self) -> None:
        """Before a call: when the last answer said none remain, wait for the reset or defer."""
        if self.last_headers.get("ratelimit-remaining", "").strip() != "0":
            return
        try:
            reset = datetime.fromtimestamp(int(self.last_headers["ratelimit-reset"]), tz=timezone.utc)
        except (KeyError, ValueError, OverflowError, OSError):
            reset = datetime.now(timezone.utc) + timedelta(minutes=5)
        seconds = (reset - datetime.now(timezone.utc)).total_seconds() + 1
        if seconds > self.max_wait_seconds:
            raise RateLimited(f"Bluesky: request quota used up until {reset:%H:%M:%S} UTC", reset)
        if seconds > 0:
            self.sleep(seconds)
        self.last_headers = {}


class atproto_errors:  # noqa: N801 (used as a context manager, like `parsing`)
    """The SDK's exceptions as Ambassade's SourceErrors (429 with its reset time)."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        if exc is None:
            return False
        what = self.what
        if isinstance(exc, aterr.RateLimitExceededError):
            reset = exc.reset_at
            if reset is None and exc.retry_after is not None:
                reset = datetime.now(timezone.utc) + timedelta(seconds=exc.retry_after)
            reset = reset or datetime.now(timezone.utc) + timedelta(minutes=5)
            raise RateLimited(f"{what}: rate limited (429) until {reset:%H:%M:%S} UTC", reset) from None
        if isinstance(exc, aterr.UnauthorizedError):
            raise SourceError(f"{what}: access refused ({_code(exc)}); check [bluesky] handle and "
                              "BLUESKY_APP_PASSWORD") from None
        if isinstance(exc, aterr.InvokeTimeoutError):
            raise SourceUnavailable(f"{what}: timed out") from None
        if isinstance(exc, aterr.NetworkError):
            code = _code(exc)
            raise SourceUnavailable(f"{what}: " + (f"server error ({code})" if code else "cannot connect")) from None
        if isinstance(exc, aterr.BadRequestError):
            raise SourceError(f"{what}: query refused (400)") from None
        if isinstance(exc, aterr.RequestException):
            code = _code(exc)
            if isinstance(code, int) and code >= 500:
                raise SourceUnavailable(f"{what}: server error ({code})") from None
            raise SourceError(f"{what}: HTTP {code}") from None
        if isinstance(exc, (aterr.ModelError, ValueError)):
            raise BadPayload(f"{what}: response is not valid JSON of the expected shape") from None
        return False


def _code(exc: aterr.RequestErrorBase) -> int | None:
    return exc.response.status_code if exc.response is not None else None


def mention_from_view(post: dict[str, Any], matcher: TermMatcher) -> Mention:
    """One PostView (as a dict): its record through `bluesky_posts`, with handle and counts."""
    uri = str(post["uri"])
    did, collection, rkey = uri.removeprefix("at://").split("/", 2)
    if collection != POST:
        raise BadPayload(f"Bluesky: {uri[:80]!r} is not a post")
    author = post["author"]
    metrics = {k: int(post[key]) for k, key in (("replies", "replyCount"), ("reposts", "repostCount"),
                                                ("likes", "likeCount"), ("quotes", "quoteCount"))
               if isinstance(post.get(key), int)}
    mention = mention_from_post(did, rkey, post["record"], _time(post["indexedAt"]), matcher,
                                str(author.get("handle") or "").lower() or None, raw=post,
                                metrics=metrics)
    followers = author.get("followersCount")
    return replace(mention, author_name=author.get("displayName") or None,
                   author_followers=followers if isinstance(followers, int) else None)


def from_settings(settings, lookups: Lookups | None = None) -> BlueskySearchCollector:
    """The search collector; MissingCredentials without a handle or BLUESKY_APP_PASSWORD."""
    from ambassade.settings import secret  # noqa: PLC0415

    section = settings.bluesky
    handle = (section.handle or os.environ.get("BLUESKY_HANDLE", "")).strip().lstrip("@")
    if section.queries and not handle:
        raise MissingCredentials("set [bluesky] handle (or BLUESKY_HANDLE) for Bluesky search")
    password = secret("bluesky_app_password") if section.queries else ""
    programme = None
    if lookups is not None and section.queries:
        from collectors.employees import link_host_of  # noqa: PLC0415

        programme = lookups.programme(link_host_of(settings))
    return BlueskySearchCollector(section.queries, brand_matcher(settings), handle=handle,
                                  password=password, base_url=section.base_url,
                                  max_results=section.max_results, programme=programme)
