"""Incidents from the stored alerts: merged, explained, stored; recomputed idempotently.

`refresh_incidents` runs after the signals (the scheduler's alerts job): it merges every stored
alert (alerts.merge), explains each group from its mentions (alerts.drivers) and makes the
`incidents` table exactly that. An incident whose alerts did not change and that is over keeps
its stored explanation (nothing to recompute every five minutes).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from alerts.drivers import over_represented, representative, terms_of
from alerts.merge import Group, merge_alerts, severity
from ambassade.settings import Settings
from store import incidents as sql
from store.connect import Store

MENTION_IDS = 200          # mention ids kept per incident, widest reach first
TEXTS = 2_000              # mentions read to find the drivers of one incident
BASELINE_SAMPLE = 3_000    # baseline mentions sampled to compare with
SUMMARY = 3
FIRST = 3
AUTHORS = 5


@dataclass
class RefreshReport:
    incidents: int = 0
    new: int = 0
    updated: int = 0
    deleted: int = 0
    explained: int = 0     # incidents whose drivers were (re)computed this pass

    def describe(self) -> str:
        return (f"incidents: {self.incidents} ({self.new} new, {self.deleted} merged away or expired, "
                f"{self.explained} explained)")


def refresh_incidents(store: Store, settings: Settings, now: datetime | None = None) -> RefreshReport:
    """Recompute every incident from the stored alerts; idempotent (same alerts, same rows)."""
    now = _utc(now or datetime.now(timezone.utc))
    cfg = settings.alerts
    with store.transaction() as db:
        alerts = sql.all_alerts(db)
        stored = {row["id"]: row for row in sql.incidents_since(db, None)}
    groups = merge_alerts([_utc_alert(a) for a in alerts], timedelta(hours=cfg.merge_gap_hours))
    last_hour = now.replace(minute=0, second=0, microsecond=0)
    recent = last_hour - timedelta(hours=settings.scoring.negative_bucket_hours)
    rows, report = [], RefreshReport(incidents=len(groups))
    for group in groups:
        ongoing = group.ends_at >= recent
        old = stored.get(group.id)
        if (old is not None and old["drivers"] is not None and not ongoing and not old["ongoing"]
                and sorted(old["alert_ids"]) == sorted(a.id for a in group.alerts)):
            rows.append({**old, "ongoing": False, "updated_at": now,
                         "first_seen_at": old["first_seen_at"]})
            continue
        with store.transaction() as db:
            row = explain(db, group, settings)
        report.explained += 1
        row.update(ongoing=ongoing, updated_at=now,
                   first_seen_at=old["first_seen_at"] if old is not None else now)
        rows.append(row)
    with store.transaction() as db:
        counts = sql.replace_incidents(db, rows)
    report.new, report.updated, report.deleted = counts["new"], counts["updated"], counts["deleted"]
    return report


def explain(db: Store, group: Group, settings: Settings) -> dict:
    """One incident's row: its span, peak, severity, mentions and drivers."""
    start, end = group.starts_at, group.ends_at
    mentions = sql.span_mentions(db, start, end, TEXTS)
    baseline_from = start - timedelta(days=settings.scoring.spike_baseline_days)
    brand = _brand_words(settings)
    term_sets = [terms_of(text, brand) for text in mentions["text"]]
    baseline = [terms_of(text, brand) for text in sql.baseline_texts(db, baseline_from, start, BASELINE_SAMPLE)]
    curve = sql.hourly_volume(db, start, end)
    peak = start
    if not curve.empty:
        per_hour = curve.groupby("hour")["mentions"].sum()
        peak = _utc(per_hour.idxmax().to_pydatetime())
    followers = mentions["followers"].dropna()
    top_followers = int(followers.max()) if len(followers) else None
    by_time = mentions.sort_values(["created_at", "id"])
    return {
        "id": group.id, "kinds": group.kinds, "sources": group.sources,
        "alert_ids": sorted(a.id for a in group.alerts), "starts_at": start, "peak_at": peak,
        "ends_at": end, "score": round(group.score, 3),
        "severity": severity(group, settings.scoring.spike_z, top_followers,
                             settings.alerts.influential_followers),
        "mentions": sql.span_count(db, start, end),
        "mention_ids": mentions["id"].head(MENTION_IDS).tolist(),
        "drivers": {
            "terms": [t.__dict__ for t in over_represented(term_sets, baseline)],
            "sources": [{"source": s, "mentions": n}
                        for s, n in Counter(mentions["source"]).most_common()],
            "authors": _authors(mentions),
        },
        "summary_ids": [mentions["id"].iloc[i] for i in representative(term_sets, SUMMARY)],
        "first_ids": by_time["id"].head(FIRST).tolist(),
        "top_followers": top_followers,
    }


def _authors(mentions) -> list[dict]:
    """The most-followed public authors of the incident (employees' handles are never here)."""
    known = mentions.dropna(subset=["author", "followers"])
    if known.empty:
        return []
    grouped = known.groupby(["source", "author"]).agg(followers=("followers", "max"),
                                                      mentions=("id", "count")).reset_index()
    grouped = grouped.sort_values(["followers", "mentions", "author"], ascending=[False, False, True])
    return [{"source": r.source, "handle": r.author, "followers": int(r.followers), "mentions": int(r.mentions)}
            for r in grouped.head(AUTHORS).itertuples()]


def _brand_words(settings: Settings) -> frozenset[str]:
    """The words of the brand's own name and terms: always in its mentions, never a driver."""
    words = set()
    for term in [settings.brand.name, *settings.brand.terms]:
        words.update(terms_of(term.replace("#", " ").replace("@", " ")))
    return frozenset(w for w in words if " " not in w)


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=timezone.utc) if t.tzinfo is None else t.astimezone(timezone.utc)


def _utc_alert(alert: sql.AlertRow) -> sql.AlertRow:
    return sql.AlertRow(alert.id, alert.kind, alert.source, _utc(alert.starts_at), _utc(alert.ends_at),
                        alert.score)
