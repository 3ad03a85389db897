"""Suggestions: each ranking signal on a crafted case, each consent rule, and the command."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from ambassade.errors import InputError
from collectors.urls import canonical_url
from programme.suggest import suggest
from store.enrolment import Invitation, accept, invite, withdraw
from store.library import decide
from store.programme import Click, Content, Share, ShareLink, insert_clicks, insert_share_links, insert_shares, upsert_content
from tests.ambassade.test_cli import invoke
from tests.programme.conftest import NOW, PROGRAMME_TOML

PEOPLE = [Invitation("emp:claire", "Claire", None, "Marketing", "fr"),
          Invitation("emp:paul", "Paul", None, "Marketing", "fr"),
          Invitation("emp:zoe", "Zoé", None, "RH", "fr"),
          Invitation("emp:emma", "Emma", None, "Marketing", "en"),
          Invitation("emp:theo", "Théo", None, "Marketing", "fr"),
          Invitation("emp:new", "Nouvelle", None, "Marketing", "fr")]


@pytest.fixture
def programme(db):
    with db.transaction():
        invite(db, PEOPLE, "test", NOW - timedelta(days=60))
        for ident in ("emp:claire", "emp:paul", "emp:zoe", "emp:emma"):
            accept(db, ident, ["shares"], {}, "dashboard:consent", NOW - timedelta(days=50))
        accept(db, "emp:theo", ["coaching", "named"], {}, "dashboard:consent", NOW - timedelta(days=50))
    return db


def add(db, path: str, tags=(), lang="fr", days_ago=20, state="approved", title=None, expires=None) -> str:
    url = f"https://www.maisonlemoine.fr/{path}"
    content = Content(url, canonical_url(url), title or f"Article {path}", f"Résumé de {path}.", lang,
                      NOW - timedelta(days=days_ago), "feed", tuple(tags))
    with db.transaction():
        upsert_content(db, [content], NOW - timedelta(days=days_ago))
        if state in ("approved", "rejected"):
            decide(db, content.id, state, "Agnès", "ok", NOW - timedelta(days=days_ago),
                   expires_at=expires)
    return content.id


def share(db, employee: str, content: str, n: int, clicks: int = 0) -> None:
    with db.transaction():
        insert_shares(db, [Share(f"x:{employee}:{content}:{n}", employee, content, "x", NOW - timedelta(days=5))])
        if clicks:
            code = f"code{n:04d}{employee[-3:]}"
            insert_share_links(db, [ShareLink(code, employee, content, "x", NOW - timedelta(days=5))])
            insert_clicks(db, [Click(f"c:{code}:{i}", code, NOW - timedelta(days=4)) for i in range(clicks)])


def ranked(db, settings, passes, who="emp:claire", **kw):
    return suggest(db, settings, who, NOW, passes, **kw)


def test_fresher_content_ranks_first_and_says_it_is_new(programme, settings, passes):
    old = add(programme, "old", days_ago=40)
    new = add(programme, "new", days_ago=2)
    found = ranked(programme, settings, passes)
    assert [s.content_id for s in found] == [new, old]
    assert "nouveau cette semaine" in found[0].reasons and "nouveau cette semaine" not in found[1].reasons


def test_the_employees_own_interests_come_from_what_they_shared(programme, settings, passes):
    for n in range(2):
        share(programme, "emp:claire", add(programme, f"past-recette-{n}", ["recettes"], state="proposed"), n)
    recette = add(programme, "recette", ["recettes"])
    presse = add(programme, "presse", ["presse"])
    found = ranked(programme, settings, passes)
    assert [s.content_id for s in found] == [recette, presse]
    assert "vous partagez souvent sur : recettes" in found[0].reasons


def test_the_teams_topics_come_from_colleagues_shares_not_other_teams(programme, settings, passes):
    share(programme, "emp:paul", add(programme, "past-job", ["recrutement"], state="proposed"), 1)
    for n in range(3):       # another team's favourite topic does not count
        share(programme, "emp:zoe", add(programme, f"past-rh-{n}", ["paie"], state="proposed"), n)
    job = add(programme, "job", ["recrutement"])
    paie = add(programme, "paie", ["paie"])
    found = ranked(programme, settings, passes)
    assert [s.content_id for s in found] == [job, paie]
    assert "sujet de votre équipe : recrutement" in found[0].reasons
    assert not any("équipe" in r for r in found[1].reasons)


def test_content_in_the_employees_language_ranks_first_and_reasons_speak_it(programme, settings, passes):
    fr = add(programme, "fr", lang="fr")
    en = add(programme, "en", lang="en")
    assert [s.content_id for s in ranked(programme, settings, passes)] == [fr, en]
    found = ranked(programme, settings, passes, who="emp:emma")
    assert [s.content_id for s in found] == [en, fr]
    assert found[0].reasons[:1] == ["in your language"]
    assert "I work" in found[0].texts["x"] or "my employer" in found[0].texts["x"]


def test_engagement_of_similar_content_counts_clicks_on_content_sharing_a_topic(programme, settings, passes):
    past = add(programme, "past-presse", ["presse"], state="proposed")
    share(programme, "emp:paul", past, 1, clicks=40)
    presse = add(programme, "presse", ["presse"])
    other = add(programme, "other", ["recettes"])
    found = {s.content_id: s for s in ranked(programme, settings, passes)}
    assert "des contenus proches ont eu 40 clics" in found[presse].reasons
    assert not any("clics" in r for r in found[other].reasons)
    assert found[presse].score > found[other].score


def test_content_already_shared_by_them_is_never_suggested_but_stays_for_others(programme, settings, passes):
    done = add(programme, "done")
    share(programme, "emp:claire", done, 1)
    assert ranked(programme, settings, passes) == []
    assert [s.content_id for s in ranked(programme, settings, passes, who="emp:paul")] == [done]


def test_only_approved_unexpired_content_is_ever_suggested(programme, settings, passes):
    add(programme, "proposed", state="proposed")
    add(programme, "rejected", state="rejected")
    add(programme, "expired", expires=NOW - timedelta(days=1), days_ago=30)
    ok = add(programme, "ok")
    assert [s.content_id for s in ranked(programme, settings, passes)] == [ok]


def test_content_whose_texts_the_charter_refuses_is_left_out(programme, settings, passes):
    add(programme, "secret", title="Le Projet Brioche arrive bientôt")
    ok = add(programme, "ok")
    assert [s.content_id for s in ranked(programme, settings, passes)] == [ok]
    assert ranked(programme, settings, lambda text, lang: False) == []


def test_every_suggestion_is_explained_and_carries_a_disclosed_text_per_network(programme, settings, passes):
    add(programme, "a", ["recettes"])
    [found] = ranked(programme, settings, passes)
    assert found.reasons[-1] == "texte vérifié avec la charte" and len(found.reasons) >= 2
    assert set(found.texts) == {"linkedin", "x", "bluesky", "mastodon"}
    assert all("https://www.maisonlemoine.fr/a" in t and "Maison Lemoine" in t for t in found.texts.values())


@pytest.mark.parametrize("who", ["emp:theo", "emp:new"])
def test_without_the_shares_scope_or_before_accepting_there_are_no_suggestions(programme, settings, passes, who):
    add(programme, "a")
    assert ranked(programme, settings, passes, who=who) == []


def test_a_withdrawn_employee_gets_nothing(programme, settings, passes):
    add(programme, "a")
    with programme.transaction():
        withdraw(programme, "emp:claire", "dashboard:consent", NOW - timedelta(days=1))
    assert ranked(programme, settings, passes) == []


def test_an_unknown_employee_is_an_input_error(programme, settings, passes):
    with pytest.raises(InputError, match="no employee with id 'emp:nobody'"):
        ranked(programme, settings, passes, who="emp:nobody")


def test_limit_caps_the_list(programme, settings, passes):
    for n in range(5):
        add(programme, f"item-{n}", days_ago=n + 1)
    assert len(ranked(programme, settings, passes, limit=3)) == 3


def test_the_command_prints_the_contract_json(programme, db_path, tmp_path):
    # Dated now (the command ranks at the clock's time): published yesterday.
    config = tmp_path / "ambassade.toml"
    config.write_text(PROGRAMME_TOML)
    from datetime import datetime, timezone

    url = "https://www.maisonlemoine.fr/today"
    item = Content(url, canonical_url(url), "Nos apprentis", "Une promotion de 40 apprentis.", "fr",
                   datetime.now(timezone.utc) - timedelta(days=1), "feed", ("recrutement",))
    with programme.transaction():
        upsert_content(programme, [item])
        decide(programme, item.id, "approved", "Agnès", None, datetime.now(timezone.utc))
    programme.close()
    result = invoke("--config", str(config), "--db", str(db_path), "suggest", "emp:claire", "--json")
    assert result.exit_code == 0, result.stderr
    [found] = json.loads(result.stdout)
    assert set(found) == {"content_id", "title", "url", "score", "reasons", "texts"}
    assert (found["content_id"], found["url"]) == (item.id, canonical_url(url))
    assert "nouveau cette semaine" in found["reasons"]
    withdrawn = invoke("--config", str(config), "--db", str(db_path), "suggest", "emp:theo", "--json")
    assert (withdrawn.exit_code, withdrawn.stdout.strip()) == (0, "[]")
    unknown = invoke("--config", str(config), "--db", str(db_path), "suggest", "emp:nobody")
    assert unknown.exit_code == 2 and unknown.stderr.count("\n") == 1 and "no employee" in unknown.stderr
    bad = invoke("--config", str(config), "--db", str(db_path), "suggest", "emp:claire", "--limit", "0")
    assert bad.exit_code == 2
