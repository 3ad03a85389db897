"""In French, every string the dashboard shows comes from the French catalogue or from the data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import run_app
from tests.dashboard.shown import shown_strings, unknown

COMMS = ["pages/overview.py", "pages/mentions.py", "pages/advocacy.py", "pages/coaching.py",
         "pages/value.py", "pages/content.py", "pages/programme_status.py", "pages/draft_check.py",
         "pages/health.py"]
EMPLOYEE = ["pages/me.py", "pages/suggestions.py", "pages/propose.py", "pages/consent.py"]
MANAGER = ["pages/team.py"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    from ambassade.demo.build import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path, today=date(2026, 11, 30))
    return path


@pytest.fixture
def demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The demo served with its own config; returns every text value the database holds."""
    from ambassade.demo.build import DEMO_SETTINGS
    from store import read_only

    monkeypatch.setenv("AMBASSADE_DB", str(demo_db))
    monkeypatch.setenv("AMBASSADE_CONFIG", str(DEMO_SETTINGS))
    from ambassade.demo.build import demo_settings

    config = demo_settings()
    with read_only(demo_db) as store:
        return (store_strings(store) | charter_strings(store, config)
                | {str(demo_db), *config.brand.terms, *config.rss.feeds, *config.rss.content_feeds,
                   *config.reddit.queries, *config.x.queries})


def charter_strings(store, config) -> set[str]:
    """The coaching cards' and themes' texts: the demo charter's own French wording (a document
    the company writes, like the data) quoting the employees' posts. Their labels and codes
    (clause, category, severity) are still the catalogue's to translate."""
    from charter.coaching import employee_cards, team_themes
    from charter.config import checker_from_settings
    from store.programme import enrolled

    checker = checker_from_settings(config)
    found: set[str] = set()
    people = enrolled(store)
    for row in people.itertuples():
        for card in employee_cards(store, row.id, lang="fr", checker=checker):
            found |= {card.title, card.what_happened, card.better_way, card.example or "", card.clause or ""}
    for team in set(people["team"]):
        for theme in team_themes(store, team, lang="fr", checker=checker):
            found |= {theme.title, theme.tip, theme.example}
    # as the walk compares them: a title ending on a quotation mark loses it ("« on-dit »")
    return (found | {text.strip().strip('«»"').strip() for text in found}) - {""}


# Codes the application writes (states, kinds, labels) are not data: a page must translate them.
CODES = {"state", "status", "kind", "label", "class", "category", "severity", "event", "job", "verdict",
         "scope", "scopes", "origin", "network", "decision", "reason"}


def store_strings(store) -> set[str]:
    """Every string cell of every table, and every element of string lists (codes left out)."""
    values: set[str] = set()
    for (table,) in store._rows("SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"):
        for (column, kind) in store._rows(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]):
            if column in CODES:
                continue
            if kind == "VARCHAR":
                values.update(v for (v,) in store._rows(f'SELECT DISTINCT "{column}" FROM "{table}"') if v)
            elif kind == "VARCHAR[]":
                values.update(v for (v,) in store._rows(f'SELECT DISTINCT unnest("{column}") FROM "{table}"') if v)
    # what pages derive from the data: names with teams, brand name, network names
    return values | {"Maison Lemoine", "LinkedIn", "X", "Bluesky", "Mastodon", "Reddit", "Ambassade",
                     "Français", "English"}


def test_the_walk_finds_an_english_placeholder_planted_in_a_french_page():
    """The check can fail: Streamlit's own "Choose options" is not in the French catalogue."""
    def page():
        import streamlit as st
        st.title("Mentions")
        st.multiselect("Langues", ["fr", "en"])
        st.dataframe({"started_at": [1]})

    at = AppTest.from_function(page)
    at.run()
    assert unknown(shown_strings(at), set()) == ["Choose options", "started_at"]


def test_a_number_column_with_a_printf_format_is_flagged_and_the_localized_one_is_not():
    """"%.2f" writes "46.50" in a French browser; display.decimals gives the grid the browser's
    number format ("46,50")."""
    def page():
        import streamlit as st

        from dashboard.display import decimals
        st.dataframe({"a": [46.5], "b": [0.25]}, column_config={
            "a": st.column_config.NumberColumn("Valeur", format="%.2f"), "b": decimals("Score")})

    at = AppTest.from_function(page)
    at.run()
    assert unknown(shown_strings(at), set()) == ["printf %.2f (Valeur)"]


@pytest.mark.slow
@pytest.mark.parametrize("role, pages", [("comms", COMMS), ("employee", EMPLOYEE), ("manager", MANAGER)])
def test_every_page_in_french_shows_only_catalogue_strings_and_data(demo, role, pages):
    problems = {}
    for page in pages:
        at = run_app(page, "fr", role)
        assert not at.exception, (page, [e.value for e in at.exception])
        missing = unknown(shown_strings(at), demo)
        if missing:
            problems[page] = missing
    assert not problems, "\n".join(f"{page}: {missing}" for page, missing in problems.items())
