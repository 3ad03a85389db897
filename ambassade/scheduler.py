"""`ambassade schedule`: collectors on their intervals, with jitter, backoff and a graceful stop.

Orchestration, not a source: it runs the collectors, then scoring, retention and any job
registered in `EXTRA_JOBS` (exports, alert pushes…), so it lives in the application layer.

Built on the `schedule` library, with what it lacks (ECOSYSTEM.md): each run goes to a worker
thread so the loop keeps ticking; a per-source lock means no two runs of one source at once;
every failure is caught, journalled in `runs` and backed off exponentially (the backoff is
kept in the database, so a restart does not hammer a failing source); a stop request (SIGINT,
SIGTERM) lets each run finish or roll back the page in hand, then the loop ends.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import schedule

from ambassade.errors import AmbassadeError, MissingCredentials, SourceError
from collectors.base import Collector, RunStats, run_collector
from store import state
from store.connect import Store, is_database_url, open_when_free

log = logging.getLogger(__name__)

# Other periodic jobs (the weekly export…) register here: name -> (minutes, fn(store, settings)).
EXTRA_JOBS: dict[str, tuple[int, Callable[[Store, object], object]]] = {}


def purge_job(store: Store, settings) -> None:
    """Apply the retention limit once a day (personal records are never kept forever)."""
    from store.retention import purge_expired  # noqa: PLC0415

    with store.transaction() as db:
        gone = purge_expired(db, settings.privacy.retention_days, datetime.now(timezone.utc))
    if gone.get("employees") and isinstance(store, state.ShortLivedStore):
        # Someone was erased: rewrite the file so its freed blocks keep nothing of them.
        from store.rewrite import rewrite_file  # noqa: PLC0415

        with store.held() as opened:
            rewrite_file(opened)


def export_job(store: Store, settings) -> None:
    """Once the week's send time has come, write and deliver the managers' weekly files."""
    from exports.options import WeeklyOptions  # noqa: PLC0415
    from exports.run import weekly_job  # noqa: PLC0415

    weekly_job(store, WeeklyOptions.from_settings(settings))


def score_job(store: Store, settings) -> None:
    """Score the mentions collected since the last pass, then refresh the signals."""
    from collectors.base import brand_matcher  # noqa: PLC0415
    from scoring.batch import score_store  # noqa: PLC0415
    from scoring.signals import refresh_signals  # noqa: PLC0415

    from store.passes import catch_up  # noqa: PLC0415

    score_store(store, brand_matcher(settings), settings.brand.languages)
    catch_up(store)    # the word index and the authors' numbers catch up (short transactions)
    # Always: spikes are judged against the clock and recency weights decay with time,
    # so the signals change even when nothing new was collected.
    refresh_signals(store, settings)


def x_counts_job(store: Store, settings) -> None:
    """X's hourly volumes of `[x] counts_queries` (billed per request, not per post)."""
    from ambassade.volume import counts_job  # noqa: PLC0415

    done = counts_job(store, settings)
    if done is not None and done.failed:
        raise SourceError("; ".join(f"{q}: {why}" for q, why in done.failed.items())[:500])


def links_ingest_job(store: Store, settings) -> None:
    """Ingest the redirector's click spool (idempotent on click id: a re-run adds nothing)."""
    from links.ingest import ingest_job  # noqa: PLC0415

    ingest_job(store, settings)


def digest_job(store: Store, settings) -> None:
    """Once this week's [digest] send time has come, send the employees' digest (when enabled)."""
    from programme.digest import digest_job as send_due  # noqa: PLC0415

    send_due(store, settings)


def alerts_job(store: Store, settings) -> None:
    """Merge the stored alerts into incidents (after scoring refreshed them), then push what is
    new to the crisis desk's webhook and e-mail ([alerts]); a failed push is retried next pass."""
    from alerts.incidents import refresh_incidents  # noqa: PLC0415
    from alerts.push import push  # noqa: PLC0415

    refreshed = refresh_incidents(store, settings)
    report = push(store, settings)
    log.info("%s; %s", refreshed.describe(), report.describe())
    if report.failed or report.abandoned:
        raise AlertsPushFailed(report.describe() + ": " + "; ".join((report.failed + report.abandoned)[:3]))


