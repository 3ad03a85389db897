"""The collector protocol and `run_collector`, the only place that commits collected rows.

A collector fetches and normalises; it never opens the database. `run_collector` stores each
page's rows and the cursor that is true once they are stored in one transaction, so a run
stopped at any point (crash, kill, SIGTERM) and run again yields the rows of one clean run.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import ClassVar, Protocol, TypeVar

from ambassade.errors import BadPayload, RateLimited, SourceError
from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from store import state
from store.connect import Store
from store.mentions import insert_mentions
from store.enrolment import collects_handles
from store.programme import Content, Programme, Share, insert_shares, load_programme, upsert_content

log = logging.getLogger(__name__)
MESSAGE_LIMIT = 2000                      # characters of a runs row's message
# What reading a field of an unexpected shape raises (a missing key, None where a dict was).
SHAPE_ERRORS = (KeyError, IndexError, TypeError, AttributeError, ValueError, OverflowError)


@dataclass(frozen=True)
class Cursor:
    """Where one (source, query) partition stopped. Opaque to everyone but its collector."""

    source: str
    query: str
    state: dict[str, str]


@dataclass(frozen=True)
class Page:
    """The unit of commit: these rows, and the cursor that is true once they are stored."""

    mentions: list[Mention]
    cursor: Cursor | None                 # None: keep the stored cursor as it is
    content: list[Content] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    reads: int = 0                        # paid reads this page cost (X's budget)
    skipped: int = 0                      # entries dropped (not matching, malformed), counted
    warnings: tuple[str, ...] = ()        # e.g. a bozo feed's exception class


class Collector(Protocol):
    """One source: its partitions (queries, feeds, handles) and their pages.

    This is the whole contract: `run_collector`, the scheduler and `ambassade collect` read
    nothing else from a collector, and every collector defines every member itself (the
    conformance test checks it). A collector never opens the database: what its factory
    needs from it comes through `Lookups`, read by the caller.
    """

    name: ClassVar[str]
    """The source's name: "x", "reddit", "rss", "shares". Cursors and runs are keyed by it."""

    reads_source: ClassVar[str]
    """Whose paid-read budget a page's `reads` count against (shares read X: "x")."""

    paused: str | None
    """Why the source stopped itself (e.g. X's monthly read budget is spent), else None.

    Read after each partition: once set, the run ends with status "paused" and this line.
    """

    notice: str | None
    """One line the command line shows before a run (e.g. Reddit read without an API key)."""

    def partitions(self) -> list[str]:
        """The partitions of one pass, in order: queries, feed URLs, "<network>:<handle>"."""
        ...

    def pages(self, query: str, cursor: Cursor | None) -> Iterator[Page]:
        """The pages of one partition after `cursor` (None: from the start), oldest cursor first.

        Each page is committed with its cursor before the next is asked for. A payload that
        cannot be parsed raises BadPayload (that partition is skipped and counted); any
        other exception is a bug and fails the run.
        """
        ...

    def preview(self, query: str) -> Iterator[list[Mention]]:
        """The mentions of one partition from the start, for `--dry-run`; nothing is stored.

        A paid source reads as little as it can (X: the first page only).
        """
        ...


@contextmanager
def parsing(what: str) -> Iterator[None]:
    """Around the lines that read a payload's fields: a field of the wrong shape is BadPayload.

    Only there: the runner skips a partition on BadPayload alone, so a bug anywhere else
    (a KeyError in our own code) fails the run instead of quietly skipping data.
    """
    try:
        yield
    except SHAPE_ERRORS as exc:
        raise BadPayload(f"{what}: unexpected payload ({type(exc).__name__}: {exc})") from exc


T = TypeVar("T")


def parse_each(items: Iterable[T], parse: Callable[[T], Mention], what: str,
               logger: logging.Logger) -> tuple[list[tuple[T, Mention]], int]:
    """Each item read by `parse` inside `parsing(what)`: the (item, mention) pairs read, and how
    many items were skipped as BadPayload (each logged, so a skip is counted, never silent)."""
    read: list[tuple[T, Mention]] = []
    skipped = 0
    for item in items:
        try:
            with parsing(what):
                read.append((item, parse(item)))
        except BadPayload as exc:
            logger.info("%s: item skipped (%s)", what, exc)
            skipped += 1
    return read, skipped


