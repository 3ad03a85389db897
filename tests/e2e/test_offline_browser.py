"""Nothing from the internet: over every page of the demo, as every role of its switcher, the
browser asks only the dashboard's own host (no font, icon, script or statistics elsewhere)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest


pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROLE_KEYS = ("role_comms", "role_employee", "role_manager")
NAV_LINK = '[data-testid="stSidebarNav"] a'


@pytest.fixture
def demo(demo_server):
    return demo_server[0]


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


@pytest.mark.parametrize("locale", ["fr-FR", "en-US"])
def test_every_page_of_the_demo_asks_only_the_dashboards_host(demo, browser, tmp_path, locale):
    """Every page for every role, in both languages: no exception box, no request to another
    host, and in French no string of the English interface; screenshots kept in tmp_path."""
    from dashboard.i18n import LABELS

    lang = locale[:2]
    roles = [LABELS[key][lang] for key in ROLE_KEYS]
    english = english_only_strings() if lang == "fr" else []
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
