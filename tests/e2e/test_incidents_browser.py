"""`ambassade demo` in Chromium: the incidents page opens on the flan bad buzz in words."""

from __future__ import annotations

import os

import pytest

from tests.e2e.conftest import start_server, stop, visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-incidents")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AMBASSADE_", "X_", "REDDIT_"))}
    env["AMBASSADE_DB"] = str(folder / "demo.duckdb")
    base, process = start_server(["demo"], env, folder)
    yield base
    stop(process)


def test_incidents_page_shows_the_flan_incident_in_words(demo, browser, tmp_path):
    visit(browser, demo + "/incidents", "sentiment négatif en hausse")
    visit(browser, demo + "/", "Ouvrir les incidents")
