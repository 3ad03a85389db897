"""The explorer's search: words of the text and of the author, from the index kept at ingest;
pages through the whole result; the CSV chunks cover it all."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import duckdb
import pytest

from ambassade.model import Mention
from store import open_store
from store.connect import migrations
from store.corrections import correct
from store.listening import MentionFilter, explore, explore_chunks
from store.mentions import insert_mentions
from store.retention import purge_expired
from store.search import index_pending

NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
TEXTS = ["Le flan de Maison Lemoine est délicieux", "Service CLIENT déplorable chez Lemoine",
         "=HYPERLINK(\"http://evil\") Lemoine", "Lemoine 100 % pur beurre", "Cœur de brioche Lemoine"]


def mentions(n: int, start: int = 0) -> list[Mention]:
    return [Mention(source="x", native_id=str(i), author=f"Élodie_{i % 3}" if i % 2 else f"paul{i}",
                    author_id=str(i), text=TEXTS[i % len(TEXTS)] + f" n{i}", url=f"https://x.example/{i}",
                    created_at=NOW - timedelta(minutes=i), lang="fr", matched=("Lemoine",))
            for i in range(start, start + n)]


@pytest.fixture
def filled(db):
    with db.transaction() as con:
        insert_mentions(con, mentions(250))
    return db


def where(search: str = "") -> MentionFilter:
    return MentionFilter(NOW - timedelta(days=30), NOW + timedelta(days=1), ("x",), search=search)


def count(db, search: str) -> int:
    return explore(db, where(search))[1]


def test_search_ignores_case_and_accents_and_matches_word_starts(filled):
    assert count(filled, "delicieux") == 50
    assert count(filled, "DÉLICIEUX") == 50
    assert count(filled, "client deplor") == 50          # every word, each a word start
    assert count(filled, "client flan") == 0
    assert count(filled, "cœur") == 50                     # folded the same both sides
    # DuckDB's strip_accents keeps the ligature; PostgreSQL's unaccent spells it out (0024).
    assert count(filled, "coeur") == (50 if filled.engine == "postgres" else 0)


def test_search_finds_authors(filled):
    assert count(filled, "elodie") == 125
    assert count(filled, "elodie_1") == count(filled, "elodie 1")
    assert count(filled, "paul10") == 6                     # paul10, paul100..paul108 (even i only)


def test_search_with_no_word_is_a_literal_substring(filled):
    assert count(filled, "%") == 50                        # "100 %" taken literally
    assert count(filled, "_") == 125                       # the underscore of "Élodie_1", not a wildcard
    assert count(filled, "=HYPERLINK(") == 50


def test_hostile_and_huge_searches_are_just_text(filled):
    assert count(filled, "'; DROP TABLE mentions; --") == 0
    assert count(filled, "lemoine " * 100) == 250
    assert count(filled, "\\x00\u202e") == 0


def test_pages_cover_the_whole_result_without_overlap(filled):
    seen = []
    for offset in range(0, 250, 100):
        frame, total = explore(filled, where(), limit=100, offset=offset)
        assert total == 250
        seen += list(frame["mention_id"])
    assert len(seen) == len(set(seen)) == 250


def test_chunks_cover_the_whole_result_newest_first(filled):
    chunks = list(explore_chunks(filled, where(), chunk=60))
    assert [len(c) for c in chunks] == [60, 60, 60, 60, 10]
    ids = [i for c in chunks for i in c["mention_id"]]
    assert len(set(ids)) == 250
    times = [t for c in chunks for t in c["created_at"]]
    assert times == sorted(times, reverse=True)


def test_the_index_follows_ingest_and_purge(filled):
    with filled.transaction() as con:
        insert_mentions(con, mentions(10, start=1000))      # new ones are found at once
        insert_mentions(con, mentions(10, start=1000))      # a re-run adds nothing twice
    assert count(filled, "n1005") == 1
    index_pending(filled)                                   # the index pass (migration 0026)
    assert count(filled, "n1005") == 1
    # DuckDB's word index holds it once; PostgreSQL's full-text index is on the mentions (0024).
    rows = filled._rows("SELECT count(*) FROM mention_tokens WHERE token = 'n1005'")[0][0]
    assert rows == (0 if filled.engine == "postgres" else 1)
    with filled.transaction() as con:
        insert_mentions(con, mentions(10, start=2000))      # queued, not yet indexed
        purge_expired(con, 1, NOW + timedelta(days=2))
    assert filled._rows("SELECT count(*) FROM mention_tokens")[0][0] == 0
    assert filled._rows("SELECT count(*) FROM mention_tokens_pending")[0][0] == 0
    assert count(filled, "n1005") == count(filled, "lemoine") == 0


# DuckDB's storage order (its zone maps need the rows sorted); PostgreSQL searches its own
# full-text index instead (0024_fulltext.postgres.sql), so this is DuckDB's test alone.
@pytest.mark.parametrize("engine", ["duckdb"])
def test_purge_leaves_the_index_sorted_for_fast_lookups(filled):
    from store.search import cluster

    with filled.transaction() as con:
        insert_mentions(con, mentions(20, start=5000))
        cluster(con)
    tokens = [r[0] for r in filled._rows("SELECT token FROM mention_tokens")]
    assert tokens == sorted(tokens)
    assert count(filled, "n5001") == 1


def test_a_search_of_many_words_counts_the_first_ten(filled):
    assert count(filled, "lemoine " + " ".join(f"w{i}" for i in range(40))) == 0
    assert count(filled, " ".join(["lemoine"] * 40)) == 250


def test_a_count_past_the_bound_says_more_and_the_pages_stay_exact(filled):
    frame, total = explore(filled, where("lemoine"), limit=100, offset=0, bound=100)
    assert total == 101                                     # "more than 100"
    assert len(frame) == 100
    assert explore(filled, where("lemoine"), bound=1000)[1] == 250
    deep, _ = explore(filled, where("lemoine"), limit=100, offset=200, bound=100)
    assert len(deep) == 50                                  # the bound caps the count, never the rows


def test_the_index_alone_answers_as_the_mentions_would(filled):
    # A language filter sends the search through the mentions (every text here is French):
    # both roads must give the same rows in the same order.
    for search in ("lemoine", "elodie", "client deplor", "n1", "paul10 flan", "cœur brioche"):
        fast, fast_total = explore(filled, where(search), limit=300)
        plain = MentionFilter(NOW - timedelta(days=30), NOW + timedelta(days=1), ("x",), langs=("fr",), search=search)
        slow, slow_total = explore(filled, plain, limit=300)
        assert fast_total == slow_total
        assert list(fast["mention_id"]) == list(slow["mention_id"])
        assert list(fast.columns) == list(slow.columns)


def test_search_keeps_the_time_window_sources_and_the_brand_rule(db):
    rival = Mention(source="x", native_id="rival", author="a", author_id="a", text="brioche chez Rival",
                    url="https://x.example/r", created_at=NOW, lang="fr", matched=(), competitors=("Rival",))
    found = Mention(source="x", native_id="found", author="b", author_id="b", text="brioche sans marque",
                    url="https://x.example/f", created_at=NOW, lang="fr", matched=())
    reddit = Mention(source="reddit", native_id="r1", author="c", author_id="c", text="brioche Lemoine",
                     url="https://reddit.example/1", created_at=NOW, lang="fr", matched=("Lemoine",))
    old = Mention(source="x", native_id="old", author="d", author_id="d", text="brioche Lemoine",
                  url="https://x.example/o", created_at=NOW - timedelta(days=60), lang="fr", matched=("Lemoine",))
    with db.transaction() as con:
        insert_mentions(con, [rival, found, reddit, old])
    frame, total = explore(db, where("brioche"))
    assert (list(frame["mention_id"]), total) == (["x:found"], 1)   # only a competitor's: not ours
    both = MentionFilter(NOW - timedelta(days=90), NOW + timedelta(days=1), ("x", "reddit"), search="brioche")
    assert explore(db, both)[1] == 3
    with db.transaction() as con:
        correct(con, "x:found", irrelevant=True, by="Camille")
    assert explore(db, where("brioche"))[1] == 0                  # the team said "not about us"


def test_a_prefix_of_two_words_of_one_mention_counts_it_once(db):
    twice = Mention(source="x", native_id="1", author="a", author_id="a", text="Brioche et brie chez Lemoine",
                    url="https://x.example/1", created_at=NOW, lang="fr", matched=("Lemoine",))
    with db.transaction() as con:
        insert_mentions(con, [twice])
    frame, total = explore(db, where("bri"))
    assert (len(frame), total) == (1, 1)
    assert explore(db, where("bri lemoine"))[1] == explore(db, where("lemoine bri"))[1] == 1


def test_a_version_22_database_gets_its_postings_from_the_stored_mentions(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for version, _, sql in migrations():
        if version < 23:
            con.execute(sql)
    con.execute("INSERT INTO schema_version VALUES (22)")
    con.execute("INSERT INTO mentions (id, source, native_id, author, text, created_at, matched, collected_at) "
                "VALUES ('x:1', 'x', '1', 'Élodie', 'Le flan déçoit', ?, ['Lemoine'], ?)", [NOW, NOW])
    con.close()
    with open_store(path) as store:
        rows = store._rows("SELECT token, created_at, source, about_brand, mention_id FROM mention_tokens")
        assert sorted(rows) == [(token, NOW, "x", True, "x:1") for token in ("decoit", "elodie", "flan", "le")]
        assert count(store, "decoit elodie") == 1


def test_the_newest_page_of_a_large_result_is_exact_however_the_matches_are_spread(db):
    # 200 older mentions and 3 recent ones: the newest slice of the window holds too few, so
    # the page comes from the whole window; evenly spread, it comes from the slice. Both exact.
    burst = [m for m in mentions(400) if m.created_at < NOW - timedelta(minutes=200) or
             m.created_at > NOW - timedelta(minutes=4)]
    with db.transaction() as con:
        insert_mentions(con, burst)
    for start in (NOW - timedelta(minutes=400), NOW - timedelta(minutes=180)):
        window = MentionFilter(start, NOW + timedelta(minutes=1), ("x",), search="lemoine")
        for offset in (0, 10, 40):
            bounded, total = explore(db, window, limit=10, offset=offset, bound=50)
            exact, _ = explore(db, window, limit=10, offset=offset, bound=10_000)
            assert list(bounded["mention_id"]) == list(exact["mention_id"])
    evenly = MentionFilter(NOW - timedelta(minutes=250), NOW + timedelta(minutes=1), ("x",), search="lemoine")
    with db.transaction() as con:
        insert_mentions(con, mentions(250))
    for offset in (0, 10, 40):
        bounded, total = explore(db, evenly, limit=10, offset=offset, bound=50)
        exact, _ = explore(db, evenly, limit=10, offset=offset, bound=10_000)
        assert total == 51 and list(bounded["mention_id"]) == list(exact["mention_id"])


@pytest.mark.parametrize("indexed", [True, False])
@pytest.mark.parametrize("few", [0, 1_000])
def test_the_words_of_a_search_give_the_same_answer_in_any_order(filled, monkeypatch, few, indexed):
    """Whichever word drives (the rarest, or the first when it has few index rows: FEW_ROWS),
    the others are checked on its candidates: same rows, same order, same count."""
    import store.search as search_index

    monkeypatch.setattr(search_index, "FEW_ROWS", few)
    if indexed:
        index_pending(filled)
    for words in (("client", "deplor"), ("paul10", "flan"), ("lemoine", "n1", "brioche"), ("bri", "lemoine")):
        answers = set()
        for order in (words, tuple(reversed(words))):
            frame, total = explore(filled, where(" ".join(order)), limit=300)
            answers.add((tuple(frame["mention_id"]), total))
        plain = MentionFilter(NOW - timedelta(days=30), NOW + timedelta(days=1), ("x",), langs=("fr",),
                              search=" ".join(words))
        frame, total = explore(filled, plain, limit=300)
        answers.add((tuple(frame["mention_id"]), total))
        assert len(answers) == 1 and total > 0, words
