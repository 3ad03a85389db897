"""The pipelined store pass stores the rows the sequential pass stored, in short
transactions, and scores a text met in an earlier batch only once."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pytest

import scoring.batch as batch
import scoring.store_pass as store_pass
from ambassade.model import Mention
from scoring.batch import score_many
from scoring.sentiment import SCORER
from store import daily
from store.connect import open_store
from store.mentions import ScoreRow, insert_mentions, mention_texts, save_scores, unscored_after, unscored_keys
from store.state import ShortLivedStore
from tests.scoring.test_brand_pass_folded import LANGUAGES, MATCHER, corpus

T0 = datetime(2026, 5, 1, tzinfo=timezone.utc)


def varied(n: int = 700) -> list[tuple[str, str | None]]:
    """Mixed languages, stored or not, one or several sentences, the brand named or not, empty
    and over-long texts, and copies of earlier texts far apart in time (retweets)."""
    items = corpus(n, seed=5)
    items += [items[i] for i in range(0, len(items), 9)]       # the same text and lang, later
    items += [(text, "fr") for text, _ in items[:40:3]]        # the same text, another lang
    return items


def stored(path: Path, items: list[tuple[str, str | None]], same_time_every: int = 4) -> None:
    mentions = [Mention(source="rss", native_id=f"{i:05d}", author=f"a{i % 13}", author_id=None, text=text,
                        url=None, lang=lang, matched=(), created_at=T0 + timedelta(minutes=i // same_time_every))
                for i, (text, lang) in enumerate(items)]
    with open_store(path) as store, store.transaction() as db:
        insert_mentions(db, mentions)


def sequential_pass(path: Path, batch_size: int) -> None:
    """The pass as it was: read a batch, score it, write it, in turn."""
    with open_store(path) as store:
        after = None
        while True:
            with store.transaction() as db:
                rows = unscored_after(db, SCORER, after, batch_size)
            if not rows:
                return
            after = (rows[-1][4], rows[-1][0])
            scored = score_many([(r[1] or "", r[2]) for r in rows], LANGUAGES, MATCHER, workers=1)
            with store.transaction() as db:
                save_scores(db, [ScoreRow(r[0], SCORER, lang, s.compound, s.pos, s.neu, s.neg, s.label, brand)
                                 for r, (lang, s, brand) in zip(rows, scored)])


def scores_in(path: Path) -> dict[str, tuple]:
    with open_store(path) as store:
        rows = store._rows("SELECT mention_id, scorer, lang, compound, pos, neu, neg, label, brand_compound "
                           "FROM scores")
        langs = dict(store._rows("SELECT id, lang FROM mentions"))
    return {row[0]: (*row[1:], langs[row[0]]) for row in rows}


@pytest.mark.parametrize("matcher", [MATCHER, None])
def test_a_workers_task_taken_language_by_language_gives_score_ones_figures_in_order(matcher):
    items = varied(400)
    expected = []
    for text, lang in items:
        lang, s, brand = batch.score_one(text, lang, LANGUAGES, matcher)
        expected.append((lang, s.compound, s.pos, s.neu, s.neg, s.label, brand))
    assert store_pass.score_flat(items, LANGUAGES, matcher) == expected
    assert len({flat[0] for flat in expected}) == 3     # French, English and undecided, interleaved
    assert store_pass.score_flat([], LANGUAGES, matcher) == []


@pytest.mark.parametrize("workers", [1, 2])
def test_the_pipelined_pass_stores_the_rows_the_sequential_pass_stored(tmp_path, monkeypatch, workers):
    monkeypatch.setattr(batch, "STORE_BATCH", 97)          # many batches, ties split between them
    monkeypatch.setattr(batch, "PARALLEL_MIN", 10)         # the pool, with several tasks per batch
    monkeypatch.setattr(batch, "CHUNK", 23)
    items = varied()
    old, new = tmp_path / "old.duckdb", tmp_path / "new.duckdb"
    stored(old, items)
    shutil.copy(old, new)
    sequential_pass(old, 97)
    assert batch.score_store(ShortLivedStore(new), MATCHER, LANGUAGES, workers=workers) == len(items)
    expected = scores_in(old)
    assert len(expected) == len(items)
    assert scores_in(new) == expected


def test_a_text_met_in_an_earlier_batch_is_scored_once(db_path, monkeypatch):
    monkeypatch.setattr(batch, "STORE_BATCH", 10)
    # Every batch of 10 shares texts with the batch before it (still in flight) and earlier ones.
    items = [(f"Lemoine numéro {i % 15} " + ("top" if i % 15 % 2 else "nul"), None) for i in range(60)]
    items.append(("Lemoine numéro 1 top", "en"))
    stored(db_path, items, same_time_every=1)
    sent: list[tuple] = []
    real = store_pass.score_flat

    def counting(keys, languages, matcher):
        sent.extend(keys)
        return real(keys, languages, matcher)

    monkeypatch.setattr(store_pass, "score_flat", counting)
    assert batch.score_store(ShortLivedStore(db_path), MATCHER, LANGUAGES, workers=1) == 61
    assert len(sent) == len(set(sent)) == 16 and set(sent) == set(items)   # each distinct (text, lang) once
    expected = dict(zip(sent, real(sent, LANGUAGES, MATCHER)))
    with open_store(db_path) as store:
        got = {row[0]: row[1:] for row in store._rows("SELECT mention_id, lang, compound, label FROM scores")}
    assert got == {f"rss:{i:05d}": (expected[key][0], expected[key][1], expected[key][5])
                   for i, key in enumerate(items)}


def test_each_batch_is_written_with_the_next_read_in_one_short_transaction(db_path, monkeypatch):
    monkeypatch.setattr(batch, "STORE_BATCH", 10)
    stored(db_path, [(f"Lemoine {i}", "fr") for i in range(250)])     # 25 batches
    store = ShortLivedStore(db_path)
    opened = []
    transaction = store.transaction

    def counted():
        opened.append(1)
        return transaction()

    monkeypatch.setattr(store, "transaction", counted)
    assert batch.score_store(store, MATCHER, LANGUAGES, workers=1) == 250
    # The first two batches' reads, then a write and the next read per batch; the keys of
    # ten batches (100) per anti-join: 100, 100, then 50 (fewer than asked: none left).
    assert len(opened) == 1 + 25 + 3
    assert 0 < store.longest_hold


def test_the_keys_and_their_texts_give_the_rows_the_cursor_gives(db):
    db.close()
    path = db.path
    stored(path, [(f"texte {i}", "fr" if i % 2 else None) for i in range(30)], same_time_every=7)
    with open_store(path) as store, store.transaction() as con:
        save_scores(con, [ScoreRow(f"rss:{i:05d}", SCORER, "fr", 0.0, 0.0, 1.0, 0.0, "neutral")
                          for i in (4, 5, 17)])
        expected, after = [], None
        while rows := unscored_after(con, SCORER, after, 4):
            expected += [(r[0], r[1], r[2], r[4]) for r in rows]
            after = (rows[-1][4], rows[-1][0])
        keys = unscored_keys(con, SCORER, None, 11)
        keys = pa.concat_tables([keys, unscored_keys(con, SCORER, (keys.column("created_at")[-1].as_py(),
                                                                   keys.column("id")[-1].as_py()), 100)])
        got = []
        for start in range(0, keys.num_rows, 4):
            table = mention_texts(con, keys.slice(start, 4))
            got += list(zip(*(table.column(c).to_pylist() for c in ("id", "text", "lang", "created_at"))))
    assert got == expected and len(got) == 27


def test_the_remembered_scores_are_bounded_oldest_forgotten_first():
    recent = store_pass.Recent(limit=3)
    recent.add([("a", None), ("b", None)], ["A", "B"])
    recent.add([("c", None), ("d", None)], ["C", "D"])
    assert recent.scores == {("b", None): "B", ("c", None): "C", ("d", None): "D"}


def daily_tables(path: Path) -> dict[str, list[tuple]]:
    """Each daily table summed by its key (rows appended by pages and recounts alike)."""
    with open_store(path) as store:
        return {
            "daily_counts": store._rows("SELECT day, voice, source, lang, label, own, sum(mentions), "
                                        "round(sum(sentiment), 9) FROM daily_counts GROUP BY ALL ORDER BY ALL"),
            "daily_mentions": store._rows("SELECT day, source, lang, matched, sum(mentions) FROM daily_mentions "
                                          "GROUP BY ALL HAVING sum(mentions) <> 0 ORDER BY ALL"),
            "daily_authors": store._rows("SELECT DISTINCT * FROM daily_authors ORDER BY ALL"),
        }


def test_after_the_pass_the_daily_tables_are_those_a_full_recount_gives(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "STORE_BATCH", 97)
    items = varied()             # a third with no language: the pass gives them the detected one
    path = tmp_path / "pass.duckdb"
    stored(path, items, same_time_every=1)
    with open_store(path) as store, store.transaction() as db:   # spread over many local days
        db._rows("UPDATE mentions SET created_at = created_at + to_hours(CAST(7 * (hash(id) % 97) AS BIGINT))")
        daily.recount_all(db)
    assert batch.score_store(ShortLivedStore(path), MATCHER, LANGUAGES, workers=1) == len(items)
    after_pass = daily_tables(path)
    with open_store(path) as store, store.transaction() as db:
        daily.recount_all(db)
    assert after_pass == daily_tables(path)
    assert any(row[4] != "unscored" for row in after_pass["daily_counts"])
