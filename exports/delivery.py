"""E-mail delivery of the weekly files: each manager gets their own teams' files, once.

SMTP settings come from `[smtp]`, the password from AMBASSADE_SMTP_PASSWORD (sending is
`ambassade/mail.py`, shared with the employees' digest). Every attempt is
journalled in the store (`deliveries`); a failure is retried with a short backoff, then left
`failed` for the next run to retry and reported, never dropped silently. A recipient the
server refuses is a failure like any other.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage

from ambassade.errors import ConfigError
from ambassade.mail import send_with_retries
from exports.options import WeeklyOptions
from exports.weekly import WeeklyExport, team_folder
from store.connect import Store
from store.deliveries import delivery, record_delivery

log = logging.getLogger(__name__)

SUBJECT = {"fr": "Ambassade · synthèse de la semaine {week} · {team}",
           "en": "Ambassade · weekly summary {week} · {team}"}
BODY = {
    "fr": ("Bonjour,\n\nVoici la synthèse de l'équipe {team} pour la semaine {week} : "
           "{shares} partages, {clicks} clics, {active} personnes actives sur {enrolled} inscrites.\n\n"
           "Les fichiers joints s'ouvrent dans Excel ou LibreOffice. Seules les personnes qui l'ont "
           "accepté y sont nommées ; les autres sont comptées ensemble.\n\n— Ambassade\n"),
    "en": ("Hello,\n\nHere is team {team}'s summary for week {week}: {shares} shares, {clicks} clicks, "
           "{active} people active out of {enrolled} enrolled.\n\nThe attached files open in Excel or "
           "LibreOffice. Only people who agreed are named; everyone else is counted together.\n\n"
           "— Ambassade\n"),
}


@dataclass
class DeliveryReport:
    sent: list[str] = field(default_factory=list)        # "team → recipient"
    skipped: list[str] = field(default_factory=list)     # sent before: never twice
    failed: list[str] = field(default_factory=list)      # "team → recipient: reason"

    def describe(self) -> str:
        return (f"{len(self.sent)} sent, {len(self.skipped)} already sent, {len(self.failed)} failed"
                + ("; " + "; ".join(self.failed[:5]) if self.failed else ""))


def deliver(store: Store, options: WeeklyOptions, export: WeeklyExport,
            sleep: Callable[[float], None] = time.sleep) -> DeliveryReport:
    """Send each configured manager their teams' files for the export's week."""
    report = DeliveryReport()
    smtp = options.smtp
    managers = options.exports.managers
    if not managers:
        return report
    if not smtp.host or not smtp.sender:
        raise ConfigError("[exports] managers is set but [smtp] host and sender are not")
    lang = options.locale
    week = export.week.label
    for team, recipients in sorted(managers.items()):
        files = export.files.get(team)
        if files is None:
            continue          # too small to report apart, or no such team: nothing to send
        for recipient in recipients:
            where = f"{team} → {recipient}"
            with store.transaction() as db:
                done = delivery(db, week, team, recipient)
            if done is not None and done.status == "sent":
                report.skipped.append(where)
                continue
            message = _message(options, team, recipient, files, export, lang)
            error = send_with_retries(options.smtp, message, options.exports.retries, sleep)
            with store.transaction() as db:
                record_delivery(db, week, team, recipient, "failed" if error else "sent", error,
                                datetime.now(timezone.utc))
            if error:
                log.warning("weekly files %s %s not delivered: %s", week, where, error)
                report.failed.append(f"{where}: {error}")
            else:
                report.sent.append(where)
    return report


def _message(options: WeeklyOptions, team: str, recipient: str, files: dict[str, bytes],
             export: WeeklyExport, lang: str) -> EmailMessage:
    figures = export.summaries[team]
    message = EmailMessage()
    message["From"] = options.smtp.sender
    message["To"] = recipient
    message["Subject"] = SUBJECT[lang].format(week=export.week.label, team=team)
    message.set_content(BODY[lang].format(team=team, week=export.week.label, shares=figures.shares,
                                          clicks=figures.clicks, active=figures.active,
                                          enrolled=figures.enrolled))
    prefix = f"{export.week.label}_{team_folder(team)}_"
    for name, data in sorted(files.items()):
        message.add_attachment(data, maintype="text", subtype="csv", filename=prefix + name)
    return message

