"""The "check my draft" page in a real server and headless Chromium: highlights render, markup stays text."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.conftest import REPO
from tests.e2e.conftest import browser, free_port, stop, wait_healthy  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser

PAGE = REPO / "dashboard" / "pages" / "draft_check.py"
HOSTILE = ("<img src=x onerror=\"document.title='pwned'\"> **gras** [lien](javascript:alert(1)) "
           ":red[rouge] $x^2$ Le Projet Brioche, il paraît que [crochets] \\ fin")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("draft")
    (folder / "ambassade.toml").write_text(
        '[brand]\nname = "Maison Lemoine"\nterms = ["Lemoine"]\nconfidential_terms = ["Projet Brioche"]\n',
        encoding="utf-8")
    port = free_port()
    env = dict(os.environ, AMBASSADE_CONFIG=str(folder / "ambassade.toml"))
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PAGE), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        env=env, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        yield base
    finally:
        stop(process)


def test_hostile_draft_renders_as_text_with_its_findings_highlighted(server, browser):
    page = browser.new_page(viewport={"width": 1300, "height": 1000}, locale="fr-FR")
    try:
        page.goto(server, wait_until="domcontentloaded")
        page.get_by_text("Vérifier mon brouillon").first.wait_for(timeout=60_000)
        page.locator("textarea").first.fill(HOSTILE)
        page.get_by_role("button", name="Vérifier").click()
        page.get_by_text("À revoir avant de publier").first.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.title() != "pwned"
        highlighted = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="Projet Brioche").first
        text = highlighted.inner_text()
        for literal in ("<img src=x", "**gras**", "[lien](javascript:alert(1))", ":red[rouge]", "$x^2$",
                        "[crochets]"):
            assert literal in text, literal
        assert highlighted.locator("img, a, script, strong:text('gras')").count() == 0
        marked = highlighted.locator("span").filter(has_text="Projet Brioche")
        assert marked.count() >= 1
        assert page.get_by_text("Attendez l'annonce officielle", exact=False).count() >= 1
        if os.environ.get("CHARTER_SCREENSHOTS"):
            page.screenshot(path=os.path.join(os.environ["CHARTER_SCREENSHOTS"], "draft_check.png"), full_page=True)
    finally:
        page.close()
