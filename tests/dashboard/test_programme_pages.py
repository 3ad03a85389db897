"""The programme's pages: an employee's suggestions, consent and proposals; the comms team's
content and programme pages. Real store, real charter, AppTest runs of the entry script."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from programme.governance import approve
from charter.config import checker_from_settings
from ambassade.settings import parse_settings
from store import open_store
from store import proposals as P
from store.enrolment import Invitation, accept, consent_history, invite, member
from store.library import library_items
from store.programme import Content, upsert_content
from tests.conftest import MINIMAL_TOML
from tests.dashboard.conftest import HOSTILE, NOW, run_app

TOML = MINIMAL_TOML + '\n[links]\nbase_url = "https://go.example.org"\n'
PEOPLE = [("emp:ana", "Ana Lopez"), ("emp:ben", "Ben Okafor"), ("emp:cat", "Cat Martin"),
          ("emp:dan", "Dan Roux"), ("emp:eve", "Eve Petit")]


def build(path: Path) -> Path:
    settings = parse_settings(TOML)
    check = checker_from_settings(settings, sentiment=lambda text: 0.0).check
    item = Content(url="https://www.maisonlemoine.fr/blog/levain", canonical_url="https://www.maisonlemoine.fr/blog/levain",
                   title="Notre levain bio", lang="fr", published_at=NOW - timedelta(days=1), tags=("recettes",))
    hostile = Content(url="https://www.maisonlemoine.fr/blog/x", canonical_url="https://www.maisonlemoine.fr/blog/x",
                      title=HOSTILE, lang="fr", published_at=NOW - timedelta(days=2))
    with open_store(path) as store, store.transaction() as db:
        invite(db, [Invitation(i, n, None, "Lyon", "fr") for i, n in PEOPLE], "test", NOW - timedelta(days=9))
        accept(db, "emp:ana", ["shares", "coaching"], {"mastodon": "ana@mastodon.social"}, "test", NOW - timedelta(days=8))
        accept(db, "emp:ben", ["shares"], {}, "test", NOW - timedelta(days=8))
        accept(db, "emp:cat", ["coaching"], {}, "test", NOW - timedelta(days=8))
        upsert_content(db, [item, hostile], NOW - timedelta(days=3))
        approve(db, settings, check, item.id, "Agnès", None, NOW - timedelta(days=1))
        link = P.propose_link(db, "emp:ben", "https://example.org/portes-ouvertes", HOSTILE, NOW - timedelta(days=1))
        P.propose_link(db, "emp:cat", "https://example.org/b", None, NOW)
        P.like(db, link.id, "emp:ana", NOW)
        idea = P.propose_idea(db, "emp:ana", "Un portrait par mois", NOW - timedelta(days=3))
        P.record_decision(db, idea.id, "declined", "Agnès", "Déjà prévu en mars", NOW)
    return path


@pytest.fixture
def programme_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = build(tmp_path / "programme.duckdb")
    config = tmp_path / "ambassade.toml"
    config.write_text(TOML, encoding="utf-8")
    monkeypatch.setenv("AMBASSADE_DB", str(path))
    monkeypatch.setenv("AMBASSADE_CONFIG", str(config))
    return path


EMPLOYEE_PAGES = ["pages/suggestions.py", "pages/consent.py", "pages/propose.py"]
COMMS_PAGES = ["pages/content.py", "pages/programme_status.py"]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", EMPLOYEE_PAGES)
def test_employee_pages_render_in_both_languages(programme_db, page, lang):
    at = run_app(page, lang, role="employee")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value in {"Mes suggestions", "My suggestions", "Mon consentement", "My consent",
                                 "Proposer", "Propose"}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", COMMS_PAGES)
def test_comms_pages_render_in_both_languages(programme_db, page, lang):
    at = run_app(page, lang, role="comms")
    assert not at.exception, [e.value for e in at.exception]


def test_comms_pages_are_not_routable_for_an_employee(programme_db):
    at = run_app(role="employee")
    with pytest.raises(ValueError):
        at.switch_page("pages/content.py").run()


def picker(at, key):
    return at.selectbox(key=key)


def test_suggestions_list_only_people_with_the_shares_scope_and_give_tracked_intents(programme_db):
    at = run_app("pages/suggestions.py", role="employee")
    assert picker(at, "sugg_who").options == ["Ana Lopez", "Ben Okafor"]
    grid = at.dataframe[0].value
    assert set(grid["network"]) >= {"LinkedIn", "X", "Bluesky", "Mastodon"}
    assert grid["link"].str.startswith("https://go.example.org/l/").all()
    assert grid["intent"].str.startswith("https://").all()
    mastodon = grid[grid["network"] == "Mastodon"]["intent"].iloc[0]
    assert mastodon.startswith("https://mastodon.social/share?")
    assert any("levain" in t.value for t in at.text)
    with open_store(programme_db) as store:      # the employee's own links were minted
        assert store._rows("SELECT count(*) FROM share_links WHERE employee_id = 'emp:ana'")[0][0] >= 4


def test_consent_page_accepts_changes_and_withdraws_in_one_click(programme_db):
    at = run_app("pages/consent.py", role="employee")
    assert len(picker(at, "consent_who").options) == len(PEOPLE)       # where the invited accept
    picker(at, "consent_who").set_value("emp:dan").run()
    assert at.metric[0].value == "invité·e"
    at.checkbox(key="scope:emp:dan:shares").check()
    at.text_input(key="handle:emp:dan:x").input("@DanRoux")
    at.button[0].click().run()
    assert not at.exception
    with open_store(programme_db) as store:
        assert member(store, "emp:dan").scopes == ("shares",)
        assert consent_history(store, "emp:dan")[-1]["screen"] == "dashboard:consent"
    assert at.metric[0].value == "inscrit·e"
    at.button(key="withdraw:emp:dan").click().run()
    with open_store(programme_db) as store:
        assert member(store, "emp:dan").state == "withdrawn"
        assert [h["event"] for h in consent_history(store, "emp:dan")] == ["invited", "accepted", "withdrawn"]
    assert len(at.dataframe[0].value) == 3


def test_consent_page_refuses_a_bad_handle_in_one_line(programme_db):
    at = run_app("pages/consent.py", role="employee")
    picker(at, "consent_who").set_value("emp:eve").run()
    at.checkbox(key="scope:emp:eve:shares").check()
    at.text_input(key="handle:emp:eve:x").input("<script>")
    at.button[0].click().run()
    assert not at.exception and "not a handle" in at.error[0].value
    with open_store(programme_db) as store:
        assert member(store, "emp:eve").state == "invited"


def test_propose_page_sends_a_link_refuses_a_blocked_idea_and_shows_reasons(programme_db):
    at = run_app("pages/propose.py", role="employee")
    assert picker(at, "propose_who").options == ["Ana Lopez", "Ben Okafor", "Cat Martin"]   # enrolled
    mine = at.dataframe[0].value
    assert list(mine["why"]) == ["Déjà prévu en mars"]
    at.radio(key="propose_kind").set_value("idea").run()
    at.text_area(key="propose_idea").input("Le Projet Brioche sort en mars !")
    at.button[0].click().run()
    assert "charte bloque" in at.error[0].value
    assert "confidential" in set(at.dataframe[0].value["clause"])
    at.radio(key="propose_kind").set_value("link").run()
    at.text_input(key="propose_url").input("javascript:alert(1)")
    at.button[0].click().run()
    assert "not an http(s) link" in at.error[0].value
    at.text_input(key="propose_url").input("https://example.org/nouveau")
    at.button[0].click().run()
    assert not at.exception and at.success
    with open_store(programme_db) as store:
        assert [p.url for p in P.own_proposals(store, "emp:ana", NOW)][0] == "https://example.org/nouveau"


def test_propose_page_likes_a_colleagues_proposal_once(programme_db):
    at = run_app("pages/propose.py", role="employee")
    picker(at, "propose_who").set_value("emp:cat").run()
    assert not any(HOSTILE in m.value for m in at.markdown)        # the hostile note is plain text
    assert any(HOSTILE in t.value for t in at.text)
    at.button(key="like:emp:cat:1").click().run()
    with open_store(programme_db) as store:
        assert P.proposal(store, 1, NOW).likes == 2
    assert "like:emp:cat:1" not in [b.key for b in at.button]


def test_content_page_approves_a_proposal_into_the_library_and_declines_with_a_reason(programme_db):
    at = run_app("pages/content.py", role="comms")
    queue = at.dataframe[1].value
    assert list(queue["likes"]) == [1, 0] and list(queue["id"]) == [1, 2]
    at.selectbox(key="proposal_item").set_value(2)
    at.text_input(key="proposal_by").input("Agnès")
    at.button[3].click().run()                       # decline without a reason
    assert "say why" in at.error[0].value
    at.text_input(key="proposal_why").input("Pas pour nous")
    at.button[3].click().run()
    assert not at.exception
    at.selectbox(key="proposal_item").set_value(1)
    at.text_input(key="proposal_by").input("Agnès")
    at.button[2].click().run()
    assert not at.exception
    with open_store(programme_db) as store:
        assert [(p.id, p.state, p.why) for p in P.queue(store, NOW, "declined")][0][:2] == (2, "declined")
        approved = P.proposal(store, 1, NOW)
        assert approved.state == "approved" and approved.content_id
        assert approved.content_id in {i.id for i in library_items(store, NOW, "approved")}


def test_content_page_rejects_an_item_with_a_reason_and_shows_hostile_titles_as_data(programme_db):
    at = run_app("pages/content.py", role="comms")
    assert not any("onerror" in m.value for m in at.markdown)
    library = at.dataframe[0].value
    assert set(library["state"]) == {"approuvés", "à revoir"}     # states in the reader's language
    with open_store(programme_db, read_only=True) as store:
        hostile = next(i.id for i in library_items(store, NOW) if "onerror" in i.title)
    at.selectbox(key="content_item").set_value(hostile)
    at.text_input(key="content_by").input("Agnès")
    at.text_input(key="content_why").input("Titre piégé")
    at.button[1].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "refusés" in set(at.dataframe[0].value["state"])


def test_programme_page_shows_counts_never_names(programme_db):
    at = run_app("pages/programme_status.py", role="comms")
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["invité·e"], metrics["inscrit·e"], metrics["retiré·e"]) == ("2", "3", "0")
    shown = " ".join(str(e.value) for e in [*at.metric, *at.text, *at.markdown, *at.caption])
    assert not any(name in shown for _, name in PEOPLE)
    assert not at.dataframe


def test_my_activity_lists_only_people_enrolled_with_the_shares_scope(programme_db):
    at = run_app("pages/me.py", role="employee")
    assert not at.exception
    assert picker(at, "me_who").options == ["Ana Lopez", "Ben Okafor"]       # not Cat (coaching only)


def test_every_consent_scope_has_a_label_in_both_languages():
    from dashboard.i18n import LABELS
    from store.enrolment import SCOPES

    for scope in SCOPES:
        assert set(LABELS[f"scope_{scope}"]) == {"fr", "en"}, scope
