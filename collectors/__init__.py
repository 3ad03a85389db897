"""Collectors: one module per source, each turning a source's payloads into Mentions.

`BUILTIN` names the built-in sources; `build(name, settings, store)` makes one collector
from the settings (raising MissingCredentials when its secret is not set). A new network is
one new module plus one line here. A factory never sees the store itself: it gets the
`collectors.base.Lookups` read from it (or None for a dry run), since a collector never
opens the database.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

from ambassade.errors import ConfigError

if TYPE_CHECKING:
    from ambassade.settings import Settings
    from collectors.base import Collector
    from store.connect import Store
    from store.state import ShortLivedStore

# name -> "module:factory"; the factory takes (settings, lookups) and returns a Collector.
BUILTIN: dict[str, str] = {
    "rss": "collectors.rss:from_settings",
    "reddit": "collectors.reddit:from_settings",
    "x": "collectors.x:from_settings",
    "shares": "collectors.employees:from_settings",
    "mastodon": "collectors.mastodon:from_settings",
    "hn": "collectors.hackernews:from_settings",
    "jetstream": "collectors.jetstream:from_settings",
    "gdelt": "collectors.gdelt:from_settings",
    "bluesky": "collectors.bluesky:from_settings",
}


ENTRY_POINT_GROUP = "ambassade.collectors"


def _plugins() -> dict[str, str]:
    """Third-party sources: `[project.entry-points."ambassade.collectors"] name = "mod:factory"`."""
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)
            if ep.name not in BUILTIN}


def names() -> list[str]:
    """The sources a `collect` with no arguments runs, in order (built-ins first)."""
    return list(BUILTIN) + sorted(_plugins())


def factory(name: str) -> Callable[..., Collector]:
    """The factory of source `name`, or a ConfigError listing the known ones."""
    known = {**BUILTIN, **_plugins()}
    if name not in known:
        raise ConfigError(f"unknown source {name!r} (known: {', '.join(known)})")
    module, attr = known[name].split(":")
    return getattr(importlib.import_module(module), attr)


def build(name: str, settings: Settings,
          store: Store | ShortLivedStore | None = None) -> Collector:
    """One collector from the settings; MissingCredentials when its secret is not set.

    `store` (None for a dry run) is only read, through `Lookups`, by the factory.
    """
    from collectors.base import lookups  # noqa: PLC0415 (base imports the store)

    return factory(name)(settings, lookups(store) if store is not None else None)
