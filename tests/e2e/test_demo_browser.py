"""The README's first command: `ambassade demo` builds the offline demo and serves it."""

from __future__ import annotations


import pytest

from store import read_only
from tests.e2e.conftest import visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def demo(demo_server):
    return demo_server


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
