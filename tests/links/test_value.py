"""Value, recognition and authenticity: human clicks only, named people only, copies and coordination found."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from click.testing import CliRunner

from ambassade.cli import main
from ambassade.errors import InputError
from ambassade.model import Mention
from links.authenticity import near_identical
from links.recognition import badges
from links.spool import new_hit
from store import open_store
from store.links import coordinated_posts, leaderboard, record_hits, value_table
from store.mentions import insert_mentions
from store.programme import Share, insert_shares
from tests.links.conftest import NOW, PAIN, TARTE, make_programme

START, END = NOW - timedelta(days=30), NOW + timedelta(days=1)


@pytest.fixture
def valued(tmp_path):
    path = tmp_path / "db.duckdb"
    codes = make_programme(path)
    with open_store(path) as store, store.transaction() as db:
        insert_shares(db, [Share(f"x:{n}", "emp:ana", PAIN.id, "x", NOW - timedelta(hours=n), None) for n in range(5)]
                      + [Share("x:bob", "emp:bob", TARTE.id, "x", NOW, None)])
        hits = [new_hit(codes["emp:ana|Le pain|x"], NOW, "human", "mobile") for _ in range(6)]
        hits += [new_hit(codes["emp:ana|Le pain|x"], NOW, "bot", "bot") for _ in range(4)]
        hits += [new_hit(codes["emp:bob|La tarte|linkedin"], NOW, "repeat", "desktop")]
        record_hits(db, hits)
    return path


def test_value_counts_human_clicks_only_at_the_cost_per_click(valued):
    with open_store(valued) as store:
        by_content = value_table(store, "content", START, END, 0.5).set_index("content")
        assert by_content.loc["Le pain", ["shares", "clicks", "bot_hits", "value"]].tolist() == [5, 6, 4, 3.0]
        assert by_content.loc["La tarte", ["shares", "clicks", "value"]].tolist() == [1, 0, 0.0]
        assert set(value_table(store, "team", START, END, 1)["team"]) == {"boutiques", "siège"}
        assert set(value_table(store, "network", START, END, 1)["network"]) == {"x"}
        assert len(value_table(store, "week", START, END, 1)) >= 1
        with pytest.raises(InputError):
            value_table(store, "content; DROP TABLE clicks", START, END, 1)


def test_the_leaderboard_names_only_who_agreed_and_caps_daily_shares(valued):
    with open_store(valued) as store:
        board = leaderboard(store, START, END, points_per_share=10, points_per_click=1, daily_cap=3)
    # Ana agreed to be named: 5 shares the same day, 3 count, + 6 human clicks. Bob did not: one "others" line.
    assert board.named[["display_name", "shares", "clicks", "points"]].values.tolist() == [["Ana Martin", 5, 6, 36]]
    assert (board.others_people, board.others_points) == (1, 10)


def test_badges_follow_ones_own_activity():
    assert badges({"shares": 0, "clicks": 0, "weeks": 0, "networks": 0}) == []
    assert badges({"shares": 4, "clicks": 30, "weeks": 3, "networks": 2}, "en") == [
        "First share", "Regular (3 weeks)", "Several networks", "25 clicks brought"]


def test_near_identical_employee_posts_are_one_theme_without_names():
    text = "Je suis fier de notre nouvelle boulangerie de Lyon, venez goûter le pain tradition"
    posts = [("emp:a", "x:1", text + " https://go.x.fr/l/AAAAAAAAAAAA"),
             ("emp:b", "x:2", text.upper() + " https://go.x.fr/l/BBBBBBBBBBBB"),
             ("emp:c", "x:3", "Un tout autre sujet que je raconte avec mes propres mots aujourd'hui"),
             ("emp:a", "x:4", text)]
    (theme,) = near_identical(posts)
    assert (theme.posts, theme.employees) == (3, 2) and "emp:" not in theme.example
    assert near_identical([("emp:a", "x:1", text), ("emp:a", "x:2", text)]) == []     # one person: no theme
    assert near_identical([("emp:a", "x:1", "x" * 100_000)]) == []


def test_identical_public_posts_from_three_accounts_within_two_hours_are_flagged(tmp_path):
    path = tmp_path / "db.duckdb"
    make_programme(path)
    text = "Boycott Lemoine, ils empoisonnent leurs clients !!! partagez"
    posts = [Mention(source="reddit", native_id=f"t3_{n}", author=f"acct{n}", author_id=f"t2_{n}",
                     text=text + (" https://t.co/x" if n == 1 else ""), url=None,
                     created_at=NOW + timedelta(minutes=40 * n), matched=("Lemoine",)) for n in range(3)]
    posts.append(Mention(source="reddit", native_id="t3_late", author="acct9", author_id="t2_9", text=text, url=None,
                         created_at=NOW + timedelta(days=2), matched=("Lemoine",)))
    posts.append(Mention(source="x", native_id="1", author="solo", author_id="9", text="Lemoine c'est bon, vraiment bon",
                         url=None, created_at=NOW, matched=("Lemoine",)))
    with open_store(path) as store:
        with store.transaction() as db:
            insert_mentions(db, posts)
        found = coordinated_posts(store, START, END + timedelta(days=3), 2, 3)
        assert len(found) == 1
        row = found.iloc[0]
        assert row["accounts"] == 3 and row["sources"] == "reddit" and len(row["mention_ids"]) == 3
        assert coordinated_posts(store, START, END + timedelta(days=3), 0.5, 3).empty


def test_links_value_csv_never_starts_a_formula(valued):
    with open_store(valued) as store, store.transaction() as db:
        db._rows("UPDATE content SET title = '=HYPERLINK(\"http://evil\")' WHERE id = ?", [PAIN.id])
    result = CliRunner().invoke(main, ["--db", str(valued), "links", "value", "--csv", "--days", "3650"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["content", "shares", "reach", "clicks", "bot_hits", "value_eur"]
    assert all(not str(cell).startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)


@pytest.mark.parametrize("args, message", [
    (["links", "serve", "--port", "0"], "Invalid value"),
    (["links", "value", "--by", "nope"], "Invalid value"),
])
def test_bad_usage_exits_2(valued, args, message):
    result = CliRunner().invoke(main, ["--db", str(valued), *args])
    assert result.exit_code == 2 and message in result.output


def test_serve_without_a_database_is_one_line_and_exit_2(tmp_path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "none.duckdb"), "links", "serve", "--port", "18999"])
    assert result.exit_code == 2 and "database not found" in result.output
