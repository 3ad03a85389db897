"""`ambassade correct`: a mention's sentiment or irrelevance, recorded with who and when."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from ambassade.model import Mention
from store import open_store
from store.corrections import latest
from store.mentions import insert_mentions
from tests.ambassade.test_cli import assert_one_line_error, invoke


def _db(tmp_path):
    path = tmp_path / "c.duckdb"
    with open_store(path) as store, store.transaction() as db:
        insert_mentions(db, [Mention("x", "1", "bob", "bob", "Maison Lemoine qui ne répond plus aux messages",
                                     None, datetime(2026, 11, 30, tzinfo=timezone.utc), matched=("Lemoine",))])
    return path


def test_correct_records_sentiment_with_who(tmp_path):
    path = _db(tmp_path)
    result = invoke("--db", str(path), "correct", "x:1", "--sentiment", "negative", "--by", "Sophie", "--json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["sentiment"] == "negative" and printed["by"] == "Sophie" and not printed["irrelevant"]
    with open_store(path) as store:
        assert latest(store, "x:1").label == "negative"


def test_correct_marks_irrelevant(tmp_path):
    path = _db(tmp_path)
    result = invoke("--db", str(path), "correct", "x:1", "--irrelevant", "--by", "Sophie")
    assert result.exit_code == 0 and "irrelevant" in result.output
    with open_store(path) as store:
        assert latest(store, "x:1").irrelevant


def test_correct_refuses_bad_input_with_one_line(tmp_path):
    path = _db(tmp_path)
    assert_one_line_error(invoke("--db", str(path), "correct", "x:1", "--by", "a"), "--sentiment")
    assert_one_line_error(invoke("--db", str(path), "correct", "x:1", "--irrelevant", "--sentiment",
                                 "neutral", "--by", "a"), "one of them")
    assert_one_line_error(invoke("--db", str(path), "correct", "x:404", "--irrelevant", "--by", "a"),
                          "no mention")
    assert_one_line_error(invoke("--db", str(path), "correct", "x:1", "--irrelevant", "--by", "\x1b[31m"),
                          "who corrects")
    assert invoke("--db", str(path), "correct", "x:1", "--sentiment", "furious").exit_code == 2
