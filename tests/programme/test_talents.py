"""Talents and "who to ask": only people who agreed to be recognised, ranked by well-received
shares; teams counted, small teams together; the command and its bad input."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from ambassade.errors import InputError
from programme.talents import who_to_ask
from store.enrolment import Invitation, accept, invite, withdraw
from store.talents import talent_topics
from tests.ambassade.test_cli import assert_one_line_error, invoke
from tests.programme.conftest import NOW, PROGRAMME_TOML
from tests.programme.test_suggest import add, share

# Marketing has 5 enrolled people, RH 2 (under min_group_size 5).
PEOPLE = [Invitation("emp:claire", "Claire", None, "Marketing", "fr"),   # shares + named
          Invitation("emp:paul", "Paul", None, "Marketing", "fr"),       # shares + named
          Invitation("emp:shy", "Discrète", None, "Marketing", "fr"),    # shares only: never named
          Invitation("emp:gone", "Partie", None, "Marketing", "fr"),     # named, then withdrew
          Invitation("emp:m5", "Marc", None, "Marketing", "fr"),
          Invitation("emp:m6", "Mia", None, "Marketing", "fr"),
          Invitation("emp:zoe", "Zoé", None, "RH", "fr"),               # shares + named
          Invitation("emp:rh2", "Rémi", None, "RH", "fr")]


@pytest.fixture
def crafted(db):
    with db.transaction():
        invite(db, PEOPLE, "test", NOW - timedelta(days=60))
        for ident in ("emp:claire", "emp:paul", "emp:zoe", "emp:gone"):
            accept(db, ident, ["shares", "named"], {}, "dashboard:consent", NOW - timedelta(days=50))
        for ident in ("emp:shy", "emp:m5", "emp:m6", "emp:rh2"):
            accept(db, ident, ["shares"], {}, "dashboard:consent", NOW - timedelta(days=50))
    jobs = add(db, "jobs", tags=["recrutement"])
    fair = add(db, "forum", tags=["recrutement", "alternance"])
    bread = add(db, "pain", tags=["recettes"])
    share(db, "emp:claire", jobs, 1, clicks=3)      # 2 shares, both well received
    share(db, "emp:claire", fair, 2, clicks=1)
    share(db, "emp:paul", jobs, 3)                  # 3 shares, none clicked
    share(db, "emp:paul", fair, 4)
    share(db, "emp:paul", jobs, 5)
    share(db, "emp:shy", jobs, 6, clicks=50)        # the best received, but did not agree
    share(db, "emp:gone", jobs, 7, clicks=9)
    share(db, "emp:zoe", fair, 8, clicks=2)
    share(db, "emp:zoe", bread, 9, clicks=4)
    with db.transaction():
        withdraw(db, "emp:gone", "dashboard:consent", NOW - timedelta(days=1))
    return db


def test_people_who_did_not_agree_never_appear(crafted, settings):
    found = who_to_ask(crafted, settings, "recrutement", NOW)
    names = [p.display_name for p in found.people]
    assert "Discrète" not in names and "Partie" not in names
    assert "emp:shy" not in json.dumps(found.as_json()) and "emp:gone" not in json.dumps(found.as_json())


def test_ranked_by_well_received_shares_then_clicks(crafted, settings):
    found = who_to_ask(crafted, settings, "recrutement", NOW)
    assert [(p.employee_id, p.well_received, p.clicks, p.shares) for p in found.people] == [
        ("emp:claire", 2, 4, 2), ("emp:zoe", 1, 2, 1), ("emp:paul", 0, 0, 3)]


def test_teams_on_the_same_subject_are_counts_and_small_teams_go_together(crafted, settings):
    found = who_to_ask(crafted, settings, "  #Recrutement ", NOW)
    assert found.topic == "recrutement"
    # Marketing: Claire 2, Paul 3, Discrète 1 (enrolled, shares scope) — Partie withdrew.
    assert [(t.team, t.shares, t.people) for t in found.teams] == [("Marketing", 6, 3)]
    assert found.other_teams_shares == 1           # RH (2 enrolled) is under min_group_size


def test_a_topic_nobody_shares_on_and_a_window_that_excludes_everything(crafted, settings):
    assert who_to_ask(crafted, settings, "inconnu", NOW).people == []
    old = who_to_ask(crafted, settings, "recrutement", NOW + timedelta(days=400), days=30)
    assert old.people == [] and old.teams == [] and old.other_teams_shares == 0


@pytest.mark.parametrize("topic", ["", "   ", "#", "x" * 101, "a\x00b", "a\u202eb"])
def test_empty_huge_or_hostile_topics_are_refused(crafted, settings, topic):
    with pytest.raises(InputError):
        who_to_ask(crafted, settings, topic, NOW)


def test_a_recognised_persons_topics_and_nothing_for_someone_who_did_not_agree(crafted):
    since = NOW - timedelta(days=365)
    assert talent_topics(crafted, "emp:zoe", since) == [("recettes", 1, 4), ("alternance", 1, 2),
                                                         ("recrutement", 1, 2)]
    assert talent_topics(crafted, "emp:shy", since) == []


def test_talents_command(crafted, db_path, tmp_path):
    crafted.close()
    config = tmp_path / "ambassade.toml"
    config.write_text(PROGRAMME_TOML)
    args = ("--config", str(config), "--db", str(db_path), "talents")
    # The crafted shares are dated around NOW (2026-11-20); look back far enough from today.
    days = str(max(30, (datetime.now(timezone.utc) - NOW).days + 30))
    result = invoke(*args, "recrutement", "--days", days, "--json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert [p["id"] for p in out["people"]] == ["emp:claire", "emp:zoe", "emp:paul"]
    assert out["teams"] == [{"team": "Marketing", "shares": 6, "people": 3}]
    text = invoke(*args, "recrutement", "--days", days)
    assert text.exit_code == 0 and "1. Claire (Marketing): 2 well-received of 2 shares, 4 clicks" in text.stdout
    assert "Discrète" not in text.stdout
    assert_one_line_error(invoke(*args, "   "), "name a topic")
    assert_one_line_error(invoke(*args, "recrutement", "--days", "0"), "--days")
