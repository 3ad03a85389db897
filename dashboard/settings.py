"""The few settings the dashboard reads: from AMBASSADE_CONFIG when the server was given one."""

from __future__ import annotations

import os

from ambassade.settings import PrivacySettings, load_settings


def min_group_size() -> int:
    """Smallest group a manager may see in aggregate (privacy.min_group_size, default 5)."""
    path = os.environ.get("AMBASSADE_CONFIG")
    if path and os.path.exists(path):
        return load_settings(path).privacy.min_group_size
    return PrivacySettings().min_group_size
