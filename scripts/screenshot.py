"""Take the README's screenshots of the demo dashboard in headless Chromium.

Usage: .venv/bin/python scripts/screenshot.py [OUT_DIR]   (needs Debian's chromium)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM_ARGS, start_server, stop  # noqa: E402

PAGES = {"overview": ("/", "Vue d'ensemble"), "mentions": ("/mentions", "Rechercher dans le texte"),
         "advocacy": ("/advocacy", "Ambassadeurs")}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, AMBASSADE_DB=str(Path(folder) / "demo.duckdb"))
        base, process = start_server(["demo"], env, Path(folder))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                for name, (path, text) in PAGES.items():
                    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="fr-FR")
                    page.goto(base + path)
                    page.get_by_text(text).first.wait_for(timeout=60_000)
                    page.wait_for_timeout(2500)
                    page.screenshot(path=str(out / f"{name}.png"))
                    page.close()
                browser.close()
        finally:
            stop(process)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
