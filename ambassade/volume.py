"""X volume counts, stored: one pass over `[x] counts_queries` (the scheduler's "x-counts" job).

The application layer: `collectors.x_counts` fetches, the store keeps (`store.volume`); the
latest count of an hour wins (the current hour still grows).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import tweepy

from ambassade.errors import RateLimited, SourceError
from ambassade.settings import secret
from collectors.x import make_client
from collectors.x_counts import SOURCE, fetch_counts
from store.connect import Store
from store.volume import save_counts

log = logging.getLogger(__name__)


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
