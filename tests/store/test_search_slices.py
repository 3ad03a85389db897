"""A search of several common words reads the newest slices of the window first (issue 17):
the count and every page are the ones the whole window gives, wherever the matches lie."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ambassade.model import Mention
from store import listening
from store.listening import MentionFilter, explore
from store.mentions import insert_mentions
from store.search import index_pending

NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
BOUND = 100


def mention(i: int, text: str, minutes_ago: int) -> Mention:
    return Mention(source="x", native_id=str(i), author=f"a{i % 7}", author_id=str(i % 7),
                   text=f"Lemoine {text} n{i}", url=f"https://x.example/{i}",
                   created_at=NOW - timedelta(minutes=minutes_ago), lang="fr", matched=("Lemoine",))


def store_of(db, found: list[Mention]):
    with db.transaction() as con:
        insert_mentions(con, found)
    index_pending(db)
    return db


@pytest.fixture
def common(monkeypatch):
    """Every word with 10 index rows or more counts as common here (10M: 100,000)."""
    monkeypatch.setattr(listening, "SLICE_ROWS", 10)


def window(search: str) -> MentionFilter:
    return MentionFilter(NOW - timedelta(days=30), NOW + timedelta(hours=1), ("x",), search=search)


def whole_window(db, where: MentionFilter, limit: int, offset: int, monkeypatch) -> tuple[list, int]:
    with monkeypatch.context() as patched:
        patched.setattr(listening, "_slices", lambda *_: [])
        frame, total = explore(db, where, limit=limit, offset=offset, bound=BOUND)
    return list(frame["mention_id"]), total


def sliced(db, where: MentionFilter, limit: int, offset: int) -> tuple[list, int]:
    frame, total = explore(db, where, limit=limit, offset=offset, bound=BOUND)
    return list(frame["mention_id"]), total


def test_recent_broad_matches_are_counted_and_paged_from_the_newest_slice(db, common, monkeypatch):
    # Both words in two mentions of three, one a minute: far more than the bound in the last hours.
    store_of(db, [mention(i, "brioche flan" if i % 3 else "brioche", i) for i in range(3_000)])
    reads = []
    real = listening._found
    monkeypatch.setattr(listening, "_found", lambda *a, **k: reads.append(k) or real(*a, **k))
    for offset in (0, 20, BOUND - 20):
        expected = whole_window(db, window("brioche flan"), 20, offset, monkeypatch)
        reads.clear()
        assert sliced(db, window("brioche flan"), 20, offset) == expected
        if db.engine == "duckdb":                                   # a slice answered it all
            assert reads and all(k.get("since") for k in reads)


def test_matches_only_in_older_days_fall_back_to_the_whole_window(db, common, monkeypatch):
    # The newest two weeks mention one word only; both words only before.
    recent = [mention(i, "brioche", i * 10) for i in range(2_000)]
    old = [mention(10_000 + i, "brioche flan", 20 * 24 * 60 + i) for i in range(300)]
    store_of(db, recent + old)
    for offset in (0, 150, 290):
        assert sliced(db, window("brioche flan"), 20, offset) == whole_window(
            db, window("brioche flan"), 20, offset, monkeypatch)
    assert sliced(db, window("brioche flan"), 20, 0)[1] == BOUND + 1


def test_a_page_deeper_than_the_slice_holds_is_found_in_the_whole_window(db, common, monkeypatch):
    # Just over the bound in the newest hours, the rest days older: a last page past the slice.
    store_of(db, [mention(i, "brioche flan", i) for i in range(BOUND + 20)]
             + [mention(1_000 + i, "brioche flan", 10 * 24 * 60 + i) for i in range(200)])
    for offset in (0, BOUND - 10, BOUND + 10, 250):
        assert sliced(db, window("brioche flan"), 30, offset) == whole_window(
            db, window("brioche flan"), 30, offset, monkeypatch)


def test_few_matches_are_counted_exactly(db, common, monkeypatch):
    store_of(db, [mention(i, "brioche flan" if i % 50 == 0 else "brioche", i) for i in range(2_000)])
    ids, total = sliced(db, window("brioche flan"), 100, 0)
    assert total == 40
    assert (ids, total) == whole_window(db, window("brioche flan"), 100, 0, monkeypatch)


def test_a_rare_word_drives_its_search_without_slices(db):
    store_of(db, [mention(i, "brioche flan", i) for i in range(200)])
    assert listening._slices(db, window("brioche flan")) == []      # 200 rows: under SLICE_ROWS
    assert listening._slices(db, window("brioche")) == []           # one word: never sliced
