"""Nothing from the internet: over every page of the demo, as every role of its switcher, the
browser asks only the dashboard's own host (no font, icon, script or statistics elsewhere)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.dashboard.shown import unknown


pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROLE_KEYS = ("role_comms", "role_employee", "role_manager")
NAV_LINK = '[data-testid="stSidebarNav"] a'


@pytest.fixture
def demo(demo_server):
    return demo_server[0]


@pytest.fixture
def demo_db(demo_server):
    return demo_server[1]


def foreign(urls: list[str], base: str) -> list[str]:
    """The requests that went to another host than the dashboard's (data: and blob: stay inside)."""
    own = urlsplit(base).netloc
    return [u for u in urls if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).netloc != own]


def settle(page) -> None:
    page.locator('[data-testid="stAppViewContainer"]').first.wait_for(timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(1200)       # charts, grids and their fonts
    assert page.locator('[data-testid="stException"]').count() == 0, page.inner_text("body")[:2000]


def english_only_strings() -> list[str]:
    """What only the English interface says: catalogue entries whose English differs from their
    French (long enough not to be a word the data may hold), and Streamlit's own English."""
    from dashboard.i18n import LABELS

    catalogue = [texts["en"] for texts in LABELS.values()
                 if texts["en"] != texts["fr"] and "{" not in texts["en"] and len(texts["en"]) >= 14]
    return catalogue + ["Choose options", "Choose an option", "No results"]


# The attributes a screen reader or a hover says, read from every element of the page.
ATTRIBUTES = ("aria-label", "aria-description", "aria-roledescription", "aria-placeholder", "aria-valuetext",
              "title", "placeholder", "alt")
ATTRIBUTE_VALUES = """(names) => { const found = new Set();
  for (const element of document.querySelectorAll('*'))
    for (const name of names) { const value = element.getAttribute(name); if (value) found.add(value); }
  return [...found]; }"""

# What Streamlit's and Vega's front ends write in English whatever the language, with no
# Python parameter to change it (Streamlit 1.67's bundled JavaScript hard-codes each string).
# Everything else an attribute says in French mode must be a French catalogue entry or data:
# the help icon's "Help for …" (help=) and the headings' "Link to heading" (anchor) are not
# here, because the pages avoid them (captions instead of help=, anchor=False).
HARD_CODED_ENGLISH = [re.compile(pattern) for pattern in (
    r"Open",                                   # a selectbox's dropdown button
    r"Clear all", r"Selected values", r"Remove .+",   # a multiselect's clear button, chips, chip removal
    r"Increment", r"Decrement",                # a number input's step buttons (the explorer's page)
    r"Collapse sidebar", r"Sidebar", r"App pages",     # the sidebar and its page navigation
    # the toolbar over every chart and grid
    r"Fullscreen", r"Search", r"Show/hide columns", r"Show data", r"Download as PNG", r"Copy Vega-Lite spec",
    # Vega's own roles of a chart and of its groups of marks (its labels are ours: localised())
    r"visualization", r"(arc|area|group|line|rect|symbol|rule|text|point) mark container",
)]


def english_attributes(values: list[str], data: set[str]) -> list[str]:
    """The attribute values that are neither French catalogue entries, data, nor what
    Streamlit's front end hard-codes (HARD_CODED_ENGLISH)."""
    return [v for v in unknown(values, data) if not any(p.fullmatch(v) for p in HARD_CODED_ENGLISH)]


def test_an_english_attribute_fails_the_french_walk():
    """The check can fail: the help icon's label and an English placeholder are caught, the
    front end's hard-coded words and the data are not."""
    found = english_attributes(["Help for Mentions", "Choose an option", "Link to heading", "Remove reddit",
                                "Mentions", "Sources", "reddit", "Volume par jour et par source"], {"reddit"})
    assert found == ["Choose an option", "Help for Mentions", "Link to heading"]


def demo_strings(db) -> set[str]:
    """Every text value the demo's database and configuration hold (data, not interface)."""
    from ambassade.demo.build import demo_settings
    from store import read_only
    from tests.dashboard.test_french_catalogue import store_strings

    config = demo_settings()
    with read_only(db) as store:
        return store_strings(store) | {str(db), *config.brand.terms, config.brand.name,
                                       *(c.name for c in config.brand.competitors)}


@pytest.mark.parametrize("locale", ["fr-FR", "en-US"])
def test_every_page_of_the_demo_asks_only_the_dashboards_host(demo, demo_db, browser, tmp_path, locale):
    """Every page for every role, in both languages: no exception box, no request to another
    host, and in French no string of the English interface, shown or in an attribute (aria-label,
    title, placeholder…); screenshots kept in tmp_path."""
    from dashboard.i18n import LABELS

    lang = locale[:2]
    roles = [LABELS[key][lang] for key in ROLE_KEYS]
    english = english_only_strings() if lang == "fr" else []
    data = demo_strings(demo_db) if lang == "fr" else set()
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale)
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    page = context.new_page()
    page.on("websocket", lambda ws: urls.append(ws.url.replace("ws://", "http://", 1)))
    visited = []
    try:
        for role in roles:
            page.goto(demo + "/", wait_until="domcontentloaded")
            settle(page)
            page.locator('[data-testid="stSidebar"]').get_by_text(role, exact=True).click()
            settle(page)
            links = page.locator(NAV_LINK)
            for index in range(max(links.count(), 1)):
                if links.count():
                    links.nth(index).click()
                    settle(page)
                name = f"{lang}_{len(visited):02d}_{role[:4]}_{page.url.rsplit('/', 1)[-1] or 'home'}"
                shown = page.inner_text("body")
                assert [e for e in english if e in shown] == [], (name, [e for e in english if e in shown])
                if lang == "fr":
                    said = english_attributes(page.evaluate(ATTRIBUTE_VALUES, list(ATTRIBUTES)), data)
                    assert said == [], (name, said)
                page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
                visited.append(name)
    finally:
        context.close()
    assert len(visited) >= 15, visited                   # 9 comms pages, 5 employee pages, 1 manager page
    assert urls, "no request was recorded"
    assert foreign(urls, demo) == [], sorted(set(foreign(urls, demo)))


def test_the_favicon_is_drawn_in_place(demo, browser):
    page = browser.new_page(locale="fr-FR")
    try:
        page.goto(demo + "/", wait_until="domcontentloaded")
        settle(page)
        href = page.locator("link[rel='shortcut icon']").get_attribute("href") or ""
        assert href.startswith("data:image/svg+xml"), href
    finally:
        page.close()
