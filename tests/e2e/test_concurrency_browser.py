"""The promise to keep: the dashboard in a real browser while the scheduler collects and a
100k backlog is scored. No page shows an error, no command fails for a lock."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ambassade.model import Mention
from store.connect import open_store
from store.mentions import insert_mentions
from tests.collectors.conftest import payload
from tests.conftest import MINIMAL_TOML, REPO
from tests.e2e.conftest import start_server, stop

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BACKLOG = 100_000
PAGES = [("/", "Vue d'ensemble"), ("/mentions", "Rechercher (texte et auteurs)"), ("/advocacy", "Programme ambassadeurs"),
         ("/health", "Contenu de la base"), ("/coaching", "Accompagnement")]


def backlog(path: Path) -> None:
    """100k unscored mentions over 60 days, written by the store's own batch insert."""
    now = datetime.now(timezone.utc)
    with open_store(path) as store:
        for start in range(0, BACKLOG, 20_000):
            with store.transaction() as db:
                insert_mentions(db, [Mention(source=("rss", "reddit", "x")[i % 3], native_id=str(i),
                                             author=f"author{i % 2000}", author_id=None,
                                             text=f"Lemoine numéro {i} : " + ("trop bien" if i % 3 else "bof, déçu"),
                                             url=f"https://example.org/{i}", matched=("Lemoine",),
                                             created_at=now - timedelta(seconds=i * 50))
                                     for i in range(start, start + 20_000)])


def test_pages_keep_working_while_the_scheduler_collects_and_scores(tmp_path: Path, httpserver, browser):
    db = tmp_path / "busy.duckdb"
    backlog(db)
    httpserver.expect_request("/feed").respond_with_data(payload("rss", "listening_rss2.xml"))
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML + f'\n[rss]\nfeeds = ["{httpserver.url_for("/feed")}"]\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMBASSADE_")}
    base, server = start_server(["--config", str(config), "--db", str(db), "dashboard"], env, tmp_path)
    results: dict[str, tuple[int, str]] = {}

    def writers() -> None:
        for command in (["schedule", "--once", "rss"], ["score"]):
            done = subprocess.run([sys.executable, "-m", "ambassade", "--config", str(config), "--db", str(db),
                                   *command], cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
            results[command[0]] = (done.returncode, done.stderr)

    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    visits = 0
    try:
        work = threading.Thread(target=writers)
        work.start()
        while work.is_alive() or visits < len(PAGES):
            path, expected = PAGES[visits % len(PAGES)]
            page.goto(base + path, wait_until="domcontentloaded")
            page.get_by_text(expected).first.wait_for(timeout=60_000)
            page.wait_for_timeout(500)
            text = page.inner_text("body")
            assert page.locator('[data-testid="stException"]').count() == 0, text
            assert "locked" not in text and "StoreError" not in text and "Traceback" not in text, text
            visits += 1
        work.join()
        # The grid's own CSV export is off (formula cells); its other tools remain.
        page.goto(base + "/mentions", wait_until="domcontentloaded")
        page.get_by_text("Télécharger tout le résultat (CSV)").first.wait_for(timeout=60_000)
        page.locator('[data-testid="stDataFrame"]').first.hover()
        page.wait_for_timeout(500)
        assert page.locator('[aria-label="Search"]').count() == 1      # the grid's toolbar is shown…
        assert page.locator('[aria-label="Download as CSV"]').count() == 0   # …without its export
    finally:
        page.close()
        stop(server)
    for name, (code, stderr) in results.items():
        assert code == 0, (name, stderr)
        assert "locked" not in stderr, (name, stderr)
    with open_store(db) as store:
        assert store._rows("SELECT count(*) FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id "
                           "WHERE s.mention_id IS NULL") == [(0,)]
    assert visits >= len(PAGES)
    print(f"{visits} page views during collection and scoring of {BACKLOG} mentions")
