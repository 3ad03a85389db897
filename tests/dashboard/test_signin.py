"""Sign-in and roles: with an OpenID Connect provider configured, the signed-in e-mail decides
the pages that exist, the person "me" is and the teams a manager sees; everything else is not
routable. Real store, real config file, AppTest runs of the entry script with `at.user` as
`st.user` and `at.secrets["auth"]` as the provider."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import open_store
from store.enrolment import Invitation, invite, withdraw
from store.retention import erase_employee
from tests.conftest import MINIMAL_TOML, REPO
from tests.dashboard.conftest import APP, NOW, build_small_db

AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "c" * 40,
        "client_id": "ambassade", "client_secret": "s3cret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
COMMS = "com@lemoine.example"
LYON = "chef.lyon@lemoine.example"           # manages Lyon (5 people)
PARIS = "chef.paris@lemoine.example"         # manages Paris (3 people: below the group size)
EMP1 = "employe1@lemoine.example"            # emp:1, enrolled with shares, in Lyon
BOTH = "employe6@lemoine.example"            # emp:6, enrolled, and manager of Lyon
INVITED = "nouveau@lemoine.example"          # invited, not yet enrolled
TOML = MINIMAL_TOML + f"""
[dashboard]
admins = ["{COMMS}"]

[exports]
managers = {{ Lyon = ["{LYON}", "{BOTH}"], Paris = ["{PARIS}"] }}
"""

ALL_PAGES = sorted(f"pages/{p.name}" for p in (REPO / "dashboard" / "pages").glob("*.py"))
COMMS_PAGES = ["pages/overview.py", "pages/incidents.py", "pages/mentions.py", "pages/advocacy.py", "pages/coaching.py",
               "pages/value.py", "pages/content.py", "pages/programme_status.py", "pages/draft_check.py",
               "pages/health.py"]
EMPLOYEE_PAGES = ["pages/me.py", "pages/suggestions.py", "pages/propose.py", "pages/consent.py",
                  "pages/draft_check.py"]
MANAGER_PAGES = ["pages/team.py"]


def build_signin_db(path: Path) -> Path:
    """The small dashboard database, with the e-mails of three people's enrolment records."""
    build_small_db(path)
    with open_store(path) as store, store.transaction() as db:
        # The import file carries the e-mails: that is how a signed-in person is found.
        invite(db, [Invitation("emp:1", "Employé 1", f"  {EMP1.upper()} ", "Lyon", "fr"),
                    Invitation("emp:6", "Employé 6", BOTH, "Paris", "fr"),
                    Invitation("emp:new", "Nouvelle Recrue", INVITED, "Lyon", "fr")],
               "test", NOW - timedelta(days=1))
    return path


@pytest.fixture
def signin_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = build_signin_db(tmp_path / "signin.duckdb")
    config = tmp_path / "ambassade.toml"
    config.write_text(TOML, encoding="utf-8")
    monkeypatch.setenv("AMBASSADE_DB", str(path))
    monkeypatch.setenv("AMBASSADE_CONFIG", str(config))
    return path


def visit(user: dict | None, page: str | None = None, lang: str = "fr", **state) -> AppTest:
    """Run the app with a provider configured, as `user` (None: not signed in)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = user if user is not None else {"is_logged_in": False}
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def as_user(email: str, **claims) -> dict:
    return {"is_logged_in": True, "email": email, **claims}


def unroutable(at: AppTest, allowed: list[str]) -> list[str]:
    """The pages of the dashboard that this run's navigation does not know (switch_page refuses)."""
    refused = []
    for page in ALL_PAGES:
        if page in allowed:
            continue
        try:
            at.switch_page(page)
        except ValueError:
            refused.append(page)
    return refused


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "markdown", "caption", "text", "info", "error", "warning", "success")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


# --- not signed in, or signed in with no role: one page, nothing of the data ---------------------

def test_a_visitor_who_is_not_signed_in_sees_only_the_sign_in_button(signin_db):
    at = visit(None)
    assert [b.label for b in at.button] == ["Se connecter"]
    assert not at.metric and not at.dataframe and not at.get("vega_lite_chart")
    assert not [r for r in at.radio if r.key == "role"]          # no role switcher
    assert unroutable(at, []) == ALL_PAGES


def test_the_sign_in_page_shows_nothing_of_a_missing_database(signin_db, monkeypatch, tmp_path):
    monkeypatch.setenv("AMBASSADE_DB", str(tmp_path / "secret-name.duckdb"))
    at = visit(None)
    assert "secret-name" not in shown_text(at)


