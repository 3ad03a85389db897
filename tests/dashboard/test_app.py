"""The dashboard renders every page without exceptions, in French and English, safely."""

from __future__ import annotations

import pytest

from tests.dashboard.conftest import run_app

PAGES = ["pages/overview.py", "pages/mentions.py", "pages/advocacy.py", "pages/coaching.py",
         "pages/draft_check.py", "pages/health.py"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_renders_without_exception(small_db, page, lang):
    at = run_app(page, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title


def test_overview_counts_the_window_and_draws_charts(small_db):
    at = run_app()
    assert at.title[0].value == "Vue d'ensemble"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Mentions"] == "59"       # one of the 60 is an employee's own post
    assert len(at.get("vega_lite_chart")) == 3


def test_overview_counts_leave_our_own_voice_out_unless_the_toggle_shows_it(small_db):
    at = run_app()
    assert {m.label: m.value for m in at.metric}["Mentions"] == "59"
    at.toggle(key="include_own").set_value(True).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Mentions"] == "60"


def test_english_labels(small_db):
    at = run_app(lang="en")
    assert at.title[0].value == "Overview"


def test_explorer_filters_by_text_and_treats_wildcards_literally(small_db):
    at = run_app("pages/mentions.py")
    assert "60" in at.caption[0].value
    at.text_input(key="f_search").input("message 1").run()
    assert "sur 11" in at.caption[0].value  # "message 1", "message 10".."message 19"
    at.text_input(key="f_search").input("%").run()
    assert [i.value for i in at.info] == ["Aucune mention ne correspond aux filtres."]


def test_explorer_filters_by_author_whatever_the_case_or_at_sign(small_db):
    at = run_app("pages/mentions.py")
    at.text_input(key="f_author").input("@User1").run()
    assert "sur 9" in at.caption[0].value          # user1 wrote mentions 1, 8, 15, …, 57
    assert set(at.dataframe[0].value["author"]) == {"user1"}


def test_explorer_shows_hostile_text_as_data_and_drops_script_links(small_db):
    at = run_app("pages/mentions.py")
    frame = at.dataframe[0].value
    hostile = frame[frame["text"].str.contains("onerror")]
    assert len(hostile) == 1
    assert frame["url"].isna().sum() == 1  # the javascript: URL is not clickable
    assert not any("onerror" in m.value for m in at.markdown)


def test_advocacy_page_waits_for_signals_and_lists_programme(small_db):
    at = run_app("pages/advocacy.py", "en")
    people = at.dataframe[-1].value
    assert len(people) == 8
    assert people["shares"].sum() == 1 and people["clicks"].sum() == 4


def test_missing_database_is_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("AMBASSADE_DB", str(tmp_path / "absent.duckdb"))
    at = run_app()
    assert not at.exception
    assert "absent.duckdb" in at.error[0].value


def test_empty_database_says_how_to_fill_it(tmp_path, monkeypatch):
    from store import open_store

    path = tmp_path / "empty.duckdb"
    open_store(path).close()
    monkeypatch.setenv("AMBASSADE_DB", str(path))
    at = run_app()
    assert not at.exception
    assert "ambassade demo" in at.info[0].value


def test_employee_sees_only_own_space(small_db):
    at = run_app(role="employee")
    assert not at.exception
    assert at.title[0].value == "Mon activité"
    with pytest.raises(Exception):
        at.switch_page("pages/overview.py").run()  # not routable for an employee


def test_employee_page_shows_own_shares_and_clicks(small_db):
    at = run_app(role="employee")
    at.selectbox(key="me_who").set_value("emp:1").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Partages"] == "1" and metrics["Clics"] == "4"
    at.selectbox(key="me_who").set_value("emp:3").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Partages"] == "0" and metrics["Clics"] == "0"


def test_manager_sees_aggregates_and_only_named_people(small_db):
    at = run_app(role="manager")
    assert not at.exception
    at.selectbox(key="team_pick").set_value("Lyon").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Inscrits"] == "5"
    named = at.dataframe[0].value
    assert list(named["display_name"]) == ["Employé 1"]


def test_manager_downloads_the_teams_weekly_files(small_db):
    at = run_app(role="manager")
    at.selectbox(key="team_pick").set_value("Lyon").run()
    assert not at.exception
    assert len(at.selectbox(key="team_week").options) == 8
    button = at.get("download_button")[0]
    assert button.proto.label == "Télécharger les fichiers (.zip)" and button.proto.url.endswith(".zip")


def test_manager_sees_nothing_of_a_team_below_the_group_size(small_db):
    at = run_app(role="manager")
    at.selectbox(key="team_pick").set_value("Paris").run()
    assert not at.metric
    assert "Moins de 5 personnes" in at.warning[0].value
    assert not at.get("download_button")


def test_coaching_cards_quote_the_post_as_plain_text(small_db):
    at = run_app("pages/coaching.py")
    at.selectbox(key="coach_who").set_value("emp:1").run()
    assert not at.exception
    quoted = " ".join(x.value for x in at.text)
    assert "Projet Brioche" in quoted


def test_health_page_shows_the_x_read_budget(small_db, monkeypatch):
    from datetime import datetime, timezone

    from store import open_store
    from store.state import add_reads

    with open_store(small_db) as store, store.transaction() as con:
        add_reads(con, "x", 120, datetime.now(timezone.utc))
    at = run_app("pages/health.py", "en")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["X reads this month / budget"] == "120 / 10,000"


def test_a_label_and_its_text_follow_each_languages_punctuation(monkeypatch):
    from dashboard import i18n

    monkeypatch.setattr(i18n, "lang", lambda: "fr")
    assert i18n.labelled("Conseil", "vérifiez") == "Conseil : vérifiez"
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    assert i18n.labelled("Tip", "check") == "Tip: check"


def test_a_correction_from_the_explorer_wins_on_the_overview(small_db):
    at = run_app("pages/mentions.py")
    assert "x:0" in set(at.dataframe[0].value["mention_id"])
    at.text_input(key="correct_id").input("x:0")
    at.radio(key="correct_choice").set_value("irrelevant")
    at.text_input(key="correct_by").input("Sophie")
    at.button[0].click().run()
    assert not at.exception and at.success, [e.value for e in at.error]
    at.switch_page("pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["Mentions"] == "58"      # 59 public, one irrelevant


def test_a_correction_of_an_unknown_mention_is_one_error_line(small_db):
    at = run_app("pages/mentions.py")
    at.text_input(key="correct_id").input("x:nope")
    at.text_input(key="correct_by").input("Sophie")
    at.button[0].click().run()
    assert not at.exception and "no mention" in at.error[0].value


def test_health_page_shows_sources_state_config_and_runs_in_words(small_db, monkeypatch):

    from store import open_store
    from store.state import finish_run, start_run

    config = small_db.parent / "ambassade.toml"
    config.write_text(config.read_text(encoding="utf-8")
                      + '\n[x]\nqueries = ["Lemoine"]\n[rss]\nfeeds = ["https://news.example.org/f.xml"]\n',
                      encoding="utf-8")
    monkeypatch.setenv("X_BEARER_TOKEN", "")
    with open_store(small_db) as store, store.transaction() as con:
        finish_run(con, start_run(con, "collect:x"), "failed", errors=1, message="HTTP 401: token refused")
        finish_run(con, start_run(con, "collect:rss"), "ok", items=12)
    at = run_app("pages/health.py")
    assert not at.exception, [e.value for e in at.exception]
    sources = at.dataframe[0].value.set_index("source")
    assert sources.loc["x", "state"] == "inactive"
    assert sources.loc["x", "why"] == "secret manquant : X_BEARER_TOKEN"
    assert sources.loc["x", "last_error"] == "HTTP 401: token refused"
    assert sources.loc["rss", "state"] == "active" and sources.loc["rss", "items"] == "12"
    assert sources.loc["reddit", "why"] == "aucune requête configurée"
    assert sources.loc["reddit", "last_run"] == "jamais" and sources.loc["reddit", "items"] == "—"
    shown = " ".join(x.value for x in at.text)
    assert "Lemoine" in shown and "https://news.example.org/f.xml" in shown
    runs = at.dataframe[1].value
    assert set(runs["status"]) == {"en erreur", "réussie"}
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Dernier passage d'évaluation"] != "jamais"
    assert metrics["Taille de la base"].endswith("Mo")


def test_coaching_opens_on_someone_with_cards_and_shows_who_has_any(small_db):
    at = run_app("pages/coaching.py")
    assert not at.exception, [e.value for e in at.exception]
    picker = at.selectbox(key="coach_who")
    assert picker.value == "emp:1"                        # the one employee with a coaching card
    assert picker.options[0].endswith("2 points d'accompagnement")
    assert "aucun point" in picker.options[-1]
    assert any("Employé 1" in c.value for c in at.caption if "Personnes avec" in c.value)
    assert any("Projet Brioche" in x.value for x in at.text)


def test_plural_follows_each_language():
    from dashboard import i18n

    assert [i18n.LABELS["message_count_one"]["fr"].format(n=1), i18n.LABELS["message_count_other"]["fr"].format(n=2)] \
        == ["1 message", "2 messages"]
    import pytest as _pytest
    with _pytest.MonkeyPatch.context() as mp:
        mp.setattr(i18n, "lang", lambda: "fr")
        assert i18n.plural("message_count", 1) == "1 message"
        assert i18n.plural("message_count", 0) == "0 message"
        assert i18n.plural("message_count", 2) == "2 messages"
        mp.setattr(i18n, "lang", lambda: "en")
        assert i18n.plural("message_count", 0) == "0 messages"
        assert i18n.plural("card_count", 1) == "1 coaching card"


def test_explorer_pages_through_everything_and_exports_all_of_it(tmp_path, monkeypatch):
    import csv
    import io
    from datetime import timedelta

    from ambassade.model import Mention
    from dashboard import queries
    from store import open_store
    from store.mentions import insert_mentions
    from tests.conftest import MINIMAL_TOML
    from tests.dashboard.conftest import NOW

    path = tmp_path / "big.duckdb"
    with open_store(path) as store, store.transaction() as con:
        insert_mentions(con, [Mention(source="x", native_id=str(i), author=f"a{i}", author_id=str(i),
                                      text=f"{'=1+1 ' if i == 3 else ''}Lemoine ok {i}", url=None,
                                      created_at=NOW - timedelta(minutes=i), lang="fr", matched=("Lemoine",))
                              for i in range(750)])
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML, encoding="utf-8")
    monkeypatch.setenv("AMBASSADE_DB", str(path))
    monkeypatch.setenv("AMBASSADE_CONFIG", str(config))
    at = run_app("pages/mentions.py")
    assert "Mentions 1 à 100 sur 750" in at.caption[0].value and "Page 1 sur 8" in at.caption[0].value
    at.number_input(key="f_page").set_value(8).run()
    assert len(at.dataframe[0].value) == 50
    assert "Mentions 701 à 750 sur 750" in at.caption[0].value
    grid = at.dataframe[0].value
    assert grid["compound"].eq("—").all()                   # unscored: a dash, never "None"
    at.text_input(key="f_search").input("a12").run()          # an author; the page goes back to 1
    assert "sur 11" in at.caption[0].value                  # a12, a120..a129
    window = queries.window(NOW, 30)
    file = queries.mentions_csv(str(path), *window, ("x",), (), (), (), "", "", tuple("abcdefghij"), "fr",
                                {"unscored": "non évalué"})
    rows = list(csv.reader(io.StringIO(file.read().decode("utf-8").lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 751 and rows[1][4] == "non évalué"
    assert [r[7] for r in rows if "=1+1" in r[7]] == ["'=1+1 Lemoine ok 3"]     # never a formula
