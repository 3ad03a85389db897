"""Coaching cards and team themes, on a real DuckDB file."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from ambassade.model import Mention
from charter import Checker
from charter.coaching import employee_cards, team_themes
from store import open_store
from store.mentions import ScoreRow, insert_mentions, save_scores
from store.programme import Employee, upsert_employees
from store.signals import replace_advocacy

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
SANCTION_WORDS = re.compile(r"sanction|avertissement|disciplin|licenci|renvoi|puni|blâme|"
                            r"punish|dismiss|warning|reprimand|\bfire\b|fired", re.IGNORECASE)


def employee(ident: str, team: str = "boutiques", coaching: bool = True, withdrawn: bool = False) -> Employee:
    return Employee(id=ident, display_name=ident.title(), team=team,
                    opted_in_at=NOW - timedelta(days=100), handles={"x": f"@{ident.upper()}"},
                    coaching_ok=coaching, withdrawn_at=NOW - timedelta(days=1) if withdrawn else None)


def post(ident: str, n: int, text: str, days_ago: int = 2, author: str | None = None) -> Mention:
    return Mention(source="x", native_id=f"{ident}-{n}", author=author or ident, author_id=None,
                   text=text, url=f"https://x.example/{ident}/{n}",
                   created_at=NOW - timedelta(days=days_ago))


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "coaching.duckdb")
    yield s
    s.close()


@pytest.fixture
def checker() -> Checker:
    return Checker(brand_name="Maison Lemoine", brand_terms=["Lemoine"], confidential_terms=["Projet Brioche"])


def fill(store, employees, mentions, scores=()):
    with store.transaction() as con:
        upsert_employees(con, employees)
        insert_mentions(con, mentions)
        save_scores(con, list(scores))


def set_advocacy(store, rows):
    """Advocacy rows as the scoring engine writes them (store.signals.replace_advocacy)."""
    full = [
        {"subject_kind": kind, "subject_id": ident, "window_days": 30, "computed_at": NOW,
         "class": cls, "confidence": confidence, "score": score, "mentions": 3, "reach": None,
         "weight": 3.0, "shares": 0, "clicks": 0,
         "follow_up": "coaching" if cls == "detractor" else None}
        for kind, ident, cls, confidence, score in rows
    ]
    columns = {key: [row[key] for row in full] for key in full[0]} if full else {"subject_id": []}
    with store.transaction() as con:
        replace_advocacy(con, "employee", columns)


def test_card_says_what_happened_which_clause_a_better_way_and_an_example(store, checker):
    fill(store, [employee("claire")], [post("claire", 1, "Il paraît que la boutique de Lille va fermer")])
    cards = employee_cards(store, "claire", "fr", now=NOW, checker=checker)
    assert len(cards) == 1
    card = cards[0]
    assert (card.kind, card.clause, card.category, card.severity) == ("finding", "no-rumours", "rumour", "block")
    assert "Il paraît que" in card.what_happened and "x" in card.what_happened
    assert card.title.startswith("Pas de rumeurs")
    assert "en interne" in card.better_way
    assert card.example and card.url == "https://x.example/claire/1"


def test_cards_in_english(store, checker):
    fill(store, [employee("tom")], [post("tom", 1, "Rumor has it the Leeds shop is closing")])
    card = employee_cards(store, "tom", "en", now=NOW, checker=checker)[0]
    assert card.title == "No rumours or hearsay" and "Post of" in card.what_happened


def test_posts_match_declared_handles_whatever_the_case_or_at_sign(store, checker):
    fill(store, [employee("claire")], [post("claire", 1, "Projet Brioche en mars !", author="@Claire")])
    assert [c.clause for c in employee_cards(store, "claire", now=NOW, checker=checker)] == ["confidential"]


def test_blocking_findings_come_first_and_clean_posts_give_no_card(store, checker):
    fill(store, [employee("claire")], [
        post("claire", 1, "Il paraît que ça bouge", days_ago=1),
        post("claire", 2, "Le Projet Brioche arrive", days_ago=3),
        post("claire", 3, "Merci à toute l'équipe pour ce beau salon !", days_ago=2),
    ])
    cards = employee_cards(store, "claire", now=NOW, checker=checker)
    assert [c.severity for c in cards] == ["block", "warn"]


def test_personal_data_is_masked_on_cards(store, checker):
    fill(store, [employee("claire")], [post("claire", 1, "Écrivez à julie.martin@gmail.com")])
    card = employee_cards(store, "claire", now=NOW, checker=checker)[0]
    assert card.category == "personal-data"
    assert "julie.martin" not in card.what_happened and "masqué" in card.what_happened


def test_old_posts_are_out_of_the_window(store, checker):
    fill(store, [employee("claire")], [post("claire", 1, "Il paraît que", days_ago=45)])
    assert employee_cards(store, "claire", now=NOW, checker=checker, days=30) == []


@pytest.mark.parametrize("who", [employee("paul", coaching=False), employee("paul", withdrawn=True)])
def test_no_cards_without_coaching_opt_in_or_after_withdrawal(store, checker, who):
    fill(store, [who], [post("paul", 1, "Il paraît que la boutique ferme, bande de nuls")])
    assert employee_cards(store, "paul", now=NOW, checker=checker) == []


def test_unknown_employee_gets_no_cards(store, checker):
    assert employee_cards(store, "nobody", now=NOW, checker=checker) == []


def test_someone_elses_posts_never_reach_a_card(store, checker):
    fill(store, [employee("claire")], [post("stranger", 1, "Il paraît que tout va fermer")])
    assert employee_cards(store, "claire", now=NOW, checker=checker) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_detractor_class_leads_to_a_supportive_listening_card(store, checker, lang):
    fill(store, [employee("marc")], [post("marc", 1, "Journée difficile au travail.")])
    set_advocacy(store, [("employee", "marc", "detractor", 0.8, -0.6)])
    cards = employee_cards(store, "marc", lang, now=NOW, checker=checker)
    assert [c.kind for c in cards] == ["listen"]
    text = " ".join([cards[0].title, cards[0].what_happened, cards[0].better_way, cards[0].example])
    assert ("canal interne" if lang == "fr" else "internal channel") in text.lower()
    assert not SANCTION_WORDS.search(text)


def test_ambassador_class_leads_to_a_thank_you_card(store, checker):
    fill(store, [employee("lea")], [])
    set_advocacy(store, [("employee", "lea", "ambassador", 0.9, 0.7)])
    assert [c.kind for c in employee_cards(store, "lea", now=NOW, checker=checker)] == ["recognition"]


def test_without_advocacy_table_negative_scores_are_the_detractor_signal(store, checker):
    mentions = [post("marc", i, "Franchement, rien ne va dans cette boîte.") for i in range(2)]
    scores = [ScoreRow(m.id, "test", "fr", -0.7, 0.0, 0.3, 0.7, "negative") for m in mentions]
    fill(store, [employee("marc")], mentions, scores)
    cards = employee_cards(store, "marc", now=NOW, checker=checker)
    assert cards[0].kind == "listen"


def test_no_card_wording_ever_sounds_like_a_sanction(store, checker):
    texts = ["Il paraît que", "Projet Brioche", "bande de nuls", "vous avez tort", "procès en cours",
             "julie.martin@gmail.com", "Maison Lemoine la meilleure !", "entre nous"]
    fill(store, [employee("marc")], [post("marc", i, t) for i, t in enumerate(texts)])
    set_advocacy(store, [("employee", "marc", "detractor", 0.8, -0.6)])
    for lang in ("fr", "en"):
        for card in employee_cards(store, "marc", lang, now=NOW, checker=checker):
            for part in (card.title, card.what_happened, card.better_way, card.example):
                assert not SANCTION_WORDS.search(part), part


def team(n: int, name: str = "boutiques") -> list[Employee]:
    return [employee(f"e{i}", team=name) for i in range(n)]


def test_team_themes_count_posts_by_clause_without_names(store, checker):
    people = team(5)
    mentions = [post("e0", 1, "Il paraît que"), post("e1", 1, "On dit que ça ferme"),
                post("e1", 2, "Il paraît que ça ferme"), post("e2", 1, "Il paraît que oui"),
                post("e3", 1, "Projet Brioche !"), post("e4", 1, "Merci à tous !")]
    fill(store, people, mentions)
    themes = team_themes(store, "boutiques", "fr", min_group_size=5, now=NOW, checker=checker)
    assert [(t.clause, t.posts, t.people) for t in themes] == [("no-rumours", 4, 3)]
    flat = repr(themes)
    assert not any(p.id in flat or p.display_name in flat for p in people)


def test_a_theme_that_fewer_than_three_people_share_is_not_shown(store, checker):
    """One person's posts (here e3's confidential slip, twice) never make a theme: it would point at them."""
    mentions = [post("e3", 1, "Projet Brioche !"), post("e3", 2, "Projet Brioche encore"),
                post("e0", 1, "Il paraît que"), post("e1", 1, "Il paraît que non")]
    fill(store, team(5), mentions)
    assert team_themes(store, "boutiques", "fr", min_group_size=5, now=NOW, checker=checker) == []
    themes = team_themes(store, "boutiques", "fr", min_group_size=5, now=NOW, checker=checker, min_people=2)
    assert [(t.clause, t.people) for t in themes] == [("no-rumours", 2)]


def test_team_themes_are_suppressed_below_the_minimum_group_size(store, checker):
    fill(store, team(4), [post("e0", 1, "Il paraît que")])
    assert team_themes(store, "boutiques", min_group_size=5, now=NOW, checker=checker) == []


def test_team_group_counts_only_coaching_opt_ins(store, checker):
    people = team(4) + [employee("x1", coaching=False), employee("x2", withdrawn=True)]
    fill(store, people, [post("e0", 1, "Il paraît que")])
    assert team_themes(store, "boutiques", min_group_size=5, now=NOW, checker=checker) == []


def test_team_themes_ignore_other_teams(store, checker):
    fill(store, team(5) + [employee("z", team="siège")], [post("z", 1, "Il paraît que")])
    assert team_themes(store, "boutiques", now=NOW, checker=checker) == []


def test_unknown_language_is_an_input_error(store, checker):
    from ambassade.errors import InputError

    with pytest.raises(InputError):
        employee_cards(store, "claire", "de", now=NOW, checker=checker)
    with pytest.raises(InputError):
        team_themes(store, "boutiques", "de", now=NOW, checker=checker)


def test_hostile_post_text_reaches_the_card_as_plain_text(store, checker):
    fill(store, [employee("claire")], [post("claire", 1, "<script>x</script> Il paraît que \x00 =cmd|' /C calc'!A0")])
    card = employee_cards(store, "claire", now=NOW, checker=checker)[0]
    assert card.clause == "no-rumours" and "Il paraît que" in card.what_happened


def test_a_post_longer_than_the_draft_limit_is_checked_on_its_start(store):
    short_limit = Checker(max_chars=40)
    fill(store, [employee("claire")], [post("claire", 1, "Il paraît que " + "blabla " * 100)])
    assert [c.clause for c in employee_cards(store, "claire", now=NOW, checker=short_limit)] == ["no-rumours"]
