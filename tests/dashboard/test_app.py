"""The dashboard renders every page without exceptions, in French and English, safely."""

from __future__ import annotations

import pytest

from tests.dashboard.conftest import run_app

PAGES = ["pages/overview.py", "pages/mentions.py", "pages/advocacy.py", "pages/health.py"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_renders_without_exception(small_db, page, lang):
    at = run_app(page, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title


def test_overview_counts_the_window_and_draws_charts(small_db):
    at = run_app()
    assert at.title[0].value == "Vue d'ensemble"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Mentions"] == "60"
    assert len(at.get("vega_lite_chart")) == 3


def test_english_labels(small_db):
    at = run_app(lang="en")
    assert at.title[0].value == "Overview"


def test_explorer_filters_by_text_and_treats_wildcards_literally(small_db):
    at = run_app("pages/mentions.py")
    assert "60" in at.caption[0].value
    at.text_input(key="f_search").input("message 1").run()
    assert "sur 11" in at.caption[0].value  # "message 1", "message 10".."message 19"
    at.text_input(key="f_search").input("%").run()
    assert "sur 0" in at.caption[0].value


def test_explorer_shows_hostile_text_as_data_and_drops_script_links(small_db):
    at = run_app("pages/mentions.py")
    frame = at.dataframe[0].value
    hostile = frame[frame["text"].str.contains("onerror")]
    assert len(hostile) == 1
    assert frame["url"].isna().sum() == 1  # the javascript: URL is not clickable
    assert not any("onerror" in m.value for m in at.markdown)


def test_advocacy_page_waits_for_signals_and_lists_programme(small_db):
    at = run_app("pages/advocacy.py", "en")
    people = at.dataframe[-1].value
    assert len(people) == 6
    assert people["shares"].sum() == 1 and people["clicks"].sum() == 4


def test_missing_database_is_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("AMBASSADE_DB", str(tmp_path / "absent.duckdb"))
    at = run_app()
    assert not at.exception
    assert "absent.duckdb" in at.error[0].value


def test_empty_database_says_how_to_fill_it(tmp_path, monkeypatch):
    from store import open_store

    path = tmp_path / "empty.duckdb"
    open_store(path).close()
    monkeypatch.setenv("AMBASSADE_DB", str(path))
    at = run_app()
    assert not at.exception
    assert "ambassade demo" in at.info[0].value
