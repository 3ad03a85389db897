"""The store pass walks unscored mentions with a keyset cursor and gives the rows it gave before."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import scoring.batch as batch
from ambassade.model import Mention
from scoring.sentiment import SCORER
from store.mentions import ScoreRow, insert_mentions, save_scores, unscored_after
from store.state import ShortLivedStore
from tests.scoring.test_brand_pass_folded import LANGUAGES, MATCHER, corpus, two_passes

T0 = datetime(2026, 5, 1, tzinfo=timezone.utc)


def store_corpus(db, items, same_time_every: int = 1) -> list[Mention]:
    mentions = [Mention(source="rss", native_id=f"{i:05d}", author=f"a{i % 13}", author_id=None, text=text,
                        url=None, lang=lang, matched=(), created_at=T0 + timedelta(minutes=i // same_time_every))
                for i, (text, lang) in enumerate(items)]
    with db.transaction() as con:
        insert_mentions(con, mentions)
    return mentions


def test_the_pass_stores_the_rows_the_two_passes_gave_on_a_mixed_corpus(db, db_path, monkeypatch):
    monkeypatch.setattr(batch, "STORE_BATCH", 97)           # many batches, ties split between them
    items = [(t, lang) for t, lang in corpus(600, seed=21) if t]
    mentions = store_corpus(db, items, same_time_every=10)
    db.close()
    assert batch.score_store(ShortLivedStore(db_path), MATCHER, LANGUAGES, workers=1) == len(items)
    expected = {}
    for m in mentions:
        lang, s, brand = two_passes(m.text, m.lang)
        expected[m.id] = (lang, s.compound, s.pos, s.neu, s.neg, s.label, brand)
    with ShortLivedStore(db_path).transaction() as con:
        stored = {row[0]: tuple(row[1:]) for row in con._rows(
            "SELECT mention_id, lang, compound, pos, neu, neg, label, brand_compound FROM scores "
            "WHERE scorer = ?", [SCORER])}
    assert stored == expected


def test_the_cursor_reads_each_unscored_mention_once_and_skips_the_scored(db):
    store_corpus(db, [(f"texte {i}", "fr") for i in range(50)], same_time_every=7)
    with db.transaction() as con:
        save_scores(con, [ScoreRow(f"rss:{i:05d}", SCORER, "fr", 0.0, 0.0, 1.0, 0.0, "neutral")
                          for i in range(0, 50, 3)])
        save_scores(con, [ScoreRow("rss:00001", "old-scorer/0", "fr", 0.0, 0.0, 1.0, 0.0, "neutral")])
    read, after = [], None
    while rows := unscored_after(db, SCORER, after, 4):
        read += [r[0] for r in rows]
        after = (rows[-1][4], rows[-1][0])
    assert read == [f"rss:{i:05d}" for i in range(50) if i % 3]      # in (created_at, id) order
    assert unscored_after(db, SCORER, None, 0) == []


def test_an_empty_store_scores_nothing(db, db_path):
    db.close()
    assert batch.score_store(ShortLivedStore(db_path), MATCHER, LANGUAGES, workers=1) == 0
