"""X (Twitter) API v2 recent search: turning response pages into Mentions, and the collector.

Pages are the raw JSON of `search_recent_tweets` (tweepy `Client(return_type=dict)`), with
`expansions=["author_id"]` so `includes.users` carries handles and follower counts.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

import requests
import tweepy

from ambassade.errors import BadPayload, RateLimited, SourceError, SourceUnavailable, one_line
from ambassade.model import Mention
from ambassade.settings import secret
from ambassade.text.terms import TermMatcher
from collectors.base import Cursor, Lookups, Page, brand_matcher, parsing
from collectors.http import make_session
from collectors.text import clean_text

log = logging.getLogger(__name__)
NAME = "x"
TWEET_FIELDS = ["created_at", "lang", "public_metrics", "author_id", "entities",
                "referenced_tweets", "conversation_id"]
USER_FIELDS = ["username", "name", "public_metrics"]


def mentions_from_page(page: dict[str, Any], matcher: TermMatcher) -> list[Mention]:
    """Every tweet of one search page, normalised (search results are all mentions).

    A page or tweet of an unexpected shape (a field missing or of the wrong type) is BadPayload.
    """
    if not isinstance(page, dict):
        raise BadPayload("X: page is not a JSON object")
    with parsing("X"):
        users = {u.get("id"): u for u in page.get("includes", {}).get("users", [])
                 if isinstance(u, dict)}
        mentions = []
        for tweet in page.get("data") or []:
            if not isinstance(tweet, dict) or "id" not in tweet or "created_at" not in tweet:
                raise BadPayload("X: tweet without id or created_at")
            mentions.append(mention_from_tweet(tweet, users.get(tweet.get("author_id")), matcher))
    return mentions


def mention_from_tweet(tweet: dict[str, Any], user: dict[str, Any] | None,
                       matcher: TermMatcher) -> Mention:
    text = clean_text(expand_urls(tweet.get("text", ""), tweet))
    handle = user.get("username") if user else None
    tweet_id = str(tweet["id"])
    matched, competitors = matcher.scan(text)   # one pass for both
    return Mention(
        source=NAME,
        native_id=tweet_id,
        author=handle,
        author_id=str(tweet["author_id"]) if tweet.get("author_id") else None,
        text=text,
        url=f"https://x.com/{handle or 'i/web'}/status/{tweet_id}",
        created_at=_parse_time(tweet["created_at"]),
        lang=_lang(tweet.get("lang")),
        matched=matched,
        competitors=competitors,
        metrics={k: int(v) for k, v in (tweet.get("public_metrics") or {}).items()
                 if isinstance(v, int)},
        raw={"tweet": tweet, "user": user},
        author_name=user.get("name") if user else None,
        author_followers=((user or {}).get("public_metrics") or {}).get("followers_count"),
    )


def expand_urls(text: str, tweet: dict[str, Any]) -> str:
    """Replace t.co links by the URLs they stand for (share detection needs the real URL)."""
    for link in (tweet.get("entities") or {}).get("urls", []) or []:
        short, expanded = link.get("url"), link.get("expanded_url")
        if short and expanded:
            text = text.replace(short, expanded)
    return text


def _parse_time(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        raise BadPayload(f"X: bad created_at {value!r}") from None


def _lang(code: str | None) -> str | None:
    # X says "und" or "zxx" when it cannot tell; that is "unknown" for us.
    return code if code and code not in ("und", "zxx", "qme", "qht") else None


# --- the collector -------------------------------------------------------------------------

MIN_PAGE = 10                    # X's smallest max_results
MAX_PAGE = 100


def is_retweet(tweet: dict[str, Any]) -> bool:
    """A pure retweet (amplification, not a new mention); quotes and replies are not."""
    return any(ref.get("type") == "retweeted" for ref in tweet.get("referenced_tweets") or []
               if isinstance(ref, dict))


class XCollector:
    """Recent search, newest first, resumable by next_token; pauses itself at the read budget.

    Cursor (STYLE.md): each page keeps the old `since_id` and the next `next_token`; the last
    page sets `since_id` to the run's first `newest_id`. Pure retweets are dropped (counted
    as skipped) unless `include_retweets`; quotes are kept as the quoter's own words.
    """

    name: ClassVar[str] = NAME
    reads_source: ClassVar[str] = NAME
    notice: str | None = None

    def __init__(self, client: tweepy.Client, queries: list[str], matcher: TermMatcher, *,
                 budget: int, used: int = 0, include_retweets: bool = False,
                 max_wait_seconds: float = 60.0,
                 sleep: Callable[[float], None] | None = None) -> None:
        self.client = client
        self.queries = list(dict.fromkeys(q for q in queries if q.strip()))
        self.matcher = matcher
        self.budget, self.used = budget, used
        self.include_retweets = include_retweets
        self.max_wait_seconds = max_wait_seconds
        self.sleep = sleep or (lambda seconds: time.sleep(seconds))
        self.paused: str | None = None
        self.last_headers: dict[str, str] = {}
        make_session(client.session)
        client.session.hooks["response"].append(self._remember_headers)

    def partitions(self) -> list[str]:
        return self.queries

    def pages(self, query: str, cursor: Cursor | None) -> Iterator[Page]:
        state = dict(cursor.state) if cursor else {}
        since_id = state.get("since_id")
        token = state.get("next_token")
        run_newest = state.get("run_newest_id") if token else None
        while True:
            try:
                page = self._fetch(query, since_id, token)
            except _StaleCursor:
                # The saved since_id fell out of the seven-day window (X answers 400):
                # read the whole window again; the primary key makes the overlap harmless.
                log.info("X %s: since_id %s out of the search window, reading all", query, since_id)
                since_id = token = run_newest = None
                continue
            if page is None:                       # budget reached: stop before paying
                return
            with parsing("X"):
                meta = page.get("meta") or {}
                if run_newest is None:
                    run_newest = meta.get("newest_id")
                tweets = [t for t in page.get("data") or [] if isinstance(t, dict)]
                kept = tweets if self.include_retweets else [t for t in tweets
                                                             if not is_retweet(t)]
                token = meta.get("next_token")
                warnings = tuple(f"X partial error: {e.get('title') or e.get('detail')}"
                                 for e in page.get("errors") or [] if isinstance(e, dict))[:3]
            reads = len(tweets)
            self.used += reads
            mentions = mentions_from_page({**page, "data": kept}, self.matcher)
            if token:
                new = {"since_id": since_id, "next_token": token, "run_newest_id": run_newest}
            else:
                new = {"since_id": run_newest or since_id}
            yield Page(mentions, Cursor(NAME, query, {k: str(v) for k, v in new.items() if v}),
                       reads=reads, skipped=len(tweets) - len(kept), warnings=warnings)
            if not token:
                return

    def preview(self, query: str) -> Iterator[list[Mention]]:
        """The first page only, for `--dry-run` (every post read is paid)."""
        for page in self.pages(query, None):
            yield page.mentions
            return

    def _fetch(self, query: str, since_id: str | None, token: str | None) -> dict | None:
        remaining = self.budget - self.used
        if remaining < MIN_PAGE:
            self.paused = (f"X paused: monthly read budget reached ({self.used} of "
                           f"{self.budget} reads)")
            return None
        self._respect_remaining()
        params = {"max_results": max(MIN_PAGE, min(MAX_PAGE, remaining)),
                  "expansions": ["author_id"], "tweet_fields": TWEET_FIELDS,
                  "user_fields": USER_FIELDS}
        if since_id:
            params["since_id"] = since_id
        if token:
            params["next_token"] = token
        for attempt in (1, 2):
            try:
                page = self.client.search_recent_tweets(query, **params)
            except tweepy.TooManyRequests as exc:
                reset = _reset_at(exc.reset_time)
                if attempt == 1 and self._wait_until(reset):
                    continue
                raise RateLimited(f"X: rate limited until {reset:%H:%M:%S} UTC", reset) from None
            except (tweepy.Unauthorized, tweepy.Forbidden) as exc:
                code = exc.response.status_code
                raise SourceError(f"X: access refused ({code}); check X_BEARER_TOKEN and the "
                                  "app's access level") from None
            except tweepy.NotFound:
                raise SourceError("X: search endpoint not found (404)") from None
            except tweepy.BadRequest as exc:
                if (since_id or token) and re.search(r"since_id|next_token|pagination",
                                                     _first(exc), re.IGNORECASE):
                    raise _StaleCursor() from None
                raise SourceError(f"X: query {query!r} refused: {_first(exc)}") from None
            except tweepy.TwitterServerError as exc:
                raise SourceUnavailable(f"X: server error ({exc.response.status_code})") from None
            except requests.exceptions.Timeout:
                raise SourceUnavailable("X: timed out") from None
            except ValueError:                       # truncated or invalid JSON
                raise BadPayload("X: response is not valid JSON") from None
            except requests.exceptions.RetryError:
                raise SourceUnavailable("X: server error, retries exhausted") from None
            except requests.exceptions.RequestException as exc:
                raise SourceUnavailable(f"X: cannot connect ({type(exc).__name__})") from None
            except tweepy.HTTPException as exc:
                raise SourceError(f"X: HTTP {exc.response.status_code}") from None
            if not isinstance(page, dict):
                raise BadPayload("X: response is not a JSON object")
            return page
        return None  # pragma: no cover - the loop returns or raises

    def _remember_headers(self, response, *args, **kwargs):
        self.last_headers = {k.lower(): v for k, v in response.headers.items()
                             if k.lower().startswith("x-rate-limit")}
        return response

    def _respect_remaining(self) -> None:
        """Before a call: if the last answer said no requests remain, wait or defer."""
        if self.last_headers.get("x-rate-limit-remaining", "").strip() != "0":
            return
        try:
            reset = _reset_at(int(self.last_headers.get("x-rate-limit-reset", "")))
        except ValueError:
            reset = _reset_at(None)
        if not self._wait_until(reset):
            raise RateLimited(f"X: request quota used up until {reset:%H:%M:%S} UTC", reset)
        self.last_headers = {}

    def _wait_until(self, reset: datetime) -> bool:
        """Sleep until `reset` when that is short; False means defer instead."""
        seconds = (reset - datetime.now(timezone.utc)).total_seconds() + 1
        if seconds > self.max_wait_seconds:
            return False
        if seconds > 0:
            self.sleep(seconds)
        return True


class _StaleCursor(Exception):
    """X refused the saved since_id or next_token (too old)."""


def _reset_at(epoch: int | None) -> datetime:
    if epoch is None:
        return datetime.now(timezone.utc) + timedelta(minutes=15)
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc)


def _first(exc: tweepy.HTTPException) -> str:
    messages = [m for m in (exc.api_messages or []) if m] or [str(exc)]
    return one_line(messages[0], limit=200)


def make_client(bearer_token: str) -> tweepy.Client:
    """tweepy's v2 client: raw JSON pages, no sleeping on 429 (we wait or defer ourselves)."""
    # tweepy logs request headers, bearer token included, at DEBUG: never let it.
    tweepy_log = logging.getLogger("tweepy")
    if tweepy_log.getEffectiveLevel() < logging.INFO or tweepy_log.level < logging.INFO:
        tweepy_log.setLevel(logging.INFO)
    return tweepy.Client(bearer_token=bearer_token, return_type=dict, wait_on_rate_limit=False)


def from_settings(settings, lookups: Lookups | None = None) -> XCollector:
    """The X collector for `[x] queries`; MissingCredentials without X_BEARER_TOKEN.

    The month's reads so far come from `lookups` (none without a store: a dry run).
    """
    client = make_client(secret("x_bearer_token"))
    used = lookups.reads_this_month(NAME) if lookups is not None else 0
    return XCollector(client, settings.x.queries, brand_matcher(settings),
                      budget=settings.x.monthly_read_budget, used=used,
                      include_retweets=settings.x.include_retweets)


def budget_status(reads: int, settings) -> dict[str, float]:
    """This month's X `reads`, the budget and their estimated cost (for the health page)."""
    return {"reads": reads, "budget": settings.x.monthly_read_budget,
            "cost_usd": round(reads * settings.x.cost_per_read_usd, 2),
            "budget_cost_usd": round(settings.x.monthly_read_budget * settings.x.cost_per_read_usd, 2)}
