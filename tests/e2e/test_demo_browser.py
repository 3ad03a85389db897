"""The README's first command: `ambassade demo` builds the offline demo and serves it."""

from __future__ import annotations

import os

import pytest

from store import read_only
from tests.e2e.conftest import start_server, stop, visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AMBASSADE_", "X_", "REDDIT_"))}
    env["AMBASSADE_DB"] = str(db)
    base, process = start_server(["demo"], env, folder)
    yield base, db
    stop(process)


def test_demo_database_meets_the_walking_skeleton_bar(demo):
    _, db = demo
    with read_only(db) as store:
        total, sources, langs, scored = store._rows(
            """
            SELECT count(*), count(DISTINCT source),
                   list(DISTINCT m.lang ORDER BY m.lang) FILTER (m.lang IS NOT NULL),
                   count(s.mention_id)
            FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id
            """
        )[0]
    assert total >= 300
    assert sources >= 3
    assert {"fr", "en"} <= set(langs)
    assert scored / total >= 0.95


@pytest.mark.parametrize(
    "path, expected",
    [("/", "Vue d'ensemble"), ("/mentions", "Rechercher (texte et auteurs)"),
     ("/advocacy", "Ambassadeurs"), ("/coaching", "Accompagnement"),
     ("/draft_check", "Votre brouillon"), ("/health", "Contenu de la base")],
)
def test_demo_pages_render_in_chromium(demo, browser, path, expected, tmp_path):
    base, _ = demo
    visit(browser, base + path, expected)
