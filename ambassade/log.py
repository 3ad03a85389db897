"""Logging set-up, with a filter that keeps secrets out of every log line."""

from __future__ import annotations

import logging
import os
import re

from ambassade.settings import SECRETS

_BEARER = re.compile(r"(?i)(bearer\s+|authorization['\"]?\s*[:=]\s*['\"]?)[^\s'\"]+")


class RedactSecrets(logging.Filter):
    """Replaces known secret values and bearer tokens in log messages by ***."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _BEARER.sub(r"\1***", message)
        for variable in SECRETS.values():
            value = os.environ.get(variable)
            if value and len(value) >= 6:
                redacted = redacted.replace(value, "***")
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def setup_logging(verbose: int = 0) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # tweepy logs request headers (with the bearer token) at DEBUG: never let it.
    logging.getLogger("tweepy").setLevel(max(level, logging.INFO))
