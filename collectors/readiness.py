"""Whether each built-in source can run with the settings and environment in force, and why not.

The health page shows this: "on", or "off" with a reason a comms person can act on (a missing
secret is named by its environment variable, never shown). It reads the environment's keys,
never prints their values.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ambassade.settings import SECRETS

if TYPE_CHECKING:
    from ambassade.settings import Settings


@dataclass(frozen=True)
class Readiness:
    """One source: on or off, why (a code the dashboard words), and the secrets it lacks."""

    source: str
    on: bool
    why: str                              # ready | public_rss | missing_secret | no_queries | no_feeds | not_scheduled
    missing: tuple[str, ...] = ()         # environment variable names, never values
    queries: tuple[str, ...] = ()         # what it listens to: queries or feed URLs


def _set(environ: Mapping[str, str], *names: str) -> bool:
    return any(environ.get(name, "").strip() for name in names)


def source_readiness(settings: Settings, environ: Mapping[str, str] | None = None) -> list[Readiness]:
    """rss, reddit and x in that order, each with its state under `settings` and `environ`."""
    env = os.environ if environ is None else environ
    scheduled = set(settings.schedule.sources)       # empty: every built-in source

    def gate(source: str, found: Readiness) -> Readiness:
        if scheduled and source not in scheduled:
            return Readiness(source, False, "not_scheduled", found.missing, found.queries)
        return found

    rss = settings.rss
    feeds = tuple(rss.feeds)
    out = [gate("rss", Readiness("rss", bool(feeds), "ready" if feeds else "no_feeds", (), feeds))]

    reddit = settings.reddit
    queries = tuple(reddit.queries)
    keyed = (_set(env, SECRETS["reddit_client_id"], "praw_client_id")
             and _set(env, SECRETS["reddit_client_secret"], "praw_client_secret"))
    if not queries:
        state = Readiness("reddit", False, "no_queries")
    elif keyed:
        state = Readiness("reddit", True, "ready", (), queries)
    elif reddit.rss_fallback:
        state = Readiness("reddit", True, "public_rss", (), queries)
    else:
        missing = tuple(name for name in (SECRETS["reddit_client_id"], SECRETS["reddit_client_secret"])
                        if not env.get(name, "").strip())
        state = Readiness("reddit", False, "missing_secret", missing, queries)
    out.append(gate("reddit", state))

    x_queries = tuple(settings.x.queries)
    if not x_queries:
        state = Readiness("x", False, "no_queries")
    elif _set(env, SECRETS["x_bearer_token"]):
        state = Readiness("x", True, "ready", (), x_queries)
    else:
        state = Readiness("x", False, "missing_secret", (SECRETS["x_bearer_token"],), x_queries)
    out.append(gate("x", state))
    return out
