"""Share-link addresses: `[links] base_url` + `/l/<code>`, and the networks a link is minted for."""

from __future__ import annotations

from urllib.parse import urlsplit

from ambassade.errors import ConfigError, InputError
from links.codes import is_code

# One link per employee × content × network; "email" and "whatsapp" are networks here too,
# so that their clicks are told apart.
NETWORKS = ("linkedin", "x", "facebook", "bluesky", "mastodon", "whatsapp", "email")


def check_network(network: str) -> str:
    """`network` lower-cased, or InputError naming the known ones."""
    name = (network or "").strip().lower()
    if name not in NETWORKS:
        raise InputError(f"unknown network {network!r} (one of: {', '.join(NETWORKS)})")
    return name


def share_url(base_url: str | None, code: str) -> str:
    """The public share link of `code`: `<base_url>/l/<code>` (a path prefix in base_url is kept)."""
    if not base_url:
        raise ConfigError("[links] base_url is not set: share links need the address "
                          "`ambassade links serve` answers on (e.g. https://go.exemple.fr)")
    if not is_code(code):
        raise InputError(f"not a share-link code: {code[:80]!r}")
    parts = urlsplit(base_url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"[links] base_url: not an http(s) address: {base_url[:80]!r}")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}/l/{code}"


def link_host(base_url: str | None) -> str | None:
    """The host of `[links] base_url` (share detection matches /l/<code> links on it)."""
    if not base_url:
        return None
    host = urlsplit(base_url.strip()).hostname
    return host.lower().rstrip(".") if host else None