class AlertsPushFailed(Exception):
    """Some pushes failed (journalled; the next passes retry them)."""


# Jobs that take the scheduler's short-lived store (one open file per transaction): scoring
# and retention are long, and the alerts job waits on webhooks and SMTP between its commits.
SHORT_TRANSACTION_JOBS = frozenset({score_job, purge_job, alerts_job})


@dataclass
class SourceState:
    """What the scheduler knows of one source between runs."""

    name: str
    interval_minutes: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    failures: int = 0
    not_before: datetime | None = None
    last: RunStats | None = None
    skipped_reason: str | None = None


def backoff_delay(failures: int, interval_minutes: int, max_minutes: int) -> timedelta:
    """Exponential backoff: one interval after the 1st failure, doubling, capped."""
    if failures <= 0:
        return timedelta(0)
    return timedelta(minutes=min(interval_minutes * 2 ** (failures - 1), max_minutes))


class Scheduler:
    """Runs collectors forever on their intervals; `stop()` ends it gracefully."""

    def __init__(self, settings, db_path: str | Path, sources: list[str], *,
                 build: Callable[[str, object, Store], Collector] | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                 report: Callable[[str], None] | None = None) -> None:
        import collectors

        self.settings = settings
        self.db_path = db_path if is_database_url(db_path) else Path(db_path)   # a URL stays a URL
        self.build = build or collectors.build
        self.clock = clock
        self.report = report or log.warning
        self.jitter = settings.schedule.jitter
        self.max_backoff = settings.schedule.max_backoff_minutes
        self.sched = schedule.Scheduler()
        self.stop_event = threading.Event()
        # The file is opened per page and closed after its commit, so the dashboard can
        # read while collectors wait on the network.
        self.store = state.ShortLivedStore(self.db_path)
        self.threads: list[threading.Thread] = []
        self.sources = {name: SourceState(name, _interval(settings, name)) for name in sources}

    def setup(self) -> None:
        """Register one job per source (interval with jitter), then any extra jobs."""
        with self.store.transaction() as db:
            for source in self.sources.values():
                source.failures, source.not_before = state.load_backoff(db, source.name)
        for source in self.sources.values():
            low = max(1, int(source.interval_minutes * 60 * (1 - self.jitter)))
            high = max(low, int(source.interval_minutes * 60 * (1 + self.jitter)))
            self.sched.every(low).to(high).seconds.do(self.launch, source.name).tag(source.name)
        jobs = dict(EXTRA_JOBS)
        if self.settings.schedule.score_minutes:
            jobs.setdefault("score", (self.settings.schedule.score_minutes, score_job))
        jobs.setdefault("purge", (24 * 60, purge_job))
        jobs.setdefault("export", (60, export_job))
        jobs.setdefault("links-ingest", (self.settings.links.ingest_minutes, links_ingest_job))
        if self.settings.digest.enabled:
            jobs.setdefault("digest", (60, digest_job))
        if self.settings.x.counts_queries:
            jobs.setdefault("x-counts", (self.settings.x.counts_interval_minutes, x_counts_job))
        jobs.setdefault("alerts", (self.settings.alerts.push_minutes, alerts_job))
        self.jobs = jobs
        for name, (minutes, job) in jobs.items():
            self.sched.every(minutes).minutes.do(self._extra, name, job).tag(name)

    def run_jobs_once(self, names: list[str]) -> None:
        """Run the named periodic jobs now, in that order (`schedule --once`: score, then alerts)."""
        for name in names:
            if name in getattr(self, "jobs", {}):
                self._extra(name, self.jobs[name][1])

    def run_all_now(self) -> None:
        """Start every source once (the first pass when the scheduler starts)."""
        for name in self.sources:
            self.launch(name)

    def launch(self, name: str) -> bool:
        """Start one run of `name` in a worker thread, unless it runs already or must wait."""
        source = self.sources[name]
        if self.stop_event.is_set():
            return False
        if source.not_before is not None and self.clock() < source.not_before:
            log.info("%s: waiting until %s (backoff or rate limit)", name, source.not_before)
            return False
        if not source.lock.acquire(blocking=False):
            log.info("%s: previous run still going, this one skipped", name)
            return False
        thread = threading.Thread(target=self._run, args=(source,), name=f"collect-{name}",
                                  daemon=True)
        self.threads = [t for t in self.threads if t.is_alive()] + [thread]
        thread.start()
        return True

    def _run(self, source: SourceState) -> None:
        try:
            stats = self._collect(source)
            if stats is not None:
                self._after(source, stats)
        except Exception as exc:  # one failing source never stops the others
            log.exception("%s: run failed", source.name)
            self._after(source, RunStats(source.name, status="failed", errors=1,
                                         messages=[f"{type(exc).__name__}: {exc}"]))
        finally:
            source.lock.release()

    def _collect(self, source: SourceState) -> RunStats | None:
        try:
            collector = self.build(source.name, self.settings, self.store)
        except MissingCredentials as exc:
            if source.skipped_reason is None:      # said once, journalled once
                self.report(f"ambassade: {source.name}: skipped: {exc}")
                with self.store.transaction() as db:
                    state.record_skip(db, f"collect:{source.name}", str(exc))
            source.skipped_reason = str(exc)
            return None
        return run_collector(collector, self.store, stop=self.stop_event,
                             progress=self._progress)

    def _after(self, source: SourceState, stats: RunStats) -> None:
        source.last = stats
        now = self.clock()
        if stats.status == "failed":
            source.failures += 1
            source.not_before = now + backoff_delay(source.failures, source.interval_minutes,
                                                    self.max_backoff)
        elif stats.status == "deferred":
            source.not_before = stats.retry_at or now + timedelta(minutes=source.interval_minutes)
        elif stats.status in ("ok", "paused"):
            source.failures, source.not_before = 0, None
        self.report(f"ambassade: {stats.status}: {stats.summary()}")
        try:
            with self.store.transaction() as db:
                state.save_backoff(db, source.name, source.failures, source.not_before)
        except AmbassadeError as exc:
            log.warning("%s: could not save backoff: %s", source.name, exc)

    def _extra(self, name: str, job: Callable[[Store, object], object]) -> None:
        """One periodic job in the loop's thread, journalled; its failure is logged, not fatal.

        Scoring, retention and alerts get the short-lived store: the file is opened for each of their
        transactions and closed in between, so a long pass never locks the dashboard out.
        The other jobs (short, weekly or daily) get the file opened for the job, waiting for
        a reader's lock as every writer does."""
        try:
            if job in SHORT_TRANSACTION_JOBS:
                self._journalled(name, job, self.store)
            else:
                with open_when_free(self.db_path, retry_seconds=self.store.retry_seconds) as store:
                    self._journalled(name, job, store)
        except AmbassadeError as exc:   # e.g. still locked after the retry: try at the next tick
            log.warning("%s: not run: %s", name, exc)

    def _journalled(self, name: str, job: Callable[[Store, object], object], store) -> None:
        run_id = _journal_start(store, name)
        try:
            job(store, self.settings)
        except Exception as exc:
            log.exception("%s failed", name)
            _journal_finish(store, run_id, "failed", f"{type(exc).__name__}: {exc}")
        else:
            _journal_finish(store, run_id, "ok")

    def _progress(self, stats: RunStats) -> None:
        if stats.pages % 10 == 0:
            self.report(f"ambassade: {stats.source}: {stats.pages} pages, {stats.items} new")

    def run_forever(self, tick: float = 1.0) -> None:
        """Loop until stop(): run due jobs, sleep until the next one (at most `tick`)."""
        self.setup()
        self.run_all_now()
        while not self.stop_event.is_set():
            self.sched.run_pending()
            idle = self.sched.idle_seconds
            self.stop_event.wait(min(tick, max(0.05, idle if idle is not None else tick)))
        self.join()

    def stop(self) -> None:
        """Ask every run to finish or roll back its page in hand, and the loop to end."""
        self.stop_event.set()

    def join(self, timeout: float = 120.0) -> None:
        """Wait for the runs in progress."""
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))


def _interval(settings, name: str) -> int:
    section = getattr(settings, name, None)
    return int(getattr(section, "interval_minutes", 30))


def _journal_start(store: Store, job: str) -> int:
    with store.transaction() as db:
        return state.start_run(db, job)


def _journal_finish(store: Store, run_id: int, status: str, message: str | None = None) -> None:
    with store.transaction() as db:
        state.finish_run(db, run_id, status, errors=int(status == "failed"), message=message)
