"""The health page's counts without counting every row on PostgreSQL (issue 16): the mentions
from the daily tables are exact, big tables are PostgreSQL's estimate and say so, small ones
and DuckDB's are counted; the exact counts (`row_counts`, `scoring_coverage`) stay exact."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ambassade.model import Mention
from store import health
from store.health import Count, page_counts, page_coverage, row_counts, scoring_coverage
from store.mentions import ScoreRow, insert_mentions, save_scores
from store.retention import purge_expired

NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)


def _mentions(n: int) -> list[Mention]:
    return [Mention(source=("x", "reddit", "rss")[i % 3], native_id=str(i), author=f"user{i}", author_id=f"user{i}",
                    text=f"Lemoine {i}", url=f"https://example.org/{i}", created_at=NOW - timedelta(days=i),
                    lang=("fr", "en")[i % 2], matched=("Lemoine",))
            for i in range(n)]


def _filled(db, n: int = 30, scored: int = 12) -> list[Mention]:
    mentions = _mentions(n)
    with db.transaction() as tx:
        insert_mentions(tx, mentions)
        save_scores(tx, [ScoreRow(m.id, "t/1", "fr", 0.5, 0.5, 0.5, 0.0, "positive") for m in mentions[:scored]])
    return mentions


def _analysed(db) -> None:
    """What autovacuum does on a live database: the planner's statistics brought up to date."""
    if db.engine == "postgres":
        db._rows("ANALYZE")


def test_the_page_counts_are_the_exact_counts_while_tables_are_small(db):
    _filled(db)
    _analysed(db)
    exact = row_counts(db)
    assert page_counts(db) == {name: Count(n) for name, n in exact.items()}
    assert exact["mentions"] == 30 and exact["scores"] == 12
    assert page_coverage(db) == (*scoring_coverage(db), False) == (12, 30, False)


def test_an_empty_store_counts_nothing(db):
    assert page_coverage(db) == (0, 0, False)
    assert page_counts(db) == {name: Count(n) for name, n in row_counts(db).items()}
    assert page_counts(db)["mentions"] == Count(0)


def test_big_postgresql_tables_are_estimated_and_the_mentions_stay_exact(db, monkeypatch):
    monkeypatch.setattr(health, "ESTIMATE_FROM", 5)      # "big": five rows, for a small test store
    _filled(db)
    _analysed(db)
    counts, exact = page_counts(db), row_counts(db)
    assert counts["mentions"] == Count(exact["mentions"]) == Count(30)       # daily_mentions: exact
    if db.engine == "postgres":
        assert counts["scores"].approximate and counts["authors"].approximate
        # ANALYZE reads every row of a table this small: the estimate is the count here.
        assert {name: c.rows for name, c in counts.items()} == exact
        assert page_coverage(db) == (12, 30, True)
    else:                                                 # DuckDB counts from its metadata: exact
        assert counts == {name: Count(n) for name, n in exact.items()}
        assert page_coverage(db) == (12, 30, False)


def test_a_table_never_analysed_is_counted(db, monkeypatch):
    monkeypatch.setattr(health, "ESTIMATE_FROM", 5)
    _filled(db)                                           # no ANALYZE: reltuples is -1 (or 0)
    counts = page_counts(db)
    assert {name: c.rows for name, c in counts.items()} == row_counts(db)


@pytest.mark.parametrize("days", [10, 25])
def test_the_mentions_stay_exact_after_a_purge(db, days):
    _filled(db)
    purge_expired(db, days, NOW)
    _analysed(db)
    assert page_counts(db)["mentions"] == Count(row_counts(db)["mentions"])
    assert page_coverage(db)[:2] == scoring_coverage(db)
