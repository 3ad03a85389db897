"""The dashboard's sign-in, as the launcher prepares it for Streamlit (README "Sign-in").

Streamlit's `st.login` reads an `[auth]` table from its secrets files. Ambassade builds that
table from `[dashboard.sign_in]` (no secret in it) and two secrets from the environment
(AMBASSADE_OIDC_CLIENT_SECRET, AMBASSADE_COOKIE_SECRET), writes it to a private file that lives
as long as the server, and points Streamlit at it. A deployment may instead keep its own
`.streamlit/secrets.toml` with an `[auth]` table: that counts as sign-in too.

Without sign-in the dashboard serves only this machine (a loopback address): anyone who can
reach it could pick any role.
"""

from __future__ import annotations

import ipaddress
import json
import os
import tomllib
from pathlib import Path

from ambassade.errors import ConfigError, InputError
from ambassade.settings import Settings, secret

MIN_COOKIE_SECRET = 32       # characters; Streamlit warns below 112 bits


def auth_table(settings: Settings | None) -> dict[str, str] | None:
    """Streamlit's `[auth]` table for `[dashboard.sign_in]`, or None when it is not configured.
    A missing secret is MissingCredentials naming its variable."""
    sign_in = settings.dashboard.sign_in if settings else None
    if sign_in is None:
        return None
    client_secret = secret("oidc_client_secret")
    cookie_secret = secret("cookie_secret")
    if len(cookie_secret) < MIN_COOKIE_SECRET:
        raise ConfigError(f"AMBASSADE_COOKIE_SECRET: use at least {MIN_COOKIE_SECRET} random characters "
                          "(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')")
    return {"redirect_uri": sign_in.redirect_uri, "cookie_secret": cookie_secret,
            "client_id": sign_in.client_id, "client_secret": client_secret,
            "server_metadata_url": sign_in.server_metadata_url}


def own_streamlit_auth(cwd: Path, home: Path | None = None) -> bool:
    """Whether Streamlit's default secrets files (./.streamlit, ~/.streamlit) hold an `[auth]`
    table: a deployment that configured `st.login` itself. An unreadable file counts as none."""
    home = home if home is not None else Path.home()
    for path in (home / ".streamlit" / "secrets.toml", cwd / ".streamlit" / "secrets.toml"):
        try:
            if isinstance(tomllib.loads(path.read_text(encoding="utf-8")).get("auth"), dict):
                return True
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
    return False


def secrets_text(auth: dict[str, str] | None) -> str:
    """A secrets.toml holding `[auth]` (or nothing). JSON's string escapes are TOML's too, once
    non-ASCII stays literal (TOML has no surrogate pairs) and DEL is escaped (JSON leaves it)."""
    if not auth:
        return "# no sign-in: the dashboard serves only 127.0.0.1\n"
    lines = ["[auth]"] + [f"{key} = {_toml_string(value)}" for key, value in auth.items()]
    text = "\n".join(lines) + "\n"
    if tomllib.loads(text) != {"auth": auth}:      # never hand Streamlit a table it reads otherwise
        raise ConfigError("[dashboard.sign_in]: a value cannot be written as TOML")
    return text


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def write_secrets(auth: dict[str, str] | None, folder: Path) -> Path:
    """Write the secrets file, readable by this user only, in `folder` (a private temp folder)."""
    path = folder / "secrets.toml"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets_text(auth))
    return path


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and "localhost": addresses only this machine can reach."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def refuse_open_host(host: str, signed_in: bool) -> None:
    """Binding another address without sign-in is bad usage: one line, exit 2."""
    if not signed_in and not is_loopback(host):
        raise InputError(f"--host {host}: without sign-in the dashboard serves only 127.0.0.1 "
                         "(configure [dashboard.sign_in], README \"Sign-in\")")
