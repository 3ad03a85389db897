"""Retention limits and erasure remove a person's records everywhere, and nothing else."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from click.testing import CliRunner

from ambassade.cli import main
from ambassade.model import Mention
from store import open_store
from store.mentions import ScoreRow, insert_mentions, save_scores
from store.programme import (Click, Content, Employee, Share, ShareLink, insert_clicks,
                             insert_share_links, insert_shares, upsert_content, upsert_employees)
from store.retention import erase_employee, purge_expired

NOW = datetime(2026, 11, 20, tzinfo=timezone.utc)


def post(native_id: str, author: str, days_ago: int) -> Mention:
    return Mention(source="x", native_id=native_id, author=author, author_id=author, text="Lemoine",
                   url=None, created_at=NOW - timedelta(days=days_ago))


def fill(db) -> None:
    content = Content(url="https://l.fr/a", canonical_url="https://l.fr/a", title="A")
    with db.transaction() as con:
        upsert_employees(con, [
            Employee("emp:ana", "Ana", "Lyon", NOW - timedelta(days=400), {"x": "ana_x"}),
            Employee("emp:bob", "Bob", "Lyon", NOW - timedelta(days=400), {"x": "bob_x"},
                     withdrawn_at=NOW - timedelta(days=200)),
        ])
        upsert_content(con, [content])
        insert_mentions(con, [post("1", "ana_x", 10), post("2", "bob_x", 300), post("3", "public", 10),
                              post("4", "public", 500)])
        save_scores(con, [ScoreRow(f"x:{i}", "s/1", "fr", 0.1, 0.1, 0.8, 0.1, "neutral") for i in "1234"])
        insert_share_links(con, [ShareLink("c-ana", "emp:ana", content.id, "x", NOW - timedelta(days=20))])
        insert_shares(con, [Share("x:1", "emp:ana", content.id, "x", NOW - timedelta(days=10), "c-ana")])
        insert_clicks(con, [Click("k1", "c-ana", NOW - timedelta(days=9)), Click("k2", "c-ana", NOW - timedelta(days=500))])


def count(db, table: str) -> int:
    return db._rows(f"SELECT count(*) FROM {table}")[0][0]


def test_erasure_removes_the_person_everywhere_and_nobody_else(db):
    fill(db)
    with db.transaction() as con:
        gone = erase_employee(con, "emp:ana")
    assert gone["employees"] == 1 and gone["mentions"] == 1 and gone["clicks"] == 2
    assert db._rows("SELECT id FROM mentions ORDER BY id") == [("x:2",), ("x:3",), ("x:4",)]
    assert count(db, "shares") == 0 and count(db, "share_links") == 0
    assert db._rows("SELECT employee_id FROM employee_handles") == [("emp:bob",)]
    assert db._rows("SELECT count(*) FROM scores WHERE mention_id = 'x:1'") == [(0,)]


def test_purge_drops_what_is_older_than_the_limit(db):
    fill(db)
    with db.transaction() as con:
        gone = purge_expired(con, 365, NOW)
    assert db._rows("SELECT id FROM mentions ORDER BY id") == [("x:1",), ("x:2",), ("x:3",)]
    assert gone["mentions"] == 1 and gone["clicks"] == 1 and gone["scores"] == 1
    assert {row[0] for row in db._rows("SELECT id FROM employees")} == {"emp:ana", "emp:bob"}


def test_purge_erases_employees_who_withdrew_before_the_limit(db):
    fill(db)
    with db.transaction() as con:
        purge_expired(con, 100, NOW)  # bob withdrew 200 days ago
    assert db._rows("SELECT id FROM employees") == [("emp:ana",)]
    assert db._rows("SELECT id FROM mentions ORDER BY id") == [("x:1",), ("x:3",)]
    assert db._rows("SELECT employee_id FROM employee_handles") == [("emp:ana",)]


def test_erase_command_refuses_an_unknown_id_in_one_line(db_path):
    open_store(db_path).close()
    result = CliRunner().invoke(main, ["--db", str(db_path), "erase", "emp:nobody", "--yes"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("ambassade: error: no enrolled employee")


def test_erase_and_purge_commands(db_path):
    with open_store(db_path) as store:
        fill(store)
    result = CliRunner().invoke(main, ["--db", str(db_path), "erase", "emp:ana", "--yes"])
    assert result.exit_code == 0 and "1 employees" in result.output
    result = CliRunner().invoke(main, ["--db", str(db_path), "purge"])
    assert result.exit_code == 0 and "retention 365 days" in result.output


def test_a_handle_in_any_case_with_or_without_at_is_erased_with_its_author(db):
    with db.transaction() as con:
        upsert_employees(con, [Employee("emp:claire", "Claire", "Lyon", NOW - timedelta(days=40),
                                        {"x": "Claire_M", "reddit": "@claire_lyon"})])
        insert_mentions(con, [post("1", "@Claire_M", 3), post("2", "claire_m", 2), post("3", " CLAIRE_M", 1),
                              post("4", "@claire_m_fan", 1)])
        con._rows("INSERT INTO cursors VALUES ('shares', 'x:claire_m', '{}', ?), "
                  "('shares', 'x:other', '{}', ?)", [NOW, NOW])
        con._rows("INSERT INTO runs (job, started_at, status, message) VALUES "
                  "('collect:shares', ?, 'ok', 'shares: x:claire_m: 2 new')", [NOW])
    with db.transaction() as con:
        erase_employee(con, "emp:claire")
    # "@claire_m_fan" is someone else: a handle matches whole, never as a prefix.
    assert db._rows("SELECT id FROM mentions") == [("x:4",)]
    assert db._rows("SELECT id FROM authors") == [("x:@claire_m_fan",)]
    assert db._rows("SELECT query FROM cursors") == [("x:other",)]
    assert db._rows("SELECT message FROM runs") == [("shares: x:[erased]: 2 new",)]


def test_the_handle_rule_is_the_same_in_python_and_in_sql(db):
    from store.programme import normal_handle

    samples = ["@Claire_M", " claire_m ", "CLAIRE", "@@x", "user@mastodon.social", "", "Élise_D", "@ spaced"]
    assert [normal_handle(s) for s in samples] == [
        r[0] for r in db._rows("SELECT handle_key(h) FROM unnest(?::VARCHAR[]) t(h)", [samples])]
