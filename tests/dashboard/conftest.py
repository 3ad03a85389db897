"""A small populated database, and AppTest runs of the dashboard on it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ambassade.model import Mention
from dashboard import queries
from store import open_store
from store.mentions import ScoreRow, insert_mentions, save_scores
from store.programme import (Click, Content, Employee, Share, ShareLink, insert_clicks,
                             insert_share_links, insert_shares, upsert_content, upsert_employees)
from tests.conftest import MINIMAL_TOML, REPO

APP = str(REPO / "dashboard" / "app.py")
NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
HOSTILE = '<img src=x onerror=alert(1)> =HYPERLINK("http://evil") **bold** Lemoine'


def build_small_db(path: Path) -> Path:
    """60 mentions over 30 days on three sources, scored, with a few employees and shares."""
    mentions, scores = [], []
    for i in range(60):
        source = ("x", "reddit", "rss")[i % 3]
        label = ("positive", "neutral", "negative")[i % 3 if i % 5 else 2]
        compound = {"positive": 0.6, "neutral": 0.0, "negative": -0.6}[label]
        text = HOSTILE if i == 7 else "Lemoine : il paraît que le Projet Brioche sort en mars" if i == 9 else f"Lemoine message {i} " + ("super" if label == "positive" else "bof")
        author = "emp1" if i == 9 else f"user{i % 7}"
        m = Mention(source="x" if i == 9 else source, native_id=str(i), author=author, author_id=author,
                    text=text, url="javascript:alert(1)" if i == 8 else f"https://example.org/{i}",
                    created_at=NOW - timedelta(hours=12 * i), lang="fr" if i % 4 else "en",
                    matched=("Lemoine",), author_followers=100 * i)
        mentions.append(m)
        scores.append(ScoreRow(m.id, "test/1", m.lang, compound, 0.3, 0.5, 0.2, label, compound))
    employees = [
        Employee(id=f"emp:{n}", display_name=f"Employé {n}", team="Lyon" if n < 5 else "Paris",
                 opted_in_at=NOW - timedelta(days=60), handles={"x": f"emp{n}"}, named_ok=n in (1, 6),
                 coaching_ok=n != 2)
        for n in range(8)
    ]
    content = Content(url="https://www.maisonlemoine.fr/blog/a", canonical_url="https://www.maisonlemoine.fr/blog/a",
                      title="Article", published_at=NOW - timedelta(days=3))
    with open_store(path) as store, store.transaction() as con:
        insert_mentions(con, mentions)
        save_scores(con, scores)
        upsert_employees(con, employees)
        upsert_content(con, [content])
        insert_share_links(con, [ShareLink("abc123", "emp:1", content.id, "x", NOW - timedelta(days=2))])
        insert_shares(con, [Share("x:0", "emp:1", content.id, "x", NOW - timedelta(days=2), "abc123")])
        insert_clicks(con, [Click(f"c{i}", "abc123", NOW - timedelta(hours=i)) for i in range(4)])
    return path


@pytest.fixture
def small_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = build_small_db(tmp_path / "dash.duckdb")
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML, encoding="utf-8")
    monkeypatch.setenv("AMBASSADE_DB", str(path))
    monkeypatch.setenv("AMBASSADE_CONFIG", str(config))
    return path


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    queries.forget_versions()
    yield
    st.cache_data.clear()
    queries.forget_versions()


def run_app(page: str | None = None, lang: str = "fr", role: str = "comms") -> AppTest:
    """Run the entry script as `role` (then switch to `page`) with the UI in `lang`."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["role"] = role
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at
