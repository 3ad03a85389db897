"""Pushes to Slack/Teams webhooks (a real HTTP server on 127.0.0.1) and by e-mail (the SMTP
inbox): presets, cooldown, quiet hours, influential accounts, retries, never twice."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone

import pytest
from werkzeug import Response

from alerts.incidents import refresh_incidents
from alerts.payloads import Item, slack_payload, teams_payload
from alerts.push import in_quiet_hours, push, subjects
from ambassade.errors import ConfigError
from ambassade.settings import parse_settings
from store import incidents as sql
from store.signals import upsert_alerts
from tests.conftest import MINIMAL_TOML

from .conftest import NOW

SOON = NOW + timedelta(minutes=5)


def configure(extra: str = "", **alerts) -> object:
    keys = {"sensitivity": '"high"', "influential_followers": "0", **alerts}
    lines = "\n".join(f"{k} = {v}" for k, v in keys.items())
    return parse_settings(MINIMAL_TOML + f"[alerts]\n{lines}\n" + extra)


@pytest.fixture
def hook(httpserver, monkeypatch):
    """The webhook: a real server on 127.0.0.1; its URL (the secret) in the environment."""
    monkeypatch.setenv("AMBASSADE_ALERTS_WEBHOOK", httpserver.url_for("/hook/secret-token-123"))
    received: list[dict] = []

    def answer(request):
        received.append(json.loads(request.data))
        return Response("ok", 200)

    httpserver.expect_request("/hook/secret-token-123", method="POST").respond_with_handler(answer)
    return received


@pytest.fixture
def incident(buzzing, settings):
    refresh_incidents(buzzing, settings, now=NOW)
    return buzzing


def journal(db):
    with db.transaction() as con:
        return sql.pushes(con)


def test_a_new_incident_goes_to_slack_once_and_never_again(incident, hook):
    settings = configure()
    first = push(incident, settings, now=SOON)
    assert len(first.sent) == 1 and len(hook) == 1
    payload = hook[0]
    assert set(payload) == {"text", "blocks"} and payload["blocks"][0]["type"] == "header"
    body = json.dumps(payload, ensure_ascii=False)
    assert "pic de volume" in body and ("flan" in body or "intoxication" in body)
    assert "heures de Europe/Paris" in body and "que faire" in body
    again = push(incident, settings, now=SOON + timedelta(hours=3))
    assert again.sent == [] and len(hook) == 1
    [(key, row)] = journal(incident).items()
    assert key[1:] == ("slack", "incident") and row.status == "sent" and row.attempts == 1


def test_teams_gets_a_message_card(incident, hook):
    push(incident, configure(webhook_kind='"teams"', lang='"en"'), now=SOON)
    [card] = hook
    assert card["@type"] == "MessageCard" and card["@context"] == "https://schema.org/extensions"
    assert card["sections"][0]["facts"] and "volume spike" in json.dumps(card)
    assert card["themeColor"] in ("C62828", "EF6C00", "F9A825")


def test_e_mail_goes_to_the_crisis_desk_once(incident, inbox):
    handler, port = inbox
    settings = configure(f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsender = "veille@lemoine.example"\n'
                         'starttls = false\n', email_to='["crise@lemoine.example"]')
    assert push(incident, settings, now=SOON).sent
    push(incident, settings, now=SOON + timedelta(hours=2))
    [message] = handler.messages
    assert message["To"] == "crise@lemoine.example" and "[Ambassade]" in message["Subject"]
    text = message.get_content()
    assert "gravité" in text and "heures de Europe/Paris" in text


def test_e_mail_without_smtp_is_a_config_error(incident):
    with pytest.raises(ConfigError, match=r"\[smtp\]"):
        push(incident, configure(email_to='["crise@lemoine.example"]'), now=SOON)


def test_nothing_configured_pushes_nothing(incident):
    report = push(incident, configure(), now=SOON)
    assert report.sent == [] and journal(incident) == {}


def test_sensitivity_presets_choose_the_severities_pushed(db):
    def alert(id_, kind, hours_ago, score):
        start = NOW - timedelta(hours=hours_ago)
        return {"id": id_, "kind": kind, "source": "x", "starts_at": start, "ends_at": start + timedelta(hours=1),
                "observed": 9.0, "expected": 1.0, "score": score, "mention_ids": [], "created_at": NOW}

    with db.transaction() as con:
        upsert_alerts(con, [alert("alert:low", "volume", 30, 5.0),
                            alert("alert:mid1", "volume", 20, 5.0), alert("alert:mid2", "negative_share", 20, 5.0),
                            alert("alert:high1", "volume", 10, 12.0), alert("alert:high2", "negative_share", 10, 5.0)])
    refresh_incidents(db, configure(merge_gap_hours="1"), now=NOW)
    with db.transaction() as con:
        by_id = {r["id"]: r["severity"] for r in sql.incidents_since(con, None)}
        assert sorted(by_id.values()) == ["high", "low", "medium"]
        chosen = {preset: sorted(by_id[s.id] for s in subjects(con, configure(sensitivity=f'"{preset}"'), SOON))
                  for preset in ("low", "normal", "high")}
    assert chosen == {"low": ["high"], "normal": ["high", "medium"], "high": ["high", "low", "medium"]}


def test_old_incidents_are_never_pushed(incident, hook):
    report = push(incident, configure(push_max_age_hours="24"), now=NOW + timedelta(days=3))
    assert report.sent == [] and hook == []


def test_a_failed_push_is_retried_later_with_backoff_then_abandoned(incident, httpserver, monkeypatch, caplog):
    monkeypatch.setenv("AMBASSADE_ALERTS_WEBHOOK", httpserver.url_for("/down/secret-token-456"))
    answers = iter([500, 503, 200])
    httpserver.expect_request("/down/secret-token-456").respond_with_handler(
        lambda request: Response("no", next(answers)))
    settings = configure(retries="3", push_minutes="5")
    with caplog.at_level(logging.WARNING):
        first = push(incident, settings, now=SOON)
    assert first.failed and not first.sent
    assert "secret-token" not in caplog.text and "secret-token" not in " ".join(first.failed)
    too_soon = push(incident, settings, now=SOON + timedelta(minutes=2))
    assert too_soon.waiting and not too_soon.failed          # waits its turn: 5 min after the 1st failure
    second = push(incident, settings, now=SOON + timedelta(minutes=6))
    assert second.failed                                      # 503; next wait doubles to 10 min
    assert not push(incident, settings, now=SOON + timedelta(minutes=12)).sent
    third = push(incident, settings, now=SOON + timedelta(minutes=17))
    assert third.sent
    [row] = journal(incident).values()
    assert (row.status, row.attempts) == ("sent", 3) and "secret-token" not in (row.last_error or "")
    assert not push(incident, settings, now=SOON + timedelta(hours=5)).sent


def test_a_push_that_keeps_failing_is_abandoned_after_its_retries(incident, httpserver, monkeypatch):
    monkeypatch.setenv("AMBASSADE_ALERTS_WEBHOOK", httpserver.url_for("/gone"))
    httpserver.expect_request("/gone").respond_with_data("no", status=500)
    settings = configure(retries="1")
    assert push(incident, settings, now=SOON).failed
    assert push(incident, settings, now=SOON + timedelta(hours=1)).abandoned
    assert push(incident, settings, now=SOON + timedelta(hours=2)).failed == []
    [row] = journal(incident).values()
    assert row.status == "abandoned" and row.last_error == "HTTP 500"


def test_an_unreachable_webhook_is_a_failure_not_a_crash(incident, monkeypatch):
    from tests.conftest import free_port

    monkeypatch.setenv("AMBASSADE_ALERTS_WEBHOOK", f"http://127.0.0.1:{free_port()}/hook")
    report = push(incident, configure(webhook_timeout_seconds="2"), now=SOON)
    assert report.failed and "ConnectionError" in report.failed[0]


def add_incident(db, settings, hours_after: float) -> None:
    start = NOW + timedelta(hours=hours_after)
    with db.transaction() as con:
        upsert_alerts(con, [{"id": f"alert:later{hours_after}", "kind": "negative_share", "source": "x",
                             "starts_at": start, "ends_at": start + timedelta(hours=1), "observed": 0.8,
                             "expected": 0.1, "score": 9.0, "mention_ids": [], "created_at": start}])
    refresh_incidents(db, settings, now=start + timedelta(hours=1, minutes=1))


def test_a_cooldown_holds_the_next_push_back_and_sends_it_once_it_ends(incident, hook):
    settings = configure(cooldown_minutes=str(24 * 60), merge_gap_hours="14", push_max_age_hours="72")
    assert push(incident, settings, now=SOON).sent
    add_incident(incident, settings, hours_after=12)          # a second, separate incident
    assert len(sql.incidents_since(incident, None)) == 2
    held = push(incident, settings, now=NOW + timedelta(hours=13, minutes=5))
    assert held.sent == [] and any("cooldown" in w for w in held.waiting)
    after = push(incident, settings, now=NOW + timedelta(hours=24, minutes=10))
    assert len(after.sent) == 1 and len(hook) == 2
    assert "sentiment négatif en hausse" in json.dumps(hook[1], ensure_ascii=False)


def test_quiet_hours_hold_pushes_below_their_severity_until_morning(incident, hook):
    night = datetime(2026, 11, 23, 22, 30, tzinfo=timezone.utc)      # 23:30 in Paris
    morning = datetime(2026, 11, 24, 6, 30, tzinfo=timezone.utc)     # 07:30 in Paris
    settings = configure(quiet_hours='"22:00-07:00"', quiet_min_severity='"never"', push_max_age_hours="72")
    held = push(incident, settings, now=night)
    assert held.sent == [] and any("quiet hours" in w for w in held.waiting)
    assert push(incident, settings, now=morning).sent


def test_quiet_hours_let_an_incident_of_their_severity_through(incident, hook):
    [row] = sql.incidents_since(incident, None)
    night = datetime(2026, 11, 23, 22, 30, tzinfo=timezone.utc)
    settings = configure(quiet_hours='"22:00-07:00"', quiet_min_severity=f'"{row["severity"]}"',
                         push_max_age_hours="72")
    assert push(incident, settings, now=night).sent


def test_quiet_hours_span_midnight_in_the_brand_time_zone():
    paris = "Europe/Paris"
    assert in_quiet_hours(datetime(2026, 11, 23, 22, 30, tzinfo=timezone.utc), "22:00-07:00", paris)
    assert in_quiet_hours(datetime(2026, 11, 24, 5, 59, tzinfo=timezone.utc), "22:00-07:00", paris)
    assert not in_quiet_hours(datetime(2026, 11, 24, 6, 0, tzinfo=timezone.utc), "22:00-07:00", paris)
    assert not in_quiet_hours(datetime(2026, 11, 23, 20, 59, tzinfo=timezone.utc), "22:00-07:00", paris)
    assert in_quiet_hours(datetime(2026, 11, 23, 12, 30, tzinfo=timezone.utc), "13:00-14:00", paris)
    assert not in_quiet_hours(datetime(2026, 11, 23, 12, 30, tzinfo=timezone.utc), "", paris)


def test_an_influential_account_mentioning_the_brand_is_pushed_once(incident, hook):
    from ambassade.text.terms import TermMatcher
    from scoring.batch import score_store
    from store.mentions import insert_mentions

    from .conftest import mention

    with incident.transaction() as con:
        insert_mentions(con, [mention(90_077, "grand_journal", "Nous enquêtons sur les flans Lemoine",
                                      NOW - timedelta(minutes=30), followers=120_000),
                              mention(90_078, "claire_m", "Lemoine, mon employeur, répond aux questions",
                                      NOW - timedelta(minutes=20), followers=300_000)])
        con._rows("INSERT INTO employees (id, display_name, team, opted_in_at, named_ok, coaching_ok) "
                  "VALUES ('emp:claire', 'Claire', 'Ventes', ?, false, false)", [NOW])
        con._rows("INSERT INTO employee_handles VALUES ('x', 'claire_m', 'emp:claire')")
    score_store(incident, TermMatcher(["Lemoine"]), ["fr"])
    settings = configure(influential_followers="100000", sensitivity='"low"')
    report = push(incident, settings, now=SOON)
    assert [s for s in report.sent if ":influential:" in s] == ["slack:influential:x:90077"]
    body = json.dumps(hook, ensure_ascii=False)
    assert "Compte influent" in body and "grand_journal" in body
    assert "claire_m" not in body                 # an employee's own post is never an "influential account"
    assert not push(incident, settings, now=SOON + timedelta(hours=2)).sent


@pytest.mark.parametrize("kind", ["slack", "teams"])
def test_hostile_mention_text_stays_text_in_every_payload(kind):
    hostile = "<!channel> <https://evil.example|clique> **gras** [lien](https://evil.example) \x1b[31m\n# titre " + "x" * 5000
    item = Item("Incident", "high", [("termes", "<b>flan</b>")], [hostile], ["Vérifiez <les> faits"])
    body = json.dumps((slack_payload if kind == "slack" else teams_payload)([item], "Maison Lemoine", "fr"))
    assert "<!channel>" not in body and "<https://evil" not in body and "<b>" not in body
    assert "\\u001b" not in body and len(body) < 4000
    if kind == "teams":
        assert "[lien](" not in body and "**gras**" not in body
