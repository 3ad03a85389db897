"""The dashboard's reads on PostgreSQL at 10M without full scans (issue 16), each the answer of
the plain query on both engines.

The health page's counts: the mentions from the daily tables are exact, big tables are
PostgreSQL's estimate and say so, small ones and DuckDB's are counted; the exact counts
(`row_counts`, `scoring_coverage`) stay exact. The overview's distinct authors and the
advocacy list and counts are the plain queries' answers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ambassade.model import Mention
from store import health, listening
from store.health import Count, page_counts, page_coverage, row_counts, scoring_coverage
from store.mentions import ScoreRow, insert_mentions, save_scores
from store.programme import Employee, upsert_employees
from store.retention import purge_expired
from store.signals import public_author_counts, public_authors, replace_advocacy

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


def _plain_authors(db, start: datetime, end: datetime, sources: list[str]) -> int:
    return int(db._rows("SELECT count(DISTINCT author_id) FROM public_mentions "
                        "WHERE list_contains(?, source) AND created_at >= ? AND created_at < ?",
                        [sources, start, end])[0][0])


def test_the_overviews_distinct_authors_are_the_plain_count(db):
    """Ids that differ only by case or accent stay apart under the bytes' order ("C")."""
    ids = ["anne", "Anne", "ANNE", "élodie", "elodie", "Élodie", "zoé", "zoe", "anne", "bob"]
    mentions = [Mention(source="x", native_id=f"n{i}", author=who, author_id=who, text="Lemoine",
                        url=f"https://example.org/n{i}", created_at=NOW - timedelta(hours=7 * i),
                        lang="fr", matched=("Lemoine",))
                for i, who in enumerate(ids * 3)]
    with db.transaction() as tx:
        insert_mentions(tx, mentions)
    for days in (1, 2, 3, 10):
        start, end = NOW - timedelta(days=days, hours=5), NOW + timedelta(hours=1)
        found = listening.totals(db, start, end, ["x", "rss"], False, "Europe/Paris")["authors"]
        assert found == _plain_authors(db, start, end, ["x", "rss"])
    assert listening.totals(db, NOW - timedelta(days=30), NOW + timedelta(hours=1), ["x"],
                            False, "Europe/Paris")["authors"] == 9


def test_the_advocacy_reads_are_the_plain_not_in_queries(db):
    """public_authors and public_author_counts (NOT EXISTS, read through advocacy_best on
    PostgreSQL) give the rows of the plain NOT IN query, employees left out."""
    mentions = _mentions(45)
    with db.transaction() as tx:
        insert_mentions(tx, mentions)
        upsert_employees(tx, [Employee("emp:u4", "U4", "ventes", NOW - timedelta(days=5), {"x": "user3"})])
        ids = [f"{m.source}:{m.author_id}" for m in mentions]
        replace_advocacy(tx, "author", {
            "subject_kind": ["author"] * 45, "subject_id": ids, "window_days": [90] * 45,
            "computed_at": [NOW] * 45, "class": [("ambassador", "detractor", "neutral")[i % 3] for i in range(45)],
            "confidence": [(i % 4) / 4 for i in range(45)], "score": [0.1] * 45, "mentions": [3] * 45,
            "reach": [None if i % 5 == 0 else i % 6 for i in range(45)]})
    plain = db._frame(
        "SELECT a.class, au.id AS author_id FROM advocacy a JOIN authors au ON au.id = a.subject_id "
        "WHERE a.subject_kind = 'author' AND au.id NOT IN (SELECT id FROM employee_authors) "
        "ORDER BY a.class, a.confidence DESC, a.reach DESC NULLS LAST, au.id")
    assert "x:user3" not in set(plain["author_id"]) and len(plain) == 44
    assert public_author_counts(db) == plain.groupby("class").size().to_dict()
    for per_class in (1, 4, 100):
        top = public_authors(db, per_class, ("ambassador", "detractor"))
        expected = plain[plain["class"].isin(["ambassador", "detractor"])].groupby("class").head(per_class)
        assert list(top["author_id"]) == list(expected["author_id"])
