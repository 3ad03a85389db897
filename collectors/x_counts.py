"""X volume counts: posts per hour over the last 7 days for `[x] counts_queries`.

The tweet-counts endpoint (`GET /2/tweets/counts/recent`, tweepy's
`Client.get_recent_tweets_count`) is billed per request, not per post, and never counts
against `[x] monthly_read_budget`: it suits queries too broad to read in full. One request a
query a pass. This module only fetches: `ambassade/volume.py` stores (collectors never open
the database).
"""

from __future__ import annotations

from datetime import datetime

import requests
import tweepy

from ambassade.errors import BadPayload, RateLimited, SourceError, SourceUnavailable
from collectors.base import parsing
from collectors.x import _first, _parse_time, _reset_at

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
