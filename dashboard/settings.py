"""The few settings the dashboard reads: from AMBASSADE_CONFIG when the server was given one."""

from __future__ import annotations

import os

from ambassade.settings import PrivacySettings, Settings, XSettings, load_settings


def configured() -> Settings | None:
    """The server's settings, or None when it runs without a config file."""
    path = os.environ.get("AMBASSADE_CONFIG")
    if path and os.path.exists(path):
        return load_settings(path)
    return None


def min_group_size() -> int:
    """Smallest group a manager may see in aggregate (privacy.min_group_size, default 5)."""
    settings = configured()
    return (settings.privacy if settings else PrivacySettings()).min_group_size


def x_settings() -> XSettings:
    """The X budget and its price per read."""
    settings = configured()
    return settings.x if settings else XSettings()
