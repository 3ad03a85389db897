"""End to end: `ambassade dashboard` serves every page to a real browser without errors."""

from __future__ import annotations

import os

import pytest

from tests.dashboard.conftest import build_small_db
from tests.e2e.conftest import start_server, stop, visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e")
    db = build_small_db(folder / "small.duckdb")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMBASSADE_")}
    base, process = start_server(["--db", str(db), "dashboard"], env, folder)
    yield base
    stop(process)


@pytest.mark.parametrize(
    "path, expected",
    [("/", "Vue d'ensemble"), ("/mentions", "Rechercher (texte et auteurs)"),
     ("/advocacy", "Programme ambassadeurs"), ("/health", "Contenu de la base")],
)
def test_page_renders_in_chromium(server, browser, path, expected):
    visit(browser, server + path, expected)


def test_hostile_mention_text_is_never_markup(server, browser):
    page = browser.new_page(locale="fr-FR")
    try:
        page.goto(server + "/mentions")
        page.get_by_text("Rechercher (texte et auteurs)").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        # The mention text holds an <img onerror> tag: it must not exist as an element.
        assert page.locator("img[src='x']").count() == 0
    finally:
        page.close()


def test_english_browser_gets_english_labels(server, browser):
    visit(browser, server + "/", "Overview", locale="en-GB")
