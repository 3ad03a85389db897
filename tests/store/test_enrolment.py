"""Enrolment only by the employee's own acceptance; every consent change recorded; withdrawal at once."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ambassade.errors import InputError
from store.enrolment import (Invitation, accept, collects_handles, consent_history, member, members,
                             state_counts, invite, withdraw)
from store.programme import load_programme

NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
CLAIRE = Invitation("emp:claire", "Claire Martin", "claire@lemoine.fr", "Marketing", "fr")
PAUL = Invitation("emp:paul", "Paul Fontaine", None, "Production", "en")


@pytest.fixture
def invited(db):
    with db.transaction():
        invite(db, [CLAIRE, PAUL], "cli:employees import", NOW)
    return db


def test_an_invitation_is_not_an_enrolment(invited):
    assert [(m.id, m.state, m.scopes) for m in members(invited)] == [
        ("emp:claire", "invited", ()), ("emp:paul", "invited", ())]
    assert invited._rows("SELECT count(*) FROM employees WHERE opted_in_at IS NOT NULL") == [(0,)]
    assert invited._rows("SELECT count(*) FROM enrolled_employees") == [(0,)]
    assert consent_history(invited, "emp:claire")[0] | {"at": None} == {
        "at": None, "event": "invited", "scopes": [], "networks": [], "screen": "cli:employees import"}


def test_the_employee_enrols_by_accepting_with_the_scopes_and_handles_they_choose(invited):
    with invited.transaction():
        joined = accept(invited, "emp:claire", ["coaching", "shares"], {"x": " @Claire_M ", "bluesky": ""},
                        "dashboard:consent", NOW + timedelta(days=1))
    assert (joined.state, joined.scopes) == ("enrolled", ("shares", "coaching"))
    assert invited._rows("SELECT source, handle FROM employee_handles") == [("x", "claire_m")]
    assert invited._rows("SELECT shares_ok, coaching_ok, named_ok, opted_in_at FROM employees "
                         "WHERE id = 'emp:claire'") == [(True, True, False, NOW + timedelta(days=1))]
    last = consent_history(invited, "emp:claire")[-1]
    assert (last["event"], last["scopes"], last["networks"], last["screen"]) == (
        "accepted", ["shares", "coaching"], ["x"], "dashboard:consent")


def test_every_change_of_mind_is_recorded_and_keeps_the_enrolment_date(invited):
    with invited.transaction():
        accept(invited, "emp:claire", ["shares"], {"x": "claire_m"}, "dashboard:consent", NOW)
        accept(invited, "emp:claire", ["shares", "named"], {"x": "claire_m", "mastodon": "claire@piaille.fr"},
               "dashboard:consent", NOW + timedelta(days=3))
    events = [(e["event"], e["scopes"], e["networks"]) for e in consent_history(invited, "emp:claire")]
    assert events == [("invited", [], []), ("accepted", ["shares"], ["x"]),
                      ("changed", ["shares", "named"], ["mastodon", "x"])]
    assert invited._rows("SELECT opted_in_at FROM employees WHERE id = 'emp:claire'") == [(NOW,)]


def test_withdrawal_is_one_call_and_takes_the_handles_out_of_collection_at_once(invited):
    with invited.transaction():
        accept(invited, "emp:claire", ["shares", "coaching", "named"], {"x": "claire_m"}, "dashboard:consent", NOW)
    assert collects_handles(invited, "emp:claire")
    with invited.transaction():
        assert withdraw(invited, "emp:claire", "dashboard:consent", NOW + timedelta(hours=1)) is True
        assert withdraw(invited, "emp:claire", "dashboard:consent", NOW + timedelta(hours=2)) is False
    assert not collects_handles(invited, "emp:claire")
    assert load_programme(invited).handles == {}
    assert (member(invited, "emp:claire").state, member(invited, "emp:claire").scopes) == ("withdrawn", ())
    for view in ("enrolled_employees", "coaching_employees", "sharing_employees", "sharing_handles"):
        assert invited._rows(f"SELECT count(*) FROM {view}") == [(0,)], view
    # Handles stay until erasure, so that erasure can still find what was collected.
    assert invited._rows("SELECT handle FROM employee_handles") == [("claire_m",)]
    assert [e["event"] for e in consent_history(invited, "emp:claire")][-1] == "withdrawn"


def test_a_withdrawn_employee_may_accept_again_from_that_day(invited):
    with invited.transaction():
        accept(invited, "emp:claire", ["shares"], {"x": "claire_m"}, "dashboard:consent", NOW)
        withdraw(invited, "emp:claire", "dashboard:consent", NOW + timedelta(days=1))
        accept(invited, "emp:claire", ["shares"], {"x": "claire_m"}, "dashboard:consent", NOW + timedelta(days=9))
    assert invited._rows("SELECT opted_in_at, withdrawn_at FROM employees WHERE id = 'emp:claire'") == [
        (NOW + timedelta(days=9), None)]


def test_a_handle_declared_without_the_shares_scope_is_not_collectable(invited):
    with invited.transaction():
        accept(invited, "emp:claire", ["coaching", "named"], {"x": "claire_m"}, "dashboard:consent", NOW)
        accept(invited, "emp:paul", ["shares"], {"x": "paul_f"}, "dashboard:consent", NOW)
    assert load_programme(invited).handles == {("x", "paul_f"): "emp:paul"}
    assert invited._rows("SELECT employee_id FROM sharing_handles") == [("emp:paul",)]
    assert not collects_handles(invited, "emp:claire")


def test_declining_an_invitation_is_a_withdrawal_and_counts_only_as_a_number(invited):
    with invited.transaction():
        withdraw(invited, "emp:paul", "dashboard:consent", NOW)
    assert state_counts(invited) == {"invited": 1, "enrolled": 0, "withdrawn": 1}


def test_reimporting_updates_the_invitation_and_never_touches_consent(invited):
    with invited.transaction():
        accept(invited, "emp:claire", ["shares"], {"x": "claire_m"}, "dashboard:consent", NOW)
        result = invite(invited, [Invitation("emp:claire", "Claire M.", "c@lemoine.fr", "Ventes", "en")],
                        "cli:employees import", NOW + timedelta(days=2))
    assert (result.new, result.updated) == (0, 1)
    assert (member(invited, "emp:claire").team, member(invited, "emp:claire").state) == ("Ventes", "enrolled")
    assert [e["event"] for e in consent_history(invited, "emp:claire")] == ["invited", "accepted"]


@pytest.mark.parametrize("scopes, handles, message", [
    ([], {}, "at least one scope"),
    (["shares", "spying"], {}, "unknown scope 'spying'"),
    (["shares"], {"facebook": "claire"}, "unknown network 'facebook'"),
    (["shares"], {"x": "claire m"}, "is not a handle"),
    (["shares"], {"x": "a" * 500}, "is not a handle"),
    (["shares"], {"x": "<script>"}, "is not a handle"),
])
def test_bad_acceptances_are_refused_and_change_nothing(invited, scopes, handles, message):
    with pytest.raises(InputError, match=message), invited.transaction():
        accept(invited, "emp:claire", scopes, handles, "dashboard:consent", NOW)
    assert member(invited, "emp:claire").state == "invited"
    assert len(consent_history(invited, "emp:claire")) == 1


def test_nobody_can_accept_for_an_unknown_id_or_take_someone_elses_handle(invited):
    with pytest.raises(InputError, match="no invited employee"):
        accept(invited, "emp:nobody", ["shares"], {}, "dashboard:consent", NOW)
    with invited.transaction():
        accept(invited, "emp:claire", ["shares"], {"x": "claire_m"}, "dashboard:consent", NOW)
    with pytest.raises(InputError, match="already declared by someone else"):
        accept(invited, "emp:paul", ["shares"], {"x": "@CLAIRE_M"}, "dashboard:consent", NOW)
    with pytest.raises(InputError, match="no employee"):
        withdraw(invited, "emp:nobody", "cli:employees withdraw", NOW)
