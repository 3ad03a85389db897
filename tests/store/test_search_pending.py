"""The word index's queue (migration 0026): ingest queues new mentions instead of indexing them,
the index pass moves them into the index, and a search finds every mention once, whether it
is queued, indexed, or the store is half-way between (DuckDB's alone: PostgreSQL searches its
full-text index and never queues)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ambassade.model import Mention
from store import search
from store.corrections import correct
from store.listening import MentionFilter, explore
from store.mentions import insert_mentions
from store.retention import purge_expired
from store.search import index_pending, pending_count



@pytest.fixture
def engine() -> str:
    """DuckDB's alone (the store tests' `db` is otherwise parametrized by engine)."""
    return "duckdb"


NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
TEXTS = ["Le flan de Maison Lemoine est délicieux", "Service CLIENT déplorable chez Lemoine",
         "Brioche et brie chez Lemoine", "Lemoine 100 % pur beurre", "brioche chez Rival",
         "L'ÉTÉ à Noël: message 1, n°2 — ½ prix🥐café-crème x2 Lemoine", "ÇA DÉÇOIT!!! a b 7up_lemoine"]
SEARCHES = ("lemoine", "bri", "brioche lemoine", "client deplor", "elodie", "paul1", "n1", "rival",
            "flan n10", "bri lemoine chez", "ete", "noel message 1", "2", "x2", "creme cafe", "ca decoit",
            "up", "7", "7up", "lemoine_", "½", "été", "n°2")


def mentions(n: int, start: int = 0) -> list[Mention]:
    return [Mention(source="x" if i % 7 else "reddit", native_id=str(i),
                    author=f"Élodie_{i % 3}" if i % 2 else f"paul{i}", author_id=str(i),
                    text=TEXTS[i % len(TEXTS)] + f" n{i}", url=f"https://x.example/{i}",
                    created_at=NOW - timedelta(hours=i), lang="fr",
                    matched=() if i % len(TEXTS) == 4 else ("Lemoine",),
                    competitors=("Rival",) if i % 10 == 4 else ())
            for i in range(start, start + n)]


def windows() -> list[MentionFilter]:
    return [MentionFilter(NOW - timedelta(days=30), NOW + timedelta(days=1), ("x", "reddit")),
            MentionFilter(NOW - timedelta(days=3), NOW - timedelta(hours=5), ("x",))]


def answers(db) -> dict:
    """Every search's count and newest rows, in every window, by the index road and by the
    mentions' road (a language filter reads the mentions, the search as a semi-join)."""
    found = {}
    for window in windows():
        for words in SEARCHES:
            fast = MentionFilter(window.start, window.end, window.sources, search=words)
            slow = MentionFilter(window.start, window.end, window.sources, langs=("fr",), search=words)
            for road, where in (("index", fast), ("mentions", slow)):
                frame, total = explore(db, where, limit=500)
                found[(window.start, window.sources, words, road)] = (total, list(frame["mention_id"]))
                frame, total = explore(db, where, limit=10, offset=5, bound=20)   # "more than 20", page 2
                found[(window.start, window.sources, words, road, "bounded")] = (total, list(frame["mention_id"]))
    return found


def test_a_new_mention_is_queued_not_indexed_and_found_at_once(db):
    with db.transaction() as con:
        insert_mentions(con, mentions(30))
    assert pending_count(db) == 30
    assert db._rows("SELECT count(*) FROM mention_tokens") == [(0,)]
    frame, total = explore(db, MentionFilter(NOW - timedelta(days=30), NOW + timedelta(days=1), ("x",),
                                             search="n17"))
    assert (list(frame["mention_id"]), total) == (["x:17"], 1)


def test_searches_give_the_same_answers_queued_half_indexed_and_indexed(db):
    with db.transaction() as con:
        insert_mentions(con, mentions(120))
        correct(con, "x:1", irrelevant=True, by="Camille")       # the anti-join on both sides
    queued = answers(db)
    with db.transaction() as con:
        assert search.fold_queue(con, 50) == 50                         # half-way: some indexed, some queued
    assert pending_count(db) == 70
    half = answers(db)
    assert index_pending(db) == 70
    assert pending_count(db) == 0
    indexed = answers(db)
    assert queued == half == indexed
    assert indexed[(windows()[0].start, ("x", "reddit"), "lemoine", "index")][0] > 0
    for key, (total, ids) in indexed.items():                     # found once, never twice
        assert len(ids) == len(set(ids)) == (min(total, 500) if len(key) == 4 else max(0, min(total - 5, 10)))
        assert len(key) == 4 or total <= 21
    for key, (total, ids) in indexed.items():                     # both roads agree
        if key[3] == "index":
            assert (total, ids) == indexed[(*key[:3], "mentions", *key[4:])]