def every_page(collector: Collector, query: str) -> Iterator[list[Mention]]:
    """A `preview` that reads every page of the partition (for sources whose reads are free)."""
    for page in collector.pages(query, None):
        yield page.mentions


@dataclass(frozen=True)
class Lookups:
    """What a collector's factory may learn from the database, read for it by the caller.

    A collector never opens the database; `lookups(store)` answers these from the caller's
    store, one short transaction each.
    """

    reads_this_month: Callable[[str], int]          # source -> paid reads counted this month
    programme: Callable[[str | None], Programme]    # link host -> the advocacy programme
    is_enrolled: Callable[[str], bool]              # employee id -> enrolled with the shares scope now


def lookups(store: Store | state.ShortLivedStore) -> Lookups:
    """The Lookups of `store` (an open Store or a ShortLivedStore)."""
    def reads(source: str) -> int:
        with store.transaction() as db:
            return state.reads_this_month(db, source)

    def programme(link_host: str | None) -> Programme:
        with store.transaction() as db:
            return load_programme(db, link_host)

    def enrolled(employee_id: str) -> bool:
        # Enrolled *and* with the shares scope: only then may the person's handles be read.
        with store.transaction() as db:
            return collects_handles(db, employee_id)

    return Lookups(reads, programme, enrolled)


