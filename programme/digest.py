"""The employees' weekly digest: their top suggestions by e-mail, once a week, and a post of
newly approved content to the team chat (README "The programme").

Who: `store.digest.recipients` (enrolled with the "shares" and "digest" scopes). Each send is
journalled (`digest_sends`, `digest_posts`): never twice for one week and person, a failure
retried with a short backoff, then left `failed` for the next run and reported. Suggestions
mint tracked share links, so they are made in a transaction of their own before sending.
The webhook URL is a secret (AMBASSADE_DIGEST_WEBHOOK): it is never logged or journalled.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import requests

from ambassade.errors import ConfigError, one_line
from ambassade.mail import send_with_retries
from ambassade.settings import SECRETS, Settings
from exports.weeks import Week, week_of
from programme.digest_text import chat_payload, digest_lang, digest_message
from programme.suggest import suggest
from store.connect import Store
from store.digest import approved_between, last_post_until, post, recipients, record_post, record_send, sends

log = logging.getLogger(__name__)

Passes = Callable[[str, str], bool]


@dataclass
class DigestReport:
    week: str
    sent: list[str] = field(default_factory=list)         # employee ids
    skipped: list[str] = field(default_factory=list)      # "id: why" (sent before, nothing new, no address)
    failed: list[str] = field(default_factory=list)       # "id: reason"
    would_send: list[str] = field(default_factory=list)   # --dry-run: who would get it
    post: str = "not configured"                         # sent | failed: … | empty | already sent | …

    def describe(self) -> str:
        head = (f"digest {self.week}: {len(self.sent)} sent, {len(self.skipped)} skipped, "
                f"{len(self.failed)} failed")
        if self.would_send:
            head += f", {len(self.would_send)} would be sent"
        return head + f"; chat post: {self.post}" + ("; " + "; ".join(self.failed[:5]) if self.failed else "")

    def as_json(self) -> dict:
        return {"week": self.week, "sent": self.sent, "skipped": self.skipped, "failed": self.failed,
                "would_send": self.would_send, "post": self.post}


def due_week(settings: Settings, now: datetime) -> Week | None:
    """This week, from its send time (`[digest] send_weekday`, `send_hour`, local time) on."""
    week = week_of(now, settings.brand.timezone)
    return week if now >= week.at(settings.digest.send_weekday, settings.digest.send_hour) else None


def charter_passes(settings: Settings) -> Passes:
    """The rule every suggested text meets (as `ambassade suggest`): charter ok, no disclosure finding."""
    checker = []          # built at the first text: an hourly run with nothing to send loads nothing

    def passes(text: str, lang: str) -> bool:
        if not checker:
            from charter.config import checker_from_settings  # noqa: PLC0415

            checker.append(checker_from_settings(settings))
        result = checker[0].check(text, lang)
        return result.ok and not any(f.category == "disclosure" for f in result.findings)
    return passes


def send_digest(store: Store, settings: Settings, week: Week, now: datetime, passes: Passes,
                dry_run: bool = False, sleep: Callable[[float], None] = time.sleep,
                post_json: Callable[..., requests.Response] = requests.post) -> DigestReport:
    """Send the week's digest to everyone who chose it, and the chat post; journalled."""
    report = DigestReport(week.label)
    smtp, digest = settings.smtp, settings.digest
    with store.transaction() as db:
        people, journal = recipients(db), sends(db, week.label)
    todo = []
    for person in people:
        done = journal.get(person.id)
        if done is not None and done.status in ("sent", "empty"):
            report.skipped.append(f"{person.id}: {'already sent' if done.status == 'sent' else 'nothing to suggest'}")
        elif not person.email:
            report.skipped.append(f"{person.id}: no e-mail address")
        else:
            todo.append(person)
    if dry_run:
        report.would_send = [p.id for p in todo]
    elif todo and (not smtp.host or not smtp.sender):
        raise ConfigError("someone chose the digest but [smtp] host and sender are not set")
    for person in [] if dry_run else todo:
        lang = digest_lang(person.lang, settings.brand.languages[0])
        # Its own transaction: the share links a suggestion mints are stored with it, or not at all.
        with store.transaction() as db:
            found = suggest(db, settings, person.id, now, passes, digest.suggestions)
        if not found:
            with store.transaction() as db:
                record_send(db, week.label, person.id, "empty", None, datetime.now(timezone.utc))
            report.skipped.append(f"{person.id}: nothing to suggest")
            continue
        try:
            message = digest_message(smtp.sender, person.email, person.display_name, settings.brand.name,
                                     week.label, lang, found, settings.programme.networks)
            error = send_with_retries(smtp, message, digest.retries, sleep)
        except ValueError as exc:             # an address or a header the e-mail library refuses
            error = one_line(f"bad message: {exc}", limit=300)
        with store.transaction() as db:
            record_send(db, week.label, person.id, "failed" if error else "sent", error,
                        datetime.now(timezone.utc))
        if error:
            log.warning("digest %s for %s not delivered: %s", week.label, person.id, error)
            report.failed.append(f"{person.id}: {error}")
        else:
            report.sent.append(person.id)
    report.post = _chat_post(store, settings, week, now, dry_run, sleep, post_json, report)
    return report


