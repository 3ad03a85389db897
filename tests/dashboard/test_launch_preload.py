"""The server imports the first page's modules as it starts (dashboard/launch.py): a module of
Ambassade's renamed or moved must not silently drop out of that list (preload skips a library's
internal module that moved, never one of ours)."""

from __future__ import annotations

import importlib

from dashboard.launch import FIRST_PAGE_MODULES, preload


def test_every_module_of_ours_in_the_preload_list_exists():
    ours = [name for name in FIRST_PAGE_MODULES if name.split(".")[0] in ("ambassade", "dashboard", "store")]
    assert "dashboard.queries" in ours
    for name in ours:
        importlib.import_module(name)


def test_preload_without_a_runtime_waits_no_longer_than_asked():
    preload(wait_seconds=0)
