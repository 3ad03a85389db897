"""The dashboard's cheap reads (issue 17) give the answers of the plain queries they replace:
scoring coverage from two counts, the advocacy list limited per class; and what bounds says."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ambassade.model import Mention
from store.health import scoring_coverage
from store.listening import bounds
from store.mentions import ScoreRow, insert_mentions, save_scores
from store.programme import Employee, upsert_employees
from store.signals import public_author_counts, public_authors, replace_advocacy

NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)


def _mentions(n: int) -> list[Mention]:
    out = []
    for i in range(n):
        out.append(Mention(
            source=("x", "reddit", "rss")[i % 3], native_id=str(i), author=f"user{i}", author_id=f"user{i}",
            text=f"Lemoine {i}", url=f"https://example.org/{i}",
            # one row dated in the future (a feed that lies): it never sets the newest time
            created_at=NOW + timedelta(days=400) if i == 5 else NOW - timedelta(hours=i),
            lang=None if i % 4 == 0 else ("fr", "en", "de")[i % 3],
            matched=() if i % 7 == 0 else (("Lemoine",), ("Lemoine", "Brioche"), ("Zeta",))[i % 3]))
    return out


def _plain_bounds(db):
    newest = db._rows("SELECT max(created_at) FROM mentions WHERE created_at <= now()")[0][0]
    return (newest,
            [r[0] for r in db._rows("SELECT DISTINCT source FROM mentions ORDER BY 1")],
            [r[0] for r in db._rows("SELECT DISTINCT lang FROM mentions WHERE lang IS NOT NULL ORDER BY 1")],
            [r[0] for r in db._rows("SELECT DISTINCT unnest(matched) AS term FROM mentions ORDER BY 1")])


def test_bounds_leave_out_rows_dated_in_the_future_and_list_each_term_once(db):
    with db.transaction() as tx:
        insert_mentions(tx, _mentions(40))
    found = bounds(db)
    assert (found.newest, found.sources, found.languages, found.terms) == _plain_bounds(db)
    assert found.terms == ["Brioche", "Lemoine", "Zeta"] and found.newest < datetime.now(timezone.utc)


def test_bounds_of_an_empty_store_are_empty(db):
    found = bounds(db)
    assert (found.newest, found.sources, found.languages, found.terms) == (None, [], [], [])


def _plain_coverage(db):
    row = db._rows("SELECT count(s.mention_id), count(*) FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id")[0]
    return int(row[0]), int(row[1])


def test_scoring_coverage_from_two_counts_is_the_join(db):
    assert scoring_coverage(db) == (0, 0)
    mentions = _mentions(30)
    with db.transaction() as tx:
        insert_mentions(tx, mentions)
        save_scores(tx, [ScoreRow(m.id, "t/1", "fr", 0.5, 0.5, 0.5, 0.0, "positive") for m in mentions[:12]])
    assert scoring_coverage(db) == _plain_coverage(db) == (12, 30)
    with db.transaction() as tx:      # re-scoring replaces, never adds
        save_scores(tx, [ScoreRow(m.id, "t/2", "fr", -0.5, 0.0, 0.5, 0.5, "negative") for m in mentions[:20]])
    assert scoring_coverage(db) == _plain_coverage(db) == (20, 30)


def test_the_advocacy_list_leaves_the_database_limited_per_class(db):
    mentions = _mentions(60)
    with db.transaction() as tx:
        insert_mentions(tx, mentions)
        ids = [f"{m.source}:{m.author_id}" for m in mentions]
        classes = [("ambassador", "detractor", "neutral")[i % 3] for i in range(60)]
        replace_advocacy(tx, "author", {
            "subject_kind": ["author"] * 60, "subject_id": ids, "window_days": [90] * 60,
            "computed_at": [NOW] * 60, "class": classes, "confidence": [(i % 10) / 10 for i in range(60)],
            "score": [0.1] * 60, "mentions": [3] * 60, "reach": [i for i in range(60)]})
    everyone = public_authors(db)
    top = public_authors(db, per_class=4)
    assert public_author_counts(db) == {"ambassador": 20, "detractor": 20, "neutral": 20}
    assert top.groupby("class").size().to_dict() == {"ambassador": 4, "detractor": 4, "neutral": 4}
    for cls, rows in top.groupby("class"):
        best = everyone[everyone["class"] == cls].head(4)
        assert list(rows["author_id"]) == list(best["author_id"])
    assert public_authors(db, per_class=0).empty
    assert len(public_authors(db, per_class=10**9)) == 60


def test_the_best_of_each_class_are_the_head_of_the_whole_list_ties_and_unknown_reach_included(db):
    """One top-N per class (store.signals.public_authors) is the head of each class's part of
    the whole ordered list, with equal confidences, unknown reach and an employee's handle."""
    mentions = _mentions(90)
    with db.transaction() as tx:
        insert_mentions(tx, mentions)
        upsert_employees(tx, [Employee("emp:u3", "U3", "ventes", NOW - timedelta(days=5), {"x": "user3"})])
        ids = [f"{m.source}:{m.author_id}" for m in mentions]
        replace_advocacy(tx, "author", {
            "subject_kind": ["author"] * 90, "subject_id": ids, "window_days": [90] * 90,
            "computed_at": [NOW] * 90, "class": [("ambassador", "detractor", "neutral", "ambassador")[i % 4]
                                                 for i in range(90)],
            "confidence": [(i % 3) / 4 for i in range(90)], "score": [0.1] * 90, "mentions": [3] * 90,
            "reach": [None if i % 5 == 0 else i % 7 for i in range(90)]})
    everyone = public_authors(db)
    assert "x:user3" not in set(everyone["author_id"])
    for per_class in (1, 7, 30):
        for classes in (None, ("ambassador", "detractor")):
            top = public_authors(db, per_class, classes)
            for cls in classes or ("ambassador", "detractor", "neutral"):
                best = everyone[everyone["class"] == cls].head(per_class)
                assert list(top.loc[top["class"] == cls, "author_id"]) == list(best["author_id"])
            assert set(top["class"]) == set(classes or ("ambassador", "detractor", "neutral"))
    assert list(public_authors(db, classes=("detractor",))["author_id"]) == \
        list(everyone.loc[everyone["class"] == "detractor", "author_id"])