def test_a_prefix_of_two_words_of_a_queued_mention_counts_it_once(db):
    with db.transaction() as con:
        insert_mentions(con, mentions(1, start=2))                 # "Brioche et brie chez Lemoine n2"
    where = MentionFilter(NOW - timedelta(days=30), NOW + timedelta(days=1), ("x",), search="bri")
    assert explore(db, where)[1] == 1
    index_pending(db)
    assert explore(db, where)[1] == 1


def test_the_pass_moves_the_queue_in_chunks_of_short_transactions(db):
    with db.transaction() as con:
        insert_mentions(con, mentions(25))
    assert index_pending(db, limit=10, chunk=4) == 10              # 4 + 4 + 2: at most the limit
    assert pending_count(db) == 15
    assert index_pending(db, chunk=4) == 15
    assert index_pending(db) == 0
    [(indexed,)] = db._rows("SELECT count(DISTINCT mention_id) FROM mention_tokens")
    assert indexed == 25
    tokens = [r[0] for r in db._rows("SELECT token FROM mention_tokens WHERE mention_id = 'x:3'")]
    assert sorted(tokens) == sorted(db._rows("SELECT search_tokens(?)", ["Élodie_0 " + TEXTS[3] + " n3"])[0][0])


def test_ingest_folds_the_queue_in_itself_past_its_bound(db, monkeypatch):
    monkeypatch.setattr(search, "PENDING_MAX", 20)
    monkeypatch.setattr(search, "FOLD_ROWS", 15)
    for page in range(4):
        with db.transaction() as con:
            insert_mentions(con, mentions(10, start=10 * page))
        assert pending_count(db) <= 20
    [(indexed,)] = db._rows("SELECT count(DISTINCT mention_id) FROM mention_tokens")
    assert indexed + pending_count(db) == 40 and indexed > 0
    where = MentionFilter(NOW - timedelta(days=30), NOW + timedelta(days=1), ("x", "reddit"), search="n3")
    ours = [m for m in mentions(40) if m.native_id.startswith("3") and (m.matched or not m.competitors)]
    assert explore(db, where)[1] == len(ours) == 11      # n3, n30 … n39, queued or indexed
    index_pending(db)
    assert explore(db, where)[1] == 11


def test_purge_and_erasure_leave_nothing_queued(db):
    with db.transaction() as con:
        insert_mentions(con, mentions(50))
    with db.transaction() as con:
        purge_expired(con, 1, NOW)                                  # older than a day: i > 24
    assert db._rows("SELECT count(*) FROM mention_tokens_pending") == db._rows("SELECT count(*) FROM mentions")
    assert db._rows("SELECT count(*) FROM mention_tokens_pending WHERE mention_id NOT IN "
                    "(SELECT id FROM mentions)") == [(0,)]


def test_erasure_leaves_nothing_of_an_employee_in_the_queue(tmp_path):
    """Their posts queued (not yet indexed, their handle in the folded text): erasure takes
    them out of the queue as out of everything else."""
    from ambassade.demo.build import build_demo
    from store import open_store
    from store.retention import erase_employee

    path = tmp_path / "demo.duckdb"
    build_demo(path, today=NOW.date())
    with open_store(path) as db:
        with db.transaction() as con:       # their posts back in the queue, as if just collected
            [(employee,)] = con._rows("SELECT employee_id FROM employee_posts GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
            posts = con._arrow("SELECT * FROM mentions WHERE id IN "
                               "(SELECT id FROM employee_posts WHERE employee_id = ?)", [employee])
            con._rows("DELETE FROM mention_tokens WHERE mention_id IN (SELECT id FROM employee_posts "
                      "WHERE employee_id = ?)", [employee])
            with con._registered("_posts", posts):
                search.queue_batch(con, "_posts")
        assert pending_count(db) == posts.num_rows > 0
        with db.transaction() as con:
            erase_employee(con, employee)
        assert pending_count(db) == 0
