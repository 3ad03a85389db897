"""Where things are: the config file, the database, the secrets' variables, the lock wait.

Every `ambassade` call needs these before anything else; they live apart from the settings'
pydantic models (ambassade/settings.py), which only the commands that read a config import.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ambassade.errors import ConfigError, InputError, MissingCredentials

if TYPE_CHECKING:
    from ambassade.settings import Settings

DEFAULT_CONFIG_NAME = "ambassade.toml"
DEFAULT_DB_PATH = "ambassade.duckdb"
LOCK_RETRY_ENV = "AMBASSADE_LOCK_RETRY_SECONDS"
DEFAULT_LOCK_RETRY_SECONDS = 15.0
MAX_LOCK_RETRY_SECONDS = 3600.0


# Secrets by name: where they come from and what a user must set.
SECRETS = {
    "x_bearer_token": "X_BEARER_TOKEN",
    "reddit_client_id": "REDDIT_CLIENT_ID",
    "reddit_client_secret": "REDDIT_CLIENT_SECRET",
    "smtp_password": "AMBASSADE_SMTP_PASSWORD",
    "digest_webhook": "AMBASSADE_DIGEST_WEBHOOK",   # Slack/Teams incoming webhook: its URL is its key
    "mastodon_access_token": "MASTODON_ACCESS_TOKEN",
    "bluesky_app_password": "BLUESKY_APP_PASSWORD",
    "alerts_webhook": "AMBASSADE_ALERTS_WEBHOOK",   # the crisis desk's Slack/Teams incoming webhook
    "oidc_client_secret": "AMBASSADE_OIDC_CLIENT_SECRET",   # the dashboard's sign-in ([dashboard.sign_in])
    "cookie_secret": "AMBASSADE_COOKIE_SECRET",             # signs the dashboard's identity cookie
}


def secret(name: str) -> str:
    """The secret `name` from the environment, or MissingCredentials naming the variable."""
    variable = SECRETS[name]
    value = os.environ.get(variable, "").strip()
    if not value:
        raise MissingCredentials(f"set {variable} in the environment or in .env")
    return value


def config_path(explicit: str | None = None) -> tuple[Path, bool]:
    """The config file to read, and whether the user named it (then it must exist)."""
    if explicit:
        return Path(explicit), True
    env = os.environ.get("AMBASSADE_CONFIG")
    if env:
        return Path(env), True
    return Path(DEFAULT_CONFIG_NAME), False


def _db(target: str) -> Path | str:
    """A PostgreSQL URL stays a string; anything else is a DuckDB file path."""
    return target if target.startswith(("postgresql://", "postgres://")) else Path(target)


def resolve_db_path(explicit: str | Path | None = None,
                    settings: Settings | Callable[[], Settings | None] | None = None,
                    default: str = DEFAULT_DB_PATH) -> Path | str:
    """The one rule for the database: `--db`, else AMBASSADE_DB, else `[store] path`, else `default`.
    A DuckDB file comes back as a Path, a PostgreSQL database as its `postgresql://` URL.

    `[store] path` is relative to the config file. `settings` may be a function returning the
    settings (or None): it is called only when neither `--db` nor AMBASSADE_DB is set.
    """
    if explicit is not None:
        if not str(explicit).strip():
            raise InputError("--db: empty path")
        return _db(str(explicit)) if isinstance(explicit, str) else Path(explicit)
    env = os.environ.get("AMBASSADE_DB", "").strip()
    if env:
        return _db(env)
    if callable(settings):
        settings = settings()
    if settings is not None:
        if isinstance(_db(settings.store.path), str):
            return settings.store.path
        store_path = Path(settings.store.path)
        if not store_path.is_absolute() and settings.source_path is not None:
            store_path = settings.source_path.parent / store_path
        return store_path
    return Path(default)


def lock_retry_seconds() -> float:
    """How long a command waits for another process to release the database (AMBASSADE_LOCK_RETRY_SECONDS)."""
    raw = os.environ.get(LOCK_RETRY_ENV, "").strip()
    if not raw:
        return DEFAULT_LOCK_RETRY_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= MAX_LOCK_RETRY_SECONDS:   # also refuses nan
        raise ConfigError(f"{LOCK_RETRY_ENV}: expected seconds from 0 to {MAX_LOCK_RETRY_SECONDS:g}, got {raw[:40]!r}")
    return seconds
