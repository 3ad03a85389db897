"""The explorer's count stops at a bound: past it the page says "more than", in French and
English, pages as deep as the bound, and the CSV still holds every mention."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ambassade.model import Mention
from store import listening, open_store
from store.mentions import insert_mentions
from tests.conftest import MINIMAL_TOML
from tests.dashboard.conftest import NOW, run_app


@pytest.fixture
def many(tmp_path, monkeypatch):
    path = tmp_path / "many.duckdb"
    with open_store(path) as store, store.transaction() as con:
        insert_mentions(con, [Mention(source="x", native_id=str(i), author=f"a{i}", author_id=str(i),
                                      text=f"Lemoine brioche {i}", url=None, created_at=NOW - timedelta(minutes=i),
                                      lang="fr", matched=("Lemoine",)) for i in range(450)])
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML, encoding="utf-8")
    monkeypatch.setenv("AMBASSADE_DB", str(path))
    monkeypatch.setenv("AMBASSADE_CONFIG", str(config))
    monkeypatch.setattr(listening, "COUNT_BOUND", 300)


def test_past_the_bound_the_page_says_more_than_in_french(many):
    at = run_app("pages/mentions.py")
    assert not at.exception, [e.value for e in at.exception]
    assert "Mentions 1 à 100 sur plus de 300" in at.caption[0].value
    assert "Page 1 sur plus de 3" in at.caption[0].value
    assert "affinez les filtres" in at.caption[1].value
    at.number_input(key="f_page").set_value(3).run()
    assert len(at.dataframe[0].value) == 100                # page 3 is whole: rows 201 to 300
    at.text_input(key="f_search").input("brioche 12").run()   # a narrower search: an exact count again
    assert "sur 11" in at.caption[0].value and "plus de" not in at.caption[0].value


def test_past_the_bound_the_page_says_more_than_in_english(many):
    at = run_app("pages/mentions.py", "en")
    assert not at.exception, [e.value for e in at.exception]
    assert "Mentions 1 to 100 of more than 300" in at.caption[0].value
    assert "narrow the filters" in at.caption[1].value
