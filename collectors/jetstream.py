"""Jetstream: Bluesky's public firehose as JSON over WebSocket, no account needed.

A run listens for at most `[jetstream] max_seconds` (or `max_events`) and then ends, so
`collect` ends too; the next run resumes from the stored time cursor (`time_us`,
microseconds). Posts are kept when they name a watched term (`watch_matcher`: the brand's
terms, and competitors' once the settings have them); every other event is counted as
skipped, never stored. A dropped WebSocket reconnects from the cursor, a few seconds back as
Jetstream's documentation advises for gapless playback: the replayed posts are stored once
by their primary key.

Events of the real shape are documented in Jetstream's README (github.com/bluesky-social/jetstream):
`{"did", "time_us", "kind": "commit", "commit": {"operation", "collection", "rkey", "record"}}`,
plus `identity` (a DID's handle), `account` and `heartbeat` events.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from typing import Any, ClassVar
from urllib.parse import urlencode, urlsplit, urlunsplit

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI
from websockets.sync.client import connect

from ambassade.errors import RateLimited, SourceError, SourceUnavailable
from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from collectors.base import Cursor, Lookups, Page, parsing
from collectors.bluesky_posts import POST, mention_from_post
from collectors.http import USER_AGENT, retry_after
from collectors.shares import consented_shares

log = logging.getLogger(__name__)
NAME = "jetstream"
PARTITION = "posts"
REWIND_US = 3_000_000            # reconnect this far back: Jetstream's advice for gapless playback
MAX_MESSAGE = 1_000_000          # bytes; Jetstream's largest posts are far smaller
PAGE_EVENTS = 5_000              # events per committed page (the cursor moves with each)
PAGE_SECONDS = 10.0              # …or this often, whichever comes first
RECONNECTS = 5                   # in a row without an event, then the run gives up


def watch_terms(settings) -> list[str]:
    """The terms a firehose post must name: the brand's, then any competitors' terms.

    `[brand] competitors` is being added elsewhere: names, lists of terms, or tables with
    `terms` are all taken, so this needs no change when it lands.
    """
    terms = list(settings.brand.terms)
    competitors = getattr(settings.brand, "competitors", None) or []
    items: Iterable[Any] = competitors.values() if isinstance(competitors, dict) else competitors
    for item in items:
        if isinstance(item, str):
            terms.append(item)
        elif isinstance(item, (list, tuple)):
            terms += [t for t in item if isinstance(t, str)]
        else:
            found = getattr(item, "terms", None) or (item.get("terms") if isinstance(item, dict) else None)
            name = getattr(item, "name", None) or (item.get("name") if isinstance(item, dict) else None)
            terms += [t for t in (found or [name]) if isinstance(t, str)]
    return list(dict.fromkeys(t for t in terms if t.strip()))


def watch_matcher(settings) -> TermMatcher:
    """One matcher for everything listened to on the firehose (see `watch_terms`)."""
    return TermMatcher(watch_terms(settings), settings.brand.exclude)


def stream_url(base: str, cursor_us: int | None) -> str:
    """The subscribe URL: posts only, from `cursor_us` when given (else live)."""
    parts = urlsplit(base)
    params = [("wantedCollections", POST)]
    if cursor_us is not None:
        params.append(("cursor", str(max(0, cursor_us))))
    query = "&".join(filter(None, [parts.query, urlencode(params)]))
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/subscribe", query, ""))


class JetstreamCollector:
    """One partition ("posts"): the firehose for a bounded time, committed every few seconds."""

    name: ClassVar[str] = NAME
    reads_source: ClassVar[str] = NAME
    paused: str | None = None
    notice: str | None = None

    def __init__(self, url: str, matcher: TermMatcher, *, enabled: bool = True,
                 max_seconds: float = 120.0, max_events: int = 1_000_000,
                 page_events: int = PAGE_EVENTS, page_seconds: float = PAGE_SECONDS,
                 open_timeout: float = 10.0, programme=None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] | None = None) -> None:
        self.url = url
        self.matcher = matcher
        self.enabled = enabled
        self.max_seconds, self.max_events = max_seconds, max_events
        self.page_events, self.page_seconds = page_events, page_seconds
        self.open_timeout = open_timeout
        self.programme = programme
        self.clock = clock
        self.sleep = sleep or (lambda seconds: time.sleep(seconds))
        self.handles: dict[str, str] = {}           # DID -> handle, from identity events

    def partitions(self) -> list[str]:
        return [PARTITION] if self.enabled else []

    def preview(self, query: str) -> Iterator[list[Mention]]:
        """Listen from now (or the configured window) and print what matched; nothing stored."""
        for page in self.pages(query, None):
            yield page.mentions

    def pages(self, query: str, cursor: Cursor | None) -> Iterator[Page]:
        stored = (cursor.state or {}).get("time_us") if cursor else None
        last = int(stored) if stored and str(stored).isdigit() else None
        deadline = self.clock() + self.max_seconds
        events = failures = 0
        page = _Batch(self.clock())
        resume_from = last
        while self.clock() < deadline and events < self.max_events:
            try:
                socket = self._open(stream_url(self.url, resume_from))
            except SourceUnavailable:
                failures += 1
                if failures > RECONNECTS:
                    raise
                self.sleep(min(2 ** failures, 30))
                continue
            with socket:
                while events < self.max_events:
                    remaining = deadline - self.clock()
                    if remaining <= 0:
                        break
                    try:
                        message = socket.recv(timeout=min(remaining, 1.0))
                    except TimeoutError:
                        message = None
                    except ConnectionClosed as exc:
                        failures += 1
                        log.info("jetstream: connection dropped (%s), reconnecting from %s",
                                 type(exc).__name__, last)
                        if failures > RECONNECTS:
                            raise SourceUnavailable(f"Jetstream: connection dropped {failures} times "
                                                    "in a row") from None
                        self.sleep(min(2 ** failures, 30))
                        break
                    if message is not None:
                        events += 1
                        page.events += 1
                        failures = 0
                        time_us = self._take(message, page)
                        if time_us is not None and (last is None or time_us > last):
                            last = time_us
                    if page.full(self.clock(), self.page_events, self.page_seconds) and last is not None:
                        yield page.close(last, self.programme)
                        page = _Batch(self.clock())
            resume_from = last - REWIND_US if last is not None else None
        if last is not None or page.mentions or page.skipped:
            yield page.close(last, self.programme)

    def _open(self, url: str):
        try:
            return connect(url, open_timeout=self.open_timeout, close_timeout=2, max_size=MAX_MESSAGE,
                           compression=None, proxy=None, user_agent_header=USER_AGENT)
        except InvalidStatus as exc:
            code = exc.response.status_code
            if code == 429:
                reset = retry_after(exc.response.headers)
                raise RateLimited(f"Jetstream: rate limited (429) until {reset:%H:%M:%S} UTC", reset) from None
            if code >= 500:
                raise SourceUnavailable(f"Jetstream: server error ({code})") from None
            raise SourceError(f"Jetstream: connection refused (HTTP {code})") from None
        except InvalidURI:
            raise SourceError(f"Jetstream: not a WebSocket URL: {url[:200]}") from None
        except (OSError, TimeoutError, InvalidHandshake) as exc:
            raise SourceUnavailable(f"Jetstream: cannot connect ({type(exc).__name__})") from None

    def _take(self, message: str | bytes, page: _Batch) -> int | None:
        """Read one event into `page`; its time_us, or None for one we cannot read."""
        try:
            event = json.loads(message)
        except ValueError:
            page.skipped += 1                       # counted, never stored
            return None
        if not isinstance(event, dict):
            page.skipped += 1
            return None
        time_us = event.get("time_us")
        if not isinstance(time_us, int) or isinstance(time_us, bool) or time_us <= 0:
            if event.get("kind") != "heartbeat":
                page.skipped += 1
            return None
        kind = event.get("kind")
        if kind == "identity":
            identity = event.get("identity") or {}
            if isinstance(identity, dict) and isinstance(identity.get("handle"), str):
                self.handles[str(event.get("did"))] = identity["handle"].lower()
            return time_us
        commit = event.get("commit")
        if (kind != "commit" or not isinstance(commit, dict) or commit.get("collection") != POST
                or commit.get("operation") not in ("create", "update")):
            return time_us                           # account events, deletes: nothing to keep
        try:
            with parsing("Jetstream"):
                did = str(event["did"])
                indexed = datetime.fromtimestamp(time_us / 1_000_000, tz=timezone.utc)
                mention = mention_from_post(did, str(commit["rkey"]), commit["record"], indexed,
                                            self.matcher, self.handles.get(did),
                                            raw={"did": did, "time_us": time_us, "commit": commit})
        except SourceError as exc:
            log.info("jetstream: event skipped (%s)", exc)
            page.skipped += 1
            return time_us
        if mention.matched:
            page.mentions[mention.id] = mention
        else:
            page.skipped += 1
        return time_us


class _Batch:
    """The events of one page: kept posts (by id: a replay stores one) and the skipped count."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.mentions: dict[str, Mention] = {}
        self.skipped = 0
        self.events = 0

    def full(self, now: float, events: int, seconds: float) -> bool:
        return self.events >= events or (self.events > 0 and now - self.started >= seconds)

    def close(self, last: int | None, programme) -> Page:
        mentions = list(self.mentions.values())
        cursor = Cursor(NAME, PARTITION, {"time_us": str(last)}) if last is not None else None
        return Page(mentions, cursor, shares=consented_shares(mentions, programme),
                    skipped=self.skipped)


def from_settings(settings, lookups: Lookups | None = None) -> JetstreamCollector:
    """The firehose collector for `[jetstream]` (off unless `enabled = true`; no account)."""
    section = settings.jetstream
    programme = None
    if lookups is not None and section.enabled:
        from collectors.employees import link_host_of  # noqa: PLC0415

        programme = lookups.programme(link_host_of(settings))
    return JetstreamCollector(section.url, watch_matcher(settings), enabled=section.enabled,
                              max_seconds=section.max_seconds, max_events=section.max_events,
                              programme=programme)
