"""Logging set-up, with a filter that keeps secrets out of every log line."""

from __future__ import annotations

import logging
import os
import re

from ambassade.locations import SECRETS
from ambassade.text.controls import safe_display

# "Bearer X", "Authorization: X" and "'Authorization': 'Bearer X'" (a headers dict's repr).
_BEARER = re.compile(r"(?i)(bearer\s+|authorization['\"]?\s*[:=]\s*['\"]?(?:bearer\s+)?)[^\s'\",}]+")
# Environment variables whose values are secrets besides SECRETS (praw_client_secret, *_TOKEN, a DSN...).
_SECRET_NAME = re.compile(r"(?i)secret|token|passw|api_?key|dsn")
_MIN_SECRET_CHARS = 6        # shorter values would hide ordinary words


def redact_text(text: str) -> str:
    """`text` with bearer tokens and the values of secret environment variables replaced by ***."""
    text = _BEARER.sub(r"\1***", text)
    for value in _secret_values():
        text = text.replace(value, "***")
    return text


def _secret_values() -> list[str]:
    names = set(SECRETS.values()) | {name for name in os.environ if _SECRET_NAME.search(name)}
    values = {os.environ[name].strip() for name in names if name in os.environ}
    return sorted((v for v in values if len(v) >= _MIN_SECRET_CHARS), key=len, reverse=True)


class RedactSecrets(logging.Filter):
    """Redacts each record's message (its %-args included), traceback and stack with redact_text()."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # bad %-args: the handler reports its own error, which shows the args
            record.msg = redact_text(str(record.msg))
            if isinstance(record.args, dict):
                record.args = {k: redact_text(str(v)) for k, v in record.args.items()}
            elif record.args:
                record.args = tuple(redact_text(str(a)) for a in record.args)
            return True
        redacted = redact_text(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        return True


class SafeFormatter(logging.Formatter):
    """Log lines quote the internet (feed URLs, ids, server messages): no terminal escape, no
    control character but newlines and tabs, no bidi override reaches the terminal."""

    def format(self, record: logging.LogRecord) -> str:
        return safe_display(super().format(record))


def setup_logging(verbose: int = 0) -> None:
    """One stderr handler on the root logger, WARNING (INFO with -v, DEBUG with -vv), secrets redacted;
    a schema upgrade's lines (store.upgrade) at INFO whatever the verbosity."""
    level = logging.WARNING - 10 * min(verbose, 2)
    handler = logging.StreamHandler()
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # A schema upgrade says what it is doing at any verbosity (store/connect.py UPGRADE_LOG).
    logging.getLogger("store.upgrade").setLevel(min(level, logging.INFO))
    # tweepy logs request headers (with the bearer token) at DEBUG: never let it.
    logging.getLogger("tweepy").setLevel(max(level, logging.INFO))
