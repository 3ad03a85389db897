"""Outgoing mail, shared by the managers' weekly files and the employees' digest.

SMTP settings come from `[smtp]`, the password from AMBASSADE_SMTP_PASSWORD (never from the
config file). A send is retried with a short backoff; a recipient the server refuses is not
retried (it will not work better the next second) and is reported like any failure.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import time
from collections.abc import Callable
from email.message import EmailMessage

from ambassade.errors import one_line
from ambassade.settings import SECRETS, SmtpSettings


def send_message(smtp: SmtpSettings, message: EmailMessage) -> None:
    """One message through `[smtp]`; smtplib's errors and OSError propagate."""
    with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds) as client:
        if smtp.starttls:
            client.starttls(context=ssl.create_default_context())
        password = os.environ.get(SECRETS["smtp_password"], "")
        if smtp.username and password:
            client.login(smtp.username, password)
        client.send_message(message)


def send_with_retries(smtp: SmtpSettings, message: EmailMessage, retries: int,
                      sleep: Callable[[float], None] = time.sleep) -> str | None:
    """None once sent; else the last error (one line), after `retries` more attempts."""
    error = None
    for attempt in range(retries + 1):
        if attempt:
            sleep(min(60.0, 2.0 ** attempt))
        try:
            send_message(smtp, message)
            return None
        except smtplib.SMTPRecipientsRefused as exc:
            return one_line(f"recipient refused: {', '.join(exc.recipients)}")  # retrying will not help
        except (smtplib.SMTPException, OSError) as exc:
            error = one_line(f"{type(exc).__name__}: {exc}", limit=300)
    return error