def _chat_post(store: Store, settings: Settings, week: Week, now: datetime, dry_run: bool,
               sleep: Callable[[float], None], post_json: Callable[..., requests.Response],
               report: DigestReport) -> str:
    url = os.environ.get(SECRETS["digest_webhook"], "").strip()
    if not url:
        return "not configured"
    if not url.startswith("https://") and not url.startswith("http://"):
        raise ConfigError(f"{SECRETS['digest_webhook']} must be an http(s) URL")
    with store.transaction() as db:
        done = post(db, week.label)
        if done is not None and done.status in ("sent", "empty"):
            return "already sent" if done.status == "sent" else "nothing new"
        since, until = (done.since, done.until) if done else (last_post_until(db, week.label), now)
        # The first post ever announces the last week's approvals, not the whole library.
        since = since if since is not None or done else now - timedelta(days=7)
        items = approved_between(db, since, until, now)
    if dry_run:
        return f"would post {len(items)} items"
    if not items:
        with store.transaction() as db:
            record_post(db, week.label, since, until, 0, "empty", None, datetime.now(timezone.utc))
        return "nothing new"
    payload = chat_payload(items, week.label, settings.digest.webhook_lang, settings.digest.webhook_kind)
    error = None
    for attempt in range(settings.digest.retries + 1):
        if attempt:
            sleep(min(60.0, 2.0 ** attempt))
        error = _post_once(post_json, url, payload, settings.digest.webhook_timeout_seconds)
        if error is None:
            break
    with store.transaction() as db:
        record_post(db, week.label, since, until, len(items), "failed" if error else "sent", error,
                    datetime.now(timezone.utc))
    if error:
        log.warning("digest %s chat post failed: %s", week.label, error)
        report.failed.append(f"chat post: {error}")
        return f"failed: {error}"
    return f"sent ({len(items)} items)"


def _post_once(post_json: Callable[..., requests.Response], url: str, payload: dict,
               timeout: float) -> str | None:
    """None when the webhook took it; else a reason that never quotes the URL (it is the secret)."""
    try:
        response = post_json(url, json=payload, timeout=timeout, allow_redirects=False)
    except requests.RequestException as exc:
        return type(exc).__name__
    if response.status_code >= 300:
        return f"HTTP {response.status_code}"
    return None


def digest_job(store: Store, settings: Settings, now: datetime | None = None) -> DigestReport | None:
    """The scheduler's hourly check: once this week's send time has come, send what is not sent."""
    if not settings.digest.enabled:
        return None
    now = now or datetime.now(timezone.utc)
    week = due_week(settings, now)
    if week is None:
        return None
    report = send_digest(store, settings, week, now, charter_passes(settings))
    if report.failed:
        raise DigestFailed(report.describe())
    return report


class DigestFailed(Exception):
    """Some sends failed (journalled; the next run retries them)."""
