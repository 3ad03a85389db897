"""X volume counts: posts per hour over the last 7 days for `[x] counts_queries`.

The tweet-counts endpoint (`GET /2/tweets/counts/recent`, tweepy's
`Client.get_recent_tweets_count`) is billed per request, not per post, and never counts
against `[x] monthly_read_budget`: it suits queries too broad to read in full. One request a
query a pass; the latest count of an hour wins in the store (the current hour still grows).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

import requests
import tweepy

from ambassade.errors import BadPayload, RateLimited, SourceError, SourceUnavailable
from ambassade.settings import secret
from collectors.base import parsing
from collectors.x import _first, _parse_time, _reset_at, make_client
from store.connect import Store
from store.volume import save_counts

log = logging.getLogger(__name__)
SOURCE = "x"


def fetch_counts(client: tweepy.Client, query: str) -> list[tuple[datetime, int]]:
    """(hour start, posts) of `query` over the last 7 days, oldest first; a refused query is a
    SourceError, a rate limit RateLimited, a payload of the wrong shape BadPayload."""
    try:
        page = client.get_recent_tweets_count(query, granularity="hour")
    except tweepy.TooManyRequests as exc:
        reset = _reset_at(exc.reset_time)
        raise RateLimited(f"X counts: rate limited until {reset:%H:%M:%S} UTC", reset) from None
    except (tweepy.Unauthorized, tweepy.Forbidden) as exc:
        raise SourceError(f"X counts: access refused ({exc.response.status_code}); the tweet-counts "
                          "endpoint needs a Basic or higher access level") from None
    except tweepy.BadRequest as exc:
        raise SourceError(f"X counts: query {query!r} refused: {_first(exc)}") from None
    except tweepy.TwitterServerError as exc:
        raise SourceUnavailable(f"X counts: server error ({exc.response.status_code})") from None
    except requests.exceptions.Timeout:
        raise SourceUnavailable("X counts: timed out") from None
    except ValueError:
        raise BadPayload("X counts: response is not valid JSON") from None
    except requests.exceptions.RequestException as exc:
        raise SourceUnavailable(f"X counts: cannot connect ({type(exc).__name__})") from None
    except tweepy.HTTPException as exc:
        raise SourceError(f"X counts: HTTP {exc.response.status_code}") from None
    if not isinstance(page, dict):
        raise BadPayload("X counts: response is not a JSON object")
    with parsing("X counts"):
        hours = [(_parse_time(bucket["start"]), int(bucket["tweet_count"])) for bucket in page.get("data") or []]
        if any(n < 0 for _, n in hours):
            raise ValueError("negative tweet_count")
    return sorted(hours)


@dataclass
class CountsRun:
    """What one pass stored: hours per query, and the queries that failed and why."""

    stored: dict[str, int] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def collect_counts(store: Store, client: tweepy.Client, queries: list[str]) -> CountsRun:
    """One pass: each query's counts in their own transaction. A refused query or a bad payload
    is logged, counted and skipped; a rate limit stops the pass (the next one retries)."""
    run = CountsRun()
    for query in queries:
        try:
            hours = fetch_counts(client, query)
        except RateLimited as exc:
            run.failed[query] = str(exc)
            break
        except SourceError as exc:      # BadPayload and SourceUnavailable included
            run.failed[query] = str(exc)
            log.warning("%s", exc)
            continue
        with store.transaction() as db:
            run.stored[query] = save_counts(db, SOURCE, query, hours)
    return run


def counts_job(store: Store, settings) -> CountsRun | None:
    """The scheduler's job: nothing without `[x] counts_queries` or X_BEARER_TOKEN."""
    if not settings.x.counts_queries:
        return None
    client = make_client(secret("x_bearer_token"))
    return collect_counts(store, client, settings.x.counts_queries)
