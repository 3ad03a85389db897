"""dashboard.access.resolve: an e-mail's roles, person and teams, from the config and the records."""

from __future__ import annotations

from ambassade.settings import parse_settings
from dashboard.access import DEMO, ROLES, resolve
from tests.conftest import MINIMAL_TOML

SETTINGS = parse_settings(MINIMAL_TOML + """
[dashboard]
admins = ["Com@Lemoine.example"]

[exports]
managers = { Lyon = ["chef@lemoine.example"], Paris = ["chef@lemoine.example", "autre@lemoine.example"] }
""")


def test_the_comms_team_is_the_admins_list_without_case():
    access = resolve(" COM@lemoine.example", SETTINGS, None)
    assert access.roles == ("comms",) and access.signed_in and access.email == "com@lemoine.example"


def test_a_manager_leads_the_teams_whose_files_they_receive():
    access = resolve("chef@lemoine.example", SETTINGS, None)
    assert access.roles == ("manager",) and access.teams == ("Lyon", "Paris")
    assert access.visible_teams(["Bordeaux", "Paris", "Lyon"]) == ["Paris", "Lyon"]
    assert resolve("autre@lemoine.example", SETTINGS, None).visible_teams(["Lyon", "Paris"]) == ["Paris"]


def test_an_employee_is_the_person_of_their_record_and_may_hold_other_roles():
    assert resolve("ana@lemoine.example", SETTINGS, "emp:ana").roles == ("employee",)
    both = resolve("chef@lemoine.example", SETTINGS, "emp:chef")
    assert both.roles == ("employee", "manager") and both.employee_id == "emp:chef"
    assert not both.may("comms")


def test_anyone_else_holds_no_role():
    for email in ("stranger@else.example", None, "", "no-at-sign", "a b@c.example", 42, "x" * 400 + "@a.b"):
        access = resolve(email, SETTINGS, None)
        assert access.roles == () and access.employee_id is None and access.visible_teams(["Lyon"]) == []
    assert resolve("com@lemoine.example", None, None).roles == ()      # no config: no admins


def test_the_demo_offers_every_role_and_team():
    assert DEMO.roles == ROLES and not DEMO.signed_in and DEMO.visible_teams(["Lyon", "Paris"]) == ["Lyon", "Paris"]
