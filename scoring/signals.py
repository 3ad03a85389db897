"""Refresh the signals the comms team acts on: advocacy classes and spike alerts, in the store."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from scoring.advocacy import classify_arrays
from scoring.spikes import Hour, Spike, fill, negative_spikes, volume_spikes
from store import volume as volume_sql
from store.daily import keep_zone
from store.voice import set_own_accounts
from store import signals as sql

if TYPE_CHECKING:
    from ambassade.settings import ScoringSettings, Settings
    from store.connect import Store
    from store.state import ShortLivedStore


@dataclass
class SignalsSummary:
    """What one refresh computed."""

    computed_at: datetime
    authors: Counter = field(default_factory=Counter)  # class -> count
    employees: Counter = field(default_factory=Counter)
    alerts: list[Spike] = field(default_factory=list)

    def describe(self) -> str:
        """One line for logs and the scheduler."""
        return (
            f"advocacy: authors {dict(self.authors)}, employees {dict(self.employees)}; "
            f"{len(self.alerts)} alert(s)"
        )


def refresh_signals(store: Store | ShortLivedStore, settings: Settings,
                    now: datetime | None = None) -> SignalsSummary:
    """Recompute advocacy classes over the window and detect spikes; writes both tables.

    Each read is its own short transaction and the classes are computed with nothing held;
    the write is one transaction, so readers see the old signals or the new ones, never half.
    Given a `store.state.ShortLivedStore`, the file is closed between them."""
    cfg = settings.scoring
    now = _utc(now or datetime.now(timezone.utc))
    summary = SignalsSummary(computed_at=now)
    since = now - timedelta(days=cfg.window_days)
    # The company's own accounts as configured now: classes and spikes leave them out.
    with store.transaction() as db:
        set_own_accounts(db, settings.brand.own_account_keys())
        keep_zone(db, settings.brand.timezone)     # the daily counts' local days (store/daily.py)
    with store.transaction() as db:
        author_table = sql.author_aggregates(db, since, now, cfg.half_life_days)
    authors = _columns("author", author_table, cfg, now, summary.authors)
    with store.transaction() as db:
        employee_table = sql.employee_aggregates(db, since, now, cfg.half_life_days)
    employees = _columns("employee", employee_table, cfg, now, summary.employees)
    with store.transaction() as db:
        spikes = detect_spikes(db, cfg, now)
        alert_rows = [_alert_row(db, source, spike, now) for source, spike in spikes]
    summary.alerts = [spike for _, spike in spikes]
    with store.transaction() as db:
        sql.replace_advocacy(db, "author", authors)
        sql.replace_advocacy(db, "employee", employees)
        sql.upsert_alerts(db, alert_rows)
    return summary


def _columns(kind: str, table: pa.Table, cfg: ScoringSettings, now: datetime, counts: Counter) -> dict:
    """Advocacy columns for one kind of subject, classified in one vectorised pass."""
    data = {name: table.column(name).to_numpy(zero_copy_only=False) for name in
            ("mentions", "weight", "weighted_sum")}
    classes, confidence, score = classify_arrays(data["mentions"], data["weight"], data["weighted_sum"], cfg)
    follow_up = np.full(len(classes), None, dtype=object)
    if kind == "employee":
        coaching_ok = table.column("coaching_ok").to_numpy(zero_copy_only=False).astype(bool)
        detractor = classes == "detractor"
        # A detractor signal on an employee only ever feeds coaching, and only if they chose it;
        # for the others the negative signal is not kept at all (purpose limitation).
        follow_up[detractor & coaching_ok] = "coaching"
        hidden = detractor & ~coaching_ok
        classes = np.where(hidden, "neutral", classes)
        score = np.where(hidden, 0.0, score)
        confidence = np.where(hidden, 0.0, confidence)
    counts.update(classes.tolist())
    n = table.num_rows
    columns = {
        "subject_kind": [kind] * n, "subject_id": table.column("subject_id"),
        "window_days": [cfg.window_days] * n, "computed_at": [now] * n, "class": classes.tolist(),
        "confidence": confidence, "score": score, "mentions": data["mentions"],
        "reach": table.column("reach"), "weight": np.round(data["weight"], 4),
        "follow_up": follow_up.tolist(),
    }
    if kind == "employee":
        columns["shares"] = table.column("shares")
        columns["clicks"] = table.column("clicks")
    return columns


def detect_spikes(store: Store, cfg: ScoringSettings, now: datetime) -> list[tuple[str, Spike]]:
    """(source, spike) for every source and for 'all', over the last spike_lookback_hours."""
    end = now.replace(minute=0, second=0, microsecond=0)  # the current hour is not complete yet
    check_from = end - timedelta(hours=cfg.spike_lookback_hours)
    base_from = check_from - timedelta(days=cfg.spike_baseline_days)
    series: dict[str, dict[datetime, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for source, hour, count, scored, negative in sql.hourly_counts(store, base_from, end):
        hour = _utc(hour)
        for key in (source, "all"):
            cell = series[key][hour]
            cell[0] += count
            cell[1] += scored
            cell[2] += negative
    found = []
    if len(series) == 2:
        del series["all"]  # a single source: its alerts would be repeated as 'all'
    # X's counted volumes ([x] counts_queries): a series each, volume only (nothing is scored).
    counted: set[str] = set()
    for name, hour, posts in volume_sql.hourly_volumes(store, base_from, end):
        series[name][_utc(hour)][0] += posts
        counted.add(name)
    for source in sorted(series):
        hours = [Hour(t, *cell) for t, cell in series[source].items()]
        # A counted series starts when counting started: hours before it are unknown, not zero.
        since = max(base_from, min(h.start for h in hours)) if source in counted and hours else base_from
        baseline = fill([h for h in hours if h.start < check_from], since, check_from)
        checked = fill([h for h in hours if h.start >= check_from], check_from, end)
        if sum(h.count for h in baseline) == 0:
            continue  # no history yet: nothing to compare with
        negative = [] if source in counted else negative_spikes(baseline, checked, cfg)
        for spike in volume_spikes(baseline, checked, cfg) + negative:
            found.append((source, spike))
    return found


def _alert_row(store: Store, source: str, spike: Spike, now: datetime) -> dict:
    key = f"{spike.kind}|{source}|{spike.starts_at.isoformat()}"
    ids = sql.driving_mentions(store, source, spike.starts_at, spike.ends_at,
                               negative_only=spike.kind == "negative_share")
    return {
        "id": "alert:" + hashlib.sha256(key.encode()).hexdigest()[:16], "kind": spike.kind,
        "source": source, "starts_at": spike.starts_at, "ends_at": spike.ends_at,
        "observed": spike.observed, "expected": spike.expected, "score": spike.score,
        "mention_ids": ids, "created_at": now,
    }


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=timezone.utc) if t.tzinfo is None else t.astimezone(timezone.utc)
