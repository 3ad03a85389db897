"""Ideas meet the charter before they are recorded; an approved link enters the library through its
governance (approved, the charter's findings recorded); `ambassade proposals list|decide`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from programme.proposals import IdeaRefused, decide, propose_idea
from store import open_store
from store import proposals as P
from store.enrolment import Invitation, accept, invite
from store.library import decisions, library_item
from tests.ambassade.test_cli import assert_one_line_error, invoke
from tests.programme.conftest import NOW, PROGRAMME_TOML


@pytest.fixture
def people(db):
    with db.transaction() as tx:
        invite(tx, [Invitation(i, i.upper(), None, "t", "fr") for i in ("ana", "ben")], "test", NOW)
        for ident in ("ana", "ben"):
            accept(tx, ident, ["shares"], {}, "test", NOW)
    return db


def test_an_idea_the_charter_blocks_is_refused_with_its_findings(people, settings, checker):
    with pytest.raises(IdeaRefused) as refused:
        propose_idea(people, settings, checker.check, "ana", "Le Projet Brioche sort en mars !", NOW)
    assert "confidential" in str(refused.value)
    assert any(f["severity"] == "block" and "Brioche" in f["evidence"] for f in refused.value.findings)
    assert P.queue(people, NOW) == []


def test_an_idea_the_charter_accepts_is_recorded(people, settings, checker):
    made, findings = propose_idea(people, settings, checker.check, "ana", "Un portrait d'apprenti par semaine ?", NOW)
    assert made.state == "pending" and not any(f["severity"] == "block" for f in findings)


def test_an_approved_link_becomes_an_approved_library_item_with_the_decision_recorded(people, settings, checker):
    link = P.propose_link(people, "ana", "https://example.org/blog/apprentis?utm_source=x", "Nos apprentis", NOW)
    done = decide(people, settings, checker.check, link.id, "approve", "Agnès", "Très bien", NOW)
    assert done.proposal.state == "approved" and done.proposal.content_id
    item = library_item(people, done.proposal.content_id, NOW)
    assert (item.state, item.origin, item.title) == ("approved", "proposal", "Nos apprentis")
    assert [(d.state, d.decided_by) for d in decisions(people, item.id)] == [
        ("proposed", "ambassade (an employee's proposal)"), ("approved", "Agnès")]
    assert decisions(people, item.id)[1].findings is not None


def test_an_approved_idea_enters_no_library(people, settings, checker):
    idea = P.propose_idea(people, "ana", "Un portrait par semaine", NOW)
    done = decide(people, settings, checker.check, idea.id, "approve", "Agnès", None, NOW)
    assert (done.proposal.state, done.proposal.content_id) == ("approved", None)


# -- the command ------------------------------------------------------------------------------


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "ambassade.toml"
    path.write_text(PROGRAMME_TOML)
    return path


@pytest.fixture
def filled(db_path):
    with open_store(db_path) as store, store.transaction() as tx:
        invite(tx, [Invitation(i, i.upper(), None, "t", "fr") for i in ("ana", "ben")], "test", NOW)
        for ident in ("ana", "ben"):
            accept(tx, ident, ["shares"], {}, "test", NOW)
        a = P.propose_link(tx, "ana", "https://example.org/a", "=HYPERLINK(\"http://evil\")", NOW)
        b = P.propose_idea(tx, "ben", "Une idée", NOW)
        P.like(tx, a.id, "ben", NOW)
    return a.id, b.id


def run(config, db_path, *args):
    return invoke("--config", str(config), "--db", str(db_path), *args)


def test_list_ranks_proposals_as_json(config, db_path, filled):
    result = run(config, db_path, "proposals", "list", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["id"], r["likes"]) for r in rows] == [(filled[0], 1), (filled[1], 0)]
    assert "employee_id" not in rows[0]


def test_list_prints_one_safe_line_per_proposal(config, db_path, filled):
    result = run(config, db_path, "proposals", "list")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_decide_declines_with_a_reason_and_approves_a_link_into_the_library(config, db_path, filled):
    result = run(config, db_path, "proposals", "decide", str(filled[1]), "decline", "--by", "Agnès",
                 "--why", "Déjà prévu")
    assert result.exit_code == 0, result.stderr
    assert "declined" in result.stdout
    result = run(config, db_path, "proposals", "decide", str(filled[0]), "approve", "--by", "Agnès")
    assert result.exit_code == 0, result.stderr
    assert "approved (library item content:" in result.stdout
    listed = json.loads(run(config, db_path, "content", "list", "--json").stdout)
    assert [i["state"] for i in listed] == ["approved"]


@pytest.mark.parametrize(("args", "needle"), [
    (["abc", "approve", "--by", "A"], "not a proposal id"),
    (["9" * 40, "approve", "--by", "A"], "not a proposal id"),
    (["999", "approve", "--by", "A"], "no proposal 999"),
    (["1", "approve"], "who decides"),
    (["1", "delete", "--by", "A"], "say approve or decline"),
    (["2", "decline", "--by", "A"], "say why"),
    (["2", "decline", "--by", "A", "--why", "x" * 5000], "at most"),
])
def test_decide_with_bad_input_gives_one_line_and_exit_2(config, db_path, filled, args, needle):
    result = run(config, db_path, "proposals", "decide", *args)
    assert_one_line_error(result, needle)
    assert {r["state"] for r in json.loads(run(config, db_path, "proposals", "list", "--json").stdout)} == {"pending"}


def test_decide_twice_gives_one_line(config, db_path, filled):
    assert run(config, db_path, "proposals", "decide", "2", "decline", "--by", "A", "--why", "non").exit_code == 0
    assert_one_line_error(run(config, db_path, "proposals", "decide", "2", "approve", "--by", "A"), "already declined")