def test_a_default_test_user_without_the_logged_in_flag_is_not_signed_in(signin_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH            # at.user stays Streamlit's {"email": "test@example.com"}
    at.run()
    assert [b.label for b in at.button] == ["Se connecter"]


def test_each_named_provider_gets_its_button(signin_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": AUTH["cookie_secret"],
                          "microsoft": {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")},
                          "okta": {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}}
    at.user = {"is_logged_in": False}
    at.session_state["lang"] = "en"
    at.run()
    assert [b.label for b in at.button] == ["Sign in with microsoft", "Sign in with okta"]


@pytest.mark.parametrize("user", [
    as_user("stranger@elsewhere.example"),                  # not in the config, no enrolment record
    as_user(COMMS, email_verified=False),                   # the provider did not verify the address
    as_user("<script>alert(1)</script>"),                    # not an address at all
    as_user("x" * 5000 + "@lemoine.example"),                # huge
    {"is_logged_in": True},                                  # no e-mail claim
    as_user(None),
])
def test_a_signed_in_person_with_no_role_sees_one_line_and_nothing_else(signin_db, user):
    at = visit(user)
    assert [i.value for i in at.info] == ["Votre compte n'a pas encore accès à Ambassade : "
                                          "demandez-le à votre équipe communication."]
    assert not at.metric and not at.dataframe and not at.title
    assert [b.label for b in at.button] == ["Se déconnecter"]
    assert unroutable(at, []) == ALL_PAGES


def test_an_erased_employee_loses_their_access(signin_db):
    with open_store(signin_db) as store, store.transaction() as db:
        erase_employee(db, "emp:1")
    at = visit(as_user(EMP1))
    assert "équipe communication" in at.info[0].value
    assert unroutable(at, []) == ALL_PAGES


def test_two_records_with_one_address_grant_nothing(signin_db):
    with open_store(signin_db) as store, store.transaction() as db:
        invite(db, [Invitation("emp:twin", "Jumeau", EMP1, "Lyon", "fr")], "test", NOW)
    at = visit(as_user(EMP1))
    assert "équipe communication" in at.info[0].value


# --- the communications team ------------------------------------------------------------------

@pytest.mark.parametrize("page", COMMS_PAGES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_comms_team_gets_every_listening_and_programme_page(signin_db, page, lang):
    at = visit(as_user(" Com@Lemoine.EXAMPLE "), page, lang)    # case and spaces do not matter
    assert at.title


def test_the_comms_team_cannot_open_employee_or_manager_pages(signin_db):
    at = visit(as_user(COMMS))
    assert at.title[0].value == "Vue d'ensemble"
    assert unroutable(at, COMMS_PAGES) == sorted(set(ALL_PAGES) - set(COMMS_PAGES))
    assert "pages/me.py" in unroutable(at, COMMS_PAGES) and "pages/team.py" in unroutable(at, COMMS_PAGES)
    assert not [r for r in at.radio if r.key == "role"]          # one role: no switcher
    assert "Connecté·e : com@lemoine.example" in [c.value for c in at.sidebar.caption]


# --- an employee: their own data only ---------------------------------------------------------

@pytest.mark.parametrize("page", EMPLOYEE_PAGES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_employee_gets_their_own_pages(signin_db, page, lang):
    visit(as_user(EMP1), page, lang)


def test_an_employee_sees_their_own_activity_and_cannot_pick_anyone_else(signin_db):
    # Even a crafted session value for the demo's picker is ignored: there is no picker.
    at = visit(as_user(EMP1), "pages/me.py", me_who="emp:3", role="comms")
    assert not [s for s in at.selectbox if s.key == "me_who"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Partages"] == "1" and metrics["Clics"] == "4"
    assert at.title[0].value == "Mon activité"


def test_an_employee_cannot_open_any_other_page(signin_db):
    at = visit(as_user(EMP1), role="comms")                         # a role they do not hold is dropped
    assert at.title[0].value == "Mon activité"
    assert unroutable(at, EMPLOYEE_PAGES) == sorted(set(ALL_PAGES) - set(EMPLOYEE_PAGES))
    for page in ("pages/overview.py", "pages/mentions.py", "pages/advocacy.py", "pages/coaching.py",
                 "pages/health.py", "pages/team.py", "pages/content.py", "pages/value.py"):
        assert page in unroutable(at, EMPLOYEE_PAGES)


def test_an_employees_consent_page_is_their_own(signin_db):
    at = visit(as_user(EMP1), "pages/consent.py")
    assert not [s for s in at.selectbox if s.key == "consent_who"]
    assert {m.label: m.value for m in at.metric}["État"] == "inscrit·e"
    assert "Employé 3" not in shown_text(at)


def test_an_invited_person_starts_on_the_consent_page(signin_db):
    at = visit(as_user(INVITED))
    assert at.title[0].value == "Mon consentement"
    assert {m.label: m.value for m in at.metric}["État"] == "invité·e"
    at.switch_page("pages/me.py").run()                          # the page exists but serves enrolled people
    assert not at.metric and not at.dataframe
    assert "Mon consentement" in at.info[0].value


def test_a_withdrawn_employee_still_reaches_their_consent_page(signin_db):
    with open_store(signin_db) as store, store.transaction() as db:
        withdraw(db, "emp:1", "test", NOW)
    at = visit(as_user(EMP1))
    assert at.title[0].value == "Mon consentement"
    assert {m.label: m.value for m in at.metric}["État"] == "retiré·e"


# --- a manager: aggregates of their own teams -------------------------------------------------

def test_a_manager_sees_only_the_aggregates_of_their_team(signin_db):
    at = visit(as_user(LYON), lang="fr")
    assert at.title[0].value == "Synthèse d'équipe"
    assert at.selectbox(key="team_pick").options == ["Lyon"]     # never Paris
    assert {m.label: m.value for m in at.metric}["Inscrits"] == "5"
    assert unroutable(at, MANAGER_PAGES) == sorted(set(ALL_PAGES) - set(MANAGER_PAGES))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_manager_of_a_small_team_sees_no_figures(signin_db, lang):
    at = visit(as_user(PARIS), lang=lang)
    assert at.selectbox(key="team_pick").options == ["Paris"]
    assert not at.metric and not at.get("download_button")
    assert at.warning


def test_a_manager_who_is_also_enrolled_switches_between_their_two_roles_only(signin_db):
    at = visit(as_user(BOTH), role="comms")
    switcher = [r for r in at.radio if r.key == "role"][0]
    assert switcher.options == ["Salarié·e", "Manager"]           # not the comms team's view
    assert at.title[0].value == "Mon activité"
    at = visit(as_user(BOTH), role="manager")                    # the switcher's other choice
    assert at.title[0].value == "Synthèse d'équipe"
    assert at.selectbox(key="team_pick").options == ["Lyon"]
    assert "pages/overview.py" in unroutable(at, MANAGER_PAGES)


# --- without a provider: the demo's switcher, for this machine only ----------------------------

def test_without_a_provider_the_demo_switcher_is_visible(signin_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    switcher = [r for r in at.radio if r.key == "role"][0]
    assert switcher.options == ["Équipe communication", "Salarié·e", "Manager"]
    assert "Démo : choix du rôle sans connexion." in [c.value for c in at.sidebar.caption]


def test_without_a_provider_a_visitor_from_another_machine_is_refused(signin_db, monkeypatch):
    from dashboard import auth

    monkeypatch.setattr(auth, "peer_ip", lambda: "192.0.2.7")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert [e.value for e in at.error] == [
        "Sans connexion configurée, ce tableau de bord ne s'ouvre que sur la machine qui le sert (127.0.0.1)."]
    assert not at.metric and not at.dataframe and not at.radio or all(r.key != "role" for r in at.radio)
    assert unroutable(at, []) == ALL_PAGES


def test_with_a_provider_a_visitor_from_another_machine_signs_in(signin_db, monkeypatch):
    from dashboard import auth

    monkeypatch.setattr(auth, "peer_ip", lambda: "192.0.2.7")
    at = visit(as_user(COMMS))
    assert at.title[0].value == "Vue d'ensemble"


# --- a page run without the entry script -------------------------------------------------------

@pytest.mark.parametrize("page", ["overview.py", "mentions.py", "advocacy.py", "team.py", "me.py", "health.py"])
def test_a_page_run_without_the_entry_script_shows_nothing(signin_db, page):
    # What Streamlit's old pages/ folder mode would do for a first visitor of /overview.
    at = AppTest.from_file(str(REPO / "dashboard" / "pages" / page), default_timeout=60)
    at.run()
    assert not at.exception
    assert not at.title and not at.metric and not at.dataframe and not at.selectbox
