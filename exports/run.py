"""One weekly export: build, write, and (when asked) deliver; the command and the scheduler share it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from exports.delivery import DeliveryReport, deliver
from exports.options import WeeklyOptions
from exports.weekly import WeeklyExport, build_weekly, write_weekly
from exports.weeks import Week, last_complete_week
from store import state
from store.connect import Store
from store.deliveries import has_failures


@dataclass
class WeeklyRun:
    export: WeeklyExport
    written: list[Path]
    delivery: DeliveryReport | None


def run_weekly(store: Store, options: WeeklyOptions, week: Week, out: Path, teams: list[str] | None = None,
               send: bool = False) -> WeeklyRun:
    """Write the week's files (and send them to the configured managers), journalled in `runs`."""
    job = f"export:weekly:{week.label}"
    with store.transaction() as db:
        run_id = state.start_run(db, job)
    status, message = "failed", None
    try:
        export = build_weekly(store, options, week, teams)
        written = write_weekly(export, out)
        report = deliver(store, options, export) if send else None
        status = "failed" if report and report.failed else "ok"
        message = f"{len(written)} files" + (f"; delivery: {report.describe()}" if report else "")
        return WeeklyRun(export, written, report)
    except Exception as exc:
        message = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        with store.transaction() as db:
            state.finish_run(db, run_id, status, items=0, message=(message or "")[:2000])


def due_week(store: Store, options: WeeklyOptions, now: datetime) -> Week | None:
    """The week the scheduler should export now: the last complete one, from its send time
    (`[exports] send_weekday` and `send_hour`, local time) until it succeeded with every
    delivery made; None otherwise."""
    week = last_complete_week(now, options.timezone)
    if now < week.following().at(options.exports.send_weekday, options.exports.send_hour):
        return None                 # the files go out at the send time, never earlier
    with store.transaction() as db:
        done = state.has_succeeded(db, f"export:weekly:{week.label}") and not has_failures(db, week.label)
    return None if done else week


def weekly_job(store: Store, options: WeeklyOptions, now: datetime | None = None) -> WeeklyRun | None:
    """The scheduler's hourly check: export and deliver the due week, if any."""
    week = due_week(store, options, now or datetime.now(timezone.utc))
    if week is None:
        return None
    return run_weekly(store, options, week, options.out, send=True)
