"""score_store scores what is new once, identical texts once, and re-scores on a new scorer version."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ambassade.text.terms import TermMatcher
import scoring.batch as batch
from ambassade.model import Mention
from scoring.batch import score_many, score_store
from scoring.sentiment import SCORER
from store.mentions import ScoreRow, insert_mentions, save_scores

T0 = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)
MATCHER = TermMatcher(["Lemoine"])


def mention(native_id: str, text: str, lang: str | None = None, author: str = "ana") -> Mention:
    return Mention(source="x", native_id=native_id, author=author, author_id=None, text=text,
                   url=None, created_at=T0 + timedelta(minutes=int(native_id)), lang=lang,
                   matched=("Lemoine",))


def store_with(db, mentions):
    with db.transaction() as con:
        insert_mentions(con, mentions)
    return db


def test_scores_every_new_mention_with_language_and_brand_score(db):
    store_with(db, [mention("1", "Lemoine, c'est trop bien !"), mention("2", "I hate the new Lemoine app")])
    assert score_store(db, MATCHER, ["fr", "en"]) == 2
    rows = db._rows("SELECT mention_id, scorer, lang, label, brand_compound > 0 FROM scores ORDER BY 1")
    assert rows == [("x:1", SCORER, "fr", "positive", True), ("x:2", SCORER, "en", "negative", False)]
    assert db._rows("SELECT lang FROM mentions ORDER BY id") == [("fr",), ("en",)]


def test_second_run_scores_nothing(db):
    store_with(db, [mention("1", "Lemoine top")])
    score_store(db, MATCHER, ["fr", "en"])
    assert score_store(db, MATCHER, ["fr", "en"]) == 0


def test_scores_by_an_older_scorer_are_redone(db):
    store_with(db, [mention("1", "Lemoine top"), mention("2", "Lemoine nul")])
    with db.transaction() as con:
        save_scores(con, [ScoreRow("x:1", "old/0.1", "fr", 0.0, 0.0, 1.0, 0.0, "neutral")])
    assert score_store(db, MATCHER, ["fr", "en"]) == 2
    assert db._rows("SELECT DISTINCT scorer FROM scores") == [(SCORER,)]


def test_identical_texts_are_scored_once(monkeypatch):
    calls = []
    real = batch.score_one

    def counting(text, lang, languages, matcher):
        calls.append(text)
        return real(text, lang, languages, matcher)

    monkeypatch.setattr(batch, "score_one", counting)
    items = [("RT Lemoine top", None)] * 50 + [("Lemoine nul", "fr")] * 10
    results = score_many(items, ("fr", "en"), MATCHER, workers=1)
    assert len(results) == 60 and sorted(set(calls)) == ["Lemoine nul", "RT Lemoine top"]
    assert results[0] == results[49]


def test_given_language_outside_the_configured_ones_is_detected(db):
    store_with(db, [mention("1", "Le pain de Lemoine est excellent", lang="es")])
    score_store(db, MATCHER, ["fr", "en"])
    assert db._rows("SELECT lang FROM scores") == [("fr",)]


def test_parallel_and_serial_give_the_same_scores(monkeypatch):
    monkeypatch.setattr(batch, "PARALLEL_MIN", 10)
    monkeypatch.setattr(batch, "CHUNK", 7)
    items = [(f"Lemoine {'top' if i % 2 else 'nul'} {i}", None) for i in range(40)]
    assert score_many(items, ("fr", "en"), MATCHER, workers=2) == score_many(items, ("fr", "en"), MATCHER, workers=1)


def test_empty_huge_and_hostile_texts_are_stored(db):
    texts = ["", "=HYPERLINK(\"http://evil\")", "<script>alert(1)</script> Lemoine", "Lemoine " * 100_000]
    store_with(db, [mention(str(i), t) for i, t in enumerate(texts, 1)])
    assert score_store(db, MATCHER, ["fr", "en"]) == 4
    assert db._rows("SELECT count(*) FROM scores WHERE compound BETWEEN -1 AND 1") == [(4,)]


def test_store_scoring_in_parallel_workers(db, monkeypatch):
    monkeypatch.setattr(batch, "PARALLEL_MIN", 10)
    monkeypatch.setattr(batch, "CHUNK", 8)
    store_with(db, [mention(str(i), f"Lemoine {'top' if i % 2 else 'nul'} n°{i}") for i in range(1, 41)])
    assert score_store(db, MATCHER, ["fr", "en"]) == 40
    assert db._rows("SELECT label, count(*) FROM scores GROUP BY 1 ORDER BY 1") == [
        ("negative", 20), ("positive", 20)]
