"""The settings and charter checker the dashboard uses, loaded once per version of the config file.

The file is the server's AMBASSADE_CONFIG, else ./ambassade.toml, as for the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from ambassade.errors import AmbassadeError, one_line
from ambassade.settings import (LinksSettings, PrivacySettings, ScoringSettings, Settings, XSettings, config_path,
                                load_settings)
from dashboard.i18n import t

if TYPE_CHECKING:
    from charter.check import Checker


def _config_key() -> tuple[str | None, float]:
    """(path, mtime) of the config file in force, or (None, 0) without one: the cache key."""
    path, named = config_path(None)
    try:
        return str(path.resolve()), path.stat().st_mtime
    except OSError:
        return (str(path.resolve()), 0.0) if named else (None, 0.0)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(path: str | None, mtime: float) -> Settings | None:
    return load_settings(path) if path else None


# Apart from the settings: the charter's patterns and the sentiment scorer take about a second
# to import and compile, and only the pages that check texts need them (not the first page).
@st.cache_resource(show_spinner=False, max_entries=4)
def _checker(path: str | None, mtime: float) -> Checker:
    from charter.config import checker_from_settings  # noqa: PLC0415

    return checker_from_settings(_load(path, mtime))


def _loaded(load=_load):
    """The settings (or, given `_checker`, the checker); a broken config file is one error line
    on the page, not a traceback."""
    try:
        return load(*_config_key())
    except AmbassadeError as exc:
        st.error(f"{t('draft_config_error')}: {one_line(exc, limit=300)}")
        st.stop()


def configured() -> Settings | None:
    """The server's settings, or None when it runs without a config file."""
    return _loaded()


def checker() -> Checker:
    """The charter checker for the configured brand (the default charter without a config)."""
    return _loaded(_checker)


def config_key() -> tuple[str | None, float]:
    """Changes when the config file changes: part of the cache key of charter-dependent reads."""
    return _config_key()


def min_group_size() -> int:
    """Smallest group a manager may see in aggregate (privacy.min_group_size, default 5)."""
    settings = configured()
    return (settings.privacy if settings else PrivacySettings()).min_group_size


def x_settings() -> XSettings:
    """The X budget and its price per read."""
    settings = configured()
    return settings.x if settings else XSettings()


def links_settings() -> LinksSettings:
    """Share links: base URL, UTM campaign, value per click and currency, daily cap, points."""
    settings = configured()
    return settings.links if settings else LinksSettings()


def brand_name() -> str | None:
    """The company's name, for suggested share texts."""
    settings = configured()
    return settings.brand.name if settings else None


def scoring_settings() -> ScoringSettings:
    """Advocacy and spike settings (the recency half-life that reasons weigh posts with)."""
    settings = configured()
    return settings.scoring if settings else ScoringSettings()
