"""The employee's "to share" section (tracked links and intents) and the comms team's value page."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from store import open_store
from tests.dashboard.conftest import MINIMAL_TOML, build_small_db, run_app


@pytest.fixture
def linked_db(tmp_path, monkeypatch):
    path = build_small_db(tmp_path / "dash.duckdb")
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML + '\n[links]\nbase_url = "https://go.exemple.fr"\ncost_per_click = 0.75\n',
                      encoding="utf-8")
    monkeypatch.setenv("AMBASSADE_DB", str(path))
    monkeypatch.setenv("AMBASSADE_CONFIG", str(config))
    return path


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_employee_gets_tracked_links_and_intents_for_every_network(linked_db, lang):
    at = run_app("pages/me.py", lang, role="employee")
    assert not at.exception, [e.value for e in at.exception]
    grid = at.dataframe[-1].value
    assert list(grid["network"]) == ["LinkedIn", "X", "Facebook", "Bluesky", "WhatsApp"]   # no Mastodon handle
    assert all(link.startswith("https://go.exemple.fr/l/") for link in grid["link"])
    for link, intent in zip(grid["link"], grid["intent"]):
        assert intent.startswith("https://") and link in unquote(intent)
        assert "maisonlemoine.fr/blog" not in unquote(intent)      # never the bare content URL
    with open_store(linked_db) as store:
        minted = store._rows("SELECT count(*) FROM share_links l JOIN share_link_tracking t USING (code)")[0][0]
    assert minted == 5
    again = run_app("pages/me.py", lang, role="employee")
    assert list(again.dataframe[-1].value["link"]) == list(grid["link"])     # the same links, not new ones


def test_the_value_page_counts_human_clicks_at_the_configured_price(linked_db):
    at = run_app("pages/value.py")
    assert not at.exception, [e.value for e in at.exception]
    by_content = at.dataframe[0].value
    assert list(by_content["clicks"]) == [4] and list(by_content["value"]) == [3.0]
    board = at.dataframe[4].value
    # emp:1 agreed to be named; nobody else shared: one named line and an empty "others" line.
    assert list(board["display_name"])[0] == "Employé 1"
    assert len(board) == 2 and "Autres (0" in board["display_name"].iloc[-1]


def test_the_value_page_renders_in_english(linked_db):
    at = run_app("pages/value.py", "en")
    assert not at.exception and at.title[0].value == "Value of shares"
