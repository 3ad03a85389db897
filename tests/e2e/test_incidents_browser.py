"""`ambassade demo` in Chromium: the incidents page opens on the flan bad buzz in words."""

from __future__ import annotations


import pytest

from tests.e2e.conftest import visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def demo(demo_server):
    return demo_server[0]


def test_incidents_page_shows_the_flan_incident_in_words(demo, browser, tmp_path):
    visit(browser, demo + "/incidents", "sentiment négatif en hausse")
    visit(browser, demo + "/", "Ouvrir les incidents")