@dataclass
class RunStats:
    """What one pass of one collector did."""

    source: str
    items: int = 0                        # new rows stored (mentions, content, shares)
    seen: int = 0                         # rows fetched, new or not
    pages: int = 0
    errors: int = 0
    skipped: int = 0
    reads: int = 0
    status: str = "ok"                    # ok | failed | deferred | stopped | paused
    messages: list[str] = field(default_factory=list)
    retry_at: datetime | None = None      # when a rate-limited source may run again
    failure: str | None = None            # the traceback of the exception that failed the run

    def summary(self) -> str:
        """One line for logs and the runs table."""
        text = (f"{self.source}: {self.items} new of {self.seen} fetched, {self.pages} pages, "
                f"{self.skipped} skipped, {self.errors} errors")
        if self.reads:
            text += f", {self.reads} paid reads"
        if self.messages:
            text += "; " + "; ".join(self.messages[:5])
        return text

    def journal(self) -> str:
        """The runs row's message: the summary, then the failure's traceback, innermost frame
        kept when it must be cut (at most MESSAGE_LIMIT characters)."""
        text = self.summary()
        if not self.failure:
            return text[:MESSAGE_LIMIT]
        text = text[:MESSAGE_LIMIT // 2]
        room = MESSAGE_LIMIT - len(text) - 1
        tail = self.failure if len(self.failure) <= room else "…" + self.failure[-(room - 1):]
        return f"{text}\n{tail}"


def run_collector(collector: Collector, store: Store | state.ShortLivedStore, *,
                  stop: threading.Event | None = None,
                  progress: Callable[[RunStats], None] | None = None,
                  job: str | None = None) -> RunStats:
    """One incremental pass: every partition, every page committed with its cursor.

    A partition the source refuses (SourceError) or answers with a bad payload (BadPayload)
    is logged and counted and the next one runs; a rate limit defers the rest of the source,
    unless it is `partition_only` (one feed's host): then only that partition waits.
    Any other exception is a bug: the run is journalled "failed" with its traceback, and the
    exception propagates (the scheduler backs the source off). `store` is an open Store, or a
    ShortLivedStore that holds the database only while it commits. `stop` is checked between
    pages: the page in hand is either committed whole or not at all.
    """
    stats = RunStats(collector.name)
    run_id = _start(store, job or f"collect:{collector.name}")
    partitions = failed = deferred = 0
    try:
        for query in collector.partitions():
            partitions += 1
            if stop is not None and stop.is_set():
                stats.status = "stopped"
                break
            try:
                _run_partition(collector, store, query, stats, stop, progress)
            except RateLimited as exc:
                if exc.partition_only:
                    # One feed's host asked us to wait: that feed waits, the others run.
                    deferred += 1
                    stats.messages.append(_mentioning(exc, query))
                    if exc.reset_at and (stats.retry_at is None or exc.reset_at < stats.retry_at):
                        stats.retry_at = exc.reset_at
                    log.info("%s %s: %s", collector.name, query, exc)
                    continue
                stats.status, stats.retry_at = "deferred", exc.reset_at
                stats.messages.append(f"{query}: {exc}")
                break
            except BadPayload as exc:
                # A payload we cannot read: this partition is skipped, the rest run.
                failed += 1
                stats.errors += 1
                stats.messages.append(f"{query}: skipped ({exc})")
                log.warning("%s %s: partition skipped: %s", collector.name, query, exc)
            except SourceError as exc:
                failed += 1
                stats.errors += 1
                stats.messages.append(_mentioning(exc, query))
                log.info("%s %s: %s", collector.name, query, exc)
            if collector.paused and stats.status == "ok":
                stats.status = "paused"
                stats.messages.append(str(collector.paused))
            if stats.status == "paused":
                break
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            stats.status = "stopped"
            stats.messages.append(f"{type(exc).__name__}: {exc}")
        else:
            stats.status = "failed"
            stats.messages.append(f"{type(exc).__name__}: {exc} (at {_innermost(exc)})")
            stats.failure = "".join(traceback.format_exception(exc)).strip()
            log.exception("%s: run failed", collector.name)
        _finish(store, run_id, stats)
        raise
    if stats.status == "ok" and stop is not None and stop.is_set():
        stats.status = "stopped"                  # a fetch in flight gave up for the stop
    elif stats.status == "ok" and deferred and deferred == partitions:
        stats.status = "deferred"                 # every partition waits: the source waits
    elif stats.status == "ok" and failed and failed + deferred == partitions:
        stats.status = "failed"                   # every partition failed: back off
    _finish(store, run_id, stats)
    return stats


def _run_partition(collector: Collector, store: Store, query: str, stats: RunStats,
                   stop: threading.Event | None,
                   progress: Callable[[RunStats], None] | None) -> None:
    with store.transaction() as db:
        stored = state.load_cursor(db, collector.name, query)
    cursor = Cursor(collector.name, query, stored) if stored is not None else None
    for page in collector.pages(query, cursor):
        with store.transaction() as db:           # rows + cursor: one transaction
            added = insert_mentions(db, page.mentions)
            added += upsert_content(db, page.content)
            added += insert_shares(db, page.shares)
            if page.reads:
                # Paid reads count against their network's budget (shares read X too).
                state.add_reads(db, collector.reads_source, page.reads)
            if page.cursor is not None:
                state.save_cursor(db, page.cursor.source, page.cursor.query, page.cursor.state)
        stats.pages += 1
        stats.items += added
        stats.seen += len(page.mentions) + len(page.content)
        stats.skipped += page.skipped
        stats.reads += page.reads
        for warning in page.warnings:
            stats.errors += 1
            stats.messages.append(f"{query}: {warning}")
        if progress is not None:
            progress(stats)
        if stop is not None and stop.is_set():
            stats.status = "stopped"
            return


def _mentioning(exc: Exception, query: str) -> str:
    text = str(exc)
    return text if query in text else f"{query}: {text}"


def _innermost(exc: BaseException) -> str:
    """"file:line" of the frame that raised `exc`."""
    frames = traceback.extract_tb(exc.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"


def _start(store: Store, job: str) -> int:
    with store.transaction() as db:
        return state.start_run(db, job)


def _finish(store: Store, run_id: int, stats: RunStats) -> None:
    try:
        with store.transaction() as db:
            state.finish_run(db, run_id, stats.status, items=stats.items, errors=stats.errors,
                             skipped=stats.skipped, message=stats.journal())
    except Exception:  # the journal must never hide the run's own outcome
        log.exception("could not record the end of run %s", run_id)


def utcnow() -> datetime:
    """Aware now in UTC (one place, so tests can reason about it)."""
    return datetime.now(timezone.utc)


def brand_matcher(settings) -> TermMatcher:
    """The matcher for `[brand] terms` and `exclude`, and the `[brand] competitors`."""
    return TermMatcher(settings.brand.terms, settings.brand.exclude,
                       {c.name: c.terms for c in settings.brand.competitors})
