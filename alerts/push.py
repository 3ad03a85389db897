"""Pushes: new incidents (and influential accounts mentioning the brand) to the crisis desk's
Slack or Teams incoming webhook and by e-mail.

Which: incidents at or above the `[alerts] sensitivity` preset's severity that are still
ongoing or ended less than `push_max_age_hours` ago; mentions by an author followed by at
least `influential_followers`. When: outside `quiet_hours` (the brand's time zone) unless the
subject reaches `quiet_min_severity`, and at most one message per channel per
`cooldown_minutes` — what is due meanwhile waits and goes in the next message, nothing is
dropped. Once: each (subject, channel, kind of push) is journalled in `incident_pushes`; a sent
one is never sent again, a failed one is retried on later passes with a doubling wait, then
abandoned after `retries` more attempts. A row is marked `sending` before the request, so a
crash between the webhook's answer and the journal's commit retries that one message (the only
case where it could arrive twice); the webhook URL is the secret and is never logged.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import requests

from alerts.payloads import Item, email_message, incident_item, influential_item, slack_payload, teams_payload
from alerts.response import response_path
from alerts.view import local
from alerts.words import SEVERITY_RANK
from ambassade.errors import ConfigError, one_line
from ambassade.mail import send_with_retries
from ambassade.settings import SECRETS, Settings
from store import incidents as sql
from store.connect import Store

log = logging.getLogger(__name__)

PRESETS = {"low": "high", "normal": "medium", "high": "low"}   # sensitivity -> least severity pushed
MAX_ITEMS = 5              # subjects in one message; the others go in the next one
MAX_BACKOFF = timedelta(hours=6)

Post = Callable[..., requests.Response]


@dataclass
class PushReport:
    sent: list[str] = field(default_factory=list)        # "channel:kind:subject"
    waiting: list[str] = field(default_factory=list)     # "channel:kind:subject (why)"
    failed: list[str] = field(default_factory=list)
    abandoned: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (f"pushes: {len(self.sent)} sent, {len(self.waiting)} waiting, {len(self.failed)} failed, "
                f"{len(self.abandoned)} abandoned")


@dataclass(frozen=True)
class Subject:
    id: str
    kind: str                  # incident | influential
    severity: str
    item: Item


def channels(settings: Settings) -> list[str]:
    """The configured channels: the webhook's kind when AMBASSADE_ALERTS_WEBHOOK is set, e-mail
    when [alerts] email_to is."""
    found = []
    if os.environ.get(SECRETS["alerts_webhook"], "").strip():
        found.append(settings.alerts.webhook_kind)
    if settings.alerts.email_to:
        if not settings.smtp.host or not settings.smtp.sender:
            raise ConfigError("[alerts] email_to is set but [smtp] host and sender are not")
        found.append("email")
    return found


def in_quiet_hours(now: datetime, quiet: str, tz: str) -> bool:
    """Whether `now` falls in "HH:MM-HH:MM" (which may span midnight) in zone `tz`."""
    if not quiet:
        return False
    start, end = ((int(p[:2]) * 60 + int(p[3:])) for p in quiet.split("-"))
    moment = now.astimezone(ZoneInfo(tz))
    minute = moment.hour * 60 + moment.minute
    return start <= minute < end if start < end else minute >= start or minute < end


def subjects(db: Store, settings: Settings, now: datetime) -> list[Subject]:
    """What may be pushed now, oldest first."""
    cfg, tz = settings.alerts, settings.brand.timezone
    least = SEVERITY_RANK[PRESETS[cfg.sensitivity]]
    oldest = now - timedelta(hours=cfg.push_max_age_hours)
    found: list[Subject] = []
    steps: list[str] | None = None          # read once a pass, and only when something is to push
    for row in reversed(sql.incidents_since(db, oldest)):
        if SEVERITY_RANK.get(row["severity"], 0) < least:
            continue
        steps = response_path(settings, cfg.lang) if steps is None else steps
        texts = sql.mentions_by_ids(db, row["summary_ids"])["text"].tolist()
        item = incident_item(row, texts, steps, cfg.lang, tz, local)
        found.append(Subject(row["id"], "incident", row["severity"], item))
    if cfg.influential_followers:
        for mention in sql.influential_mentions(db, oldest, now, cfg.influential_followers).to_dict("records"):
            found.append(Subject(mention["id"], "influential", "medium",
                                 influential_item(mention, cfg.lang, tz, local)))
    return found


def push(store: Store, settings: Settings, now: datetime | None = None, post: Post = requests.post,
         sleep: Callable[[float], None] = time.sleep) -> PushReport:
    """One pass: send what is due on each configured channel, journalled."""
    now = now or datetime.now(timezone.utc)
    cfg = settings.alerts
    report = PushReport()
    names = channels(settings)
    if not names:
        return report
    quiet = in_quiet_hours(now, cfg.quiet_hours, settings.brand.timezone)
    quiet_least = SEVERITY_RANK.get(cfg.quiet_min_severity, 99)
    with store.transaction() as db:
        candidates = subjects(db, settings, now)
        journal = sql.pushes(db)
        last = {name: sql.last_sent_at(db, name) for name in names}
    for channel in names:
        due = []
        for subject in candidates:
            key = f"{channel}:{subject.kind}:{subject.id}"
            done = journal.get((subject.id, channel, subject.kind))
            if done is not None and done.status in ("sent", "abandoned"):
                continue
            if done is not None and done.status == "failed" and done.next_attempt_at and done.next_attempt_at > now:
                report.waiting.append(f"{key} (retry after {done.next_attempt_at.isoformat()})")
                continue
            if quiet and SEVERITY_RANK.get(subject.severity, 0) < quiet_least:
                report.waiting.append(f"{key} (quiet hours)")
                continue
            due.append((subject, done))
        if not due:
            continue
        if last[channel] is not None and now < _utc(last[channel]) + timedelta(minutes=cfg.cooldown_minutes):
            report.waiting += [f"{channel}:{s.kind}:{s.id} (cooldown)" for s, _ in due]
            continue
        batch, rest = due[:MAX_ITEMS], due[MAX_ITEMS:]
        report.waiting += [f"{channel}:{s.kind}:{s.id} (next message)" for s, _ in rest]
        _send(store, settings, channel, batch, now, post, sleep, report)
    return report


def _send(store: Store, settings: Settings, channel: str, batch: list, now: datetime, post: Post,
          sleep: Callable[[float], None], report: PushReport) -> None:
    cfg = settings.alerts
    with store.transaction() as db:
        for subject, _ in batch:
            sql.record_push(db, subject.id, channel, subject.kind, "sending", None, None, now, attempted=False)
    items = [s.item for s, _ in batch]
    try:
        error = _deliver(settings, channel, items, post, sleep)
    except (ValueError, TypeError) as exc:      # a header or payload the libraries refuse: journalled, retried
        error = one_line(f"bad message: {type(exc).__name__}", limit=300)
    with store.transaction() as db:
        for subject, done in batch:
            key = f"{channel}:{subject.kind}:{subject.id}"
            attempts = (done.attempts if done is not None else 0) + 1
            if error is None:
                sql.record_push(db, subject.id, channel, subject.kind, "sent", None, None, now)
                report.sent.append(key)
            elif attempts > cfg.retries:
                sql.record_push(db, subject.id, channel, subject.kind, "abandoned", error, None, now)
                report.abandoned.append(f"{key}: {error}")
            else:
                wait = min(MAX_BACKOFF, timedelta(minutes=cfg.push_minutes * 2 ** (attempts - 1)))
                sql.record_push(db, subject.id, channel, subject.kind, "failed", error, now + wait, now)
                report.failed.append(f"{key}: {error}")
    if error:
        log.warning("alerts: push to %s failed: %s", channel, error)


def _deliver(settings: Settings, channel: str, items: list[Item], post: Post,
             sleep: Callable[[float], None]) -> str | None:
    """None once delivered; else a reason that never quotes the webhook URL."""
    brand, lang = settings.brand.name, settings.alerts.lang
    if channel == "email":
        message = email_message(items, brand, lang, settings.smtp.sender, settings.alerts.email_to)
        return send_with_retries(settings.smtp, message, 0, sleep)
    url = os.environ.get(SECRETS["alerts_webhook"], "").strip()
    if not url.lower().startswith(("https://", "http://")):
        return f"{SECRETS['alerts_webhook']} is not an http(s) URL"
    payload = slack_payload(items, brand, lang) if channel == "slack" else teams_payload(items, brand, lang)
    try:
        response = post(url, json=payload, timeout=settings.alerts.webhook_timeout_seconds, allow_redirects=False)
    except requests.RequestException as exc:
        return type(exc).__name__
    if response.status_code >= 300:
        return one_line(f"HTTP {response.status_code}")
    return None


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=timezone.utc) if t.tzinfo is None else t.astimezone(timezone.utc)
