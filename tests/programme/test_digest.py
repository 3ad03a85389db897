"""The employees' weekly digest against real servers on 127.0.0.1: an aiosmtpd inbox and a
pytest-httpserver webhook. Only people who chose it, in their language, once a week; failures
retried, journalled and reported; the chat post escapes markup and never leaks its URL."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from ambassade.errors import ConfigError, InputError
from ambassade.settings import parse_settings
from exports.weeks import parse_week, week_of
from programme.digest import digest_job, due_week, send_digest
from store.digest import post, sends
from store.enrolment import Invitation, accept, invite
from store.retention import erase_employee, purge_expired
from tests.ambassade.test_cli import assert_one_line_error, invoke
from tests.conftest import free_port
from tests.programme.conftest import NOW, PROGRAMME_TOML
from tests.programme.test_suggest import add

WEEK = week_of(NOW, "Europe/Paris")          # 2026-W47
PEOPLE = [Invitation("emp:claire", "Claire\nBcc: x@evil.example", "claire@maisonlemoine.fr", "Marketing", "fr"),
          Invitation("emp:emma", "Emma", "emma@maisonlemoine.fr", "Marketing", "en"),
          Invitation("emp:paul", "Paul", "paul@maisonlemoine.fr", "Marketing", "fr"),     # no digest scope
          Invitation("emp:zoe", "Zoé", "zoe@maisonlemoine.fr", "RH", "fr"),              # digest without shares
          Invitation("emp:nomail", "Sans Adresse", None, "RH", "fr"),
          Invitation("emp:ghost", "Refusé", "ghost@refused.example", "RH", "fr")]


def digest_settings(port: int, **digest):
    extra = "".join(f"{k} = {json.dumps(v)}\n" for k, v in digest.items())
    return parse_settings(PROGRAMME_TOML + f"""
[smtp]
host = "127.0.0.1"
port = {port}
sender = "ambassade@maisonlemoine.fr"
starttls = false

[digest]
retries = 1
{extra}""")




@pytest.fixture
def programme(db):
    with db.transaction():
        invite(db, PEOPLE, "test", NOW - timedelta(days=60))
        for ident in ("emp:claire", "emp:emma", "emp:nomail"):
            accept(db, ident, ["shares", "digest"], {}, "dashboard:consent", NOW - timedelta(days=50))
        accept(db, "emp:paul", ["shares"], {}, "dashboard:consent", NOW - timedelta(days=50))
        accept(db, "emp:zoe", ["coaching", "digest"], {}, "dashboard:consent", NOW - timedelta(days=50))
    add(db, "apprentis", tags=["recrutement"], days_ago=2, title="Nos apprentis <!channel>")
    add(db, "vieux", tags=["recettes"], days_ago=30, title="Un ancien article")
    add(db, "refuse", tags=["recettes"], days_ago=1, state="proposed", title="Pas encore approuvé")
    return db


def no_sleep(seconds: float) -> None:
    pass


def test_each_person_who_chose_it_gets_one_email_in_their_language_once(programme, passes, inbox):
    handler, port = inbox
    settings = digest_settings(port)
    report = send_digest(programme, settings, WEEK, NOW, passes, sleep=no_sleep)
    assert sorted(report.sent) == ["emp:claire", "emp:emma"]
    assert "emp:nomail: no e-mail address" in report.skipped and report.failed == []
    by_to = {m["To"]: m for m in handler.messages}
    assert set(by_to) == {"claire@maisonlemoine.fr", "emma@maisonlemoine.fr"}
    claire, emma = by_to["claire@maisonlemoine.fr"], by_to["emma@maisonlemoine.fr"]
    assert claire["Subject"] == "Ambassade · vos suggestions de la semaine 2026-W47"
    assert emma["Subject"] == "Ambassade · your suggestions for week 2026-W47"
    body = claire.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith("Bonjour Claire Bcc: x@evil.example,\n")      # a name cannot add a header
    assert claire["Bcc"] is None
    assert "Nos apprentis" in body and "nouveau cette semaine" in body and "Texte proposé (linkedin) :" in body
    assert "Pas encore approuvé" not in body
    assert "Here are" in emma.get_body(("plain",)).get_content()
    # Again the same week: nothing is sent twice.
    again = send_digest(programme, settings, WEEK, NOW, passes, sleep=no_sleep)
    assert again.sent == [] and len(handler.messages) == 2
    assert "emp:claire: already sent" in again.skipped


def test_smtp_down_is_retried_reported_and_sent_by_the_next_run(programme, passes, inbox):
    handler, port = inbox
    down = digest_settings(free_port())
    slept = []
    report = send_digest(programme, down, WEEK, NOW, passes, sleep=slept.append)
    assert report.sent == [] and len(report.failed) == 2 and "ConnectionRefusedError" in report.failed[0]
    assert len(slept) == 2                         # one retry each ([digest] retries = 1)
    with programme.transaction() as db:
        journal = sends(db, WEEK.label)
    assert {k: (v.status, v.attempts) for k, v in journal.items()} == {
        "emp:claire": ("failed", 1), "emp:emma": ("failed", 1)}
    later = send_digest(programme, digest_settings(port), WEEK, NOW, passes, sleep=no_sleep)
    assert sorted(later.sent) == ["emp:claire", "emp:emma"] and len(handler.messages) == 2
    with programme.transaction() as db:
        assert sends(db, WEEK.label)["emp:claire"].attempts == 2


def test_a_refused_address_is_a_reported_failure_not_a_crash(programme, passes, inbox):
    handler, port = inbox
    with programme.transaction():
        accept(programme, "emp:ghost", ["shares", "digest"], {}, "dashboard:consent", NOW - timedelta(days=1))
    report = send_digest(programme, digest_settings(port), WEEK, NOW, passes, sleep=no_sleep)
    assert report.failed == ["emp:ghost: recipient refused: ghost@refused.example"]
    assert sorted(report.sent) == ["emp:claire", "emp:emma"]


def test_no_smtp_configured_is_a_config_error_when_someone_chose_it(programme, passes):
    with pytest.raises(ConfigError, match=r"\[smtp\]"):
        send_digest(programme, parse_settings(PROGRAMME_TOML), WEEK, NOW, passes)


def test_webhook_gets_newly_approved_content_once_escaped(programme, passes, inbox, httpserver, monkeypatch):
    _, port = inbox
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    monkeypatch.setenv("AMBASSADE_DIGEST_WEBHOOK", httpserver.url_for("/hook"))
    report = send_digest(programme, digest_settings(port), WEEK, NOW, passes, sleep=no_sleep)
    assert report.post == "sent (1 items)"
    [(request, _)] = httpserver.log
    text = request.get_json()["text"]
    assert text.startswith("Nouveaux contenus à partager (2026-W47) :")
    assert "Nos apprentis &lt;!channel&gt;" in text and "<!channel>" not in text
    assert "Un ancien article" not in text and "Pas encore approuvé" not in text   # older than the last week
    again = send_digest(programme, digest_settings(port), WEEK, NOW, passes, sleep=no_sleep)
    assert again.post == "already sent" and len(httpserver.log) == 1
    # Next week: only what was approved since this post.
    next_week = week_of(NOW + timedelta(days=7), "Europe/Paris")
    later = send_digest(programme, digest_settings(port), next_week, NOW + timedelta(days=7), passes, sleep=no_sleep)
    assert later.post == "nothing new" and len(httpserver.log) == 1


def test_webhook_500_is_retried_reported_then_posted_with_the_same_items(programme, passes, inbox, httpserver,
                                                                          monkeypatch, caplog):
    _, port = inbox
    url = httpserver.url_for("/hook?secret=abc123")
    monkeypatch.setenv("AMBASSADE_DIGEST_WEBHOOK", url)
    httpserver.expect_request("/hook", method="POST").respond_with_data("boom", status=500)
    report = send_digest(programme, digest_settings(port, webhook_kind="teams"), WEEK, NOW, passes, sleep=no_sleep)
    assert report.post == "failed: HTTP 500" and "chat post: HTTP 500" in report.failed
    assert len(httpserver.log) == 2                      # first attempt and one retry
    ours = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug"))
    assert "abc123" not in ours and "abc123" not in json.dumps(report.as_json())
    with programme.transaction() as db:
        journal = post(db, WEEK.label)
    assert (journal.status, journal.attempts, journal.last_error) == ("failed", 1, "HTTP 500")
    assert "abc123" not in str(programme._rows("SELECT * FROM digest_posts"))
    assert "(2026-W47) :\n\n• Nos apprentis" in httpserver.log[0][0].get_json()["text"]   # Teams' Markdown
    httpserver.clear()
    httpserver.expect_request("/hook", method="POST").respond_with_data("1")
    later = send_digest(programme, digest_settings(port), WEEK, NOW + timedelta(hours=1), passes, sleep=no_sleep)
    assert later.post == "sent (1 items)" and "Nos apprentis" in httpserver.log[0][0].get_json()["text"]


def test_dry_run_sends_and_writes_nothing(programme, passes, inbox, httpserver, monkeypatch):
    handler, port = inbox
    monkeypatch.setenv("AMBASSADE_DIGEST_WEBHOOK", httpserver.url_for("/hook"))
    report = send_digest(programme, digest_settings(port), WEEK, NOW, passes, dry_run=True)
    assert sorted(report.would_send) == ["emp:claire", "emp:emma"] and report.post == "would post 1 items"
    assert handler.messages == [] and httpserver.log == []
    assert programme._rows("SELECT count(*) FROM digest_sends")[0][0] == 0
    assert programme._rows("SELECT count(*) FROM share_links")[0][0] == 0


def test_erasure_removes_the_digest_journal(programme, passes, inbox):
    _, port = inbox
    send_digest(programme, digest_settings(port), WEEK, NOW, passes, sleep=no_sleep)
    with programme.transaction() as db:
        erase_employee(db, "emp:claire")
        assert set(sends(db, WEEK.label)) == {"emp:emma"}
        # The journal is not kept past [privacy] retention_days either.
        purge_expired(db, 365, datetime.now(timezone.utc) + timedelta(days=400))
        assert sends(db, WEEK.label) == {}


def test_the_job_waits_for_the_send_time_and_only_runs_when_enabled(programme, inbox):
    handler, port = inbox
    monday_8 = datetime(2026, 11, 16, 7, tzinfo=timezone.utc)         # 08:00 in Paris
    monday_9 = datetime(2026, 11, 16, 8, tzinfo=timezone.utc)
    settings = digest_settings(port, enabled=True)
    assert due_week(settings, monday_8) is None
    assert due_week(settings, monday_9).label == "2026-W47"
    assert due_week(digest_settings(port, send_weekday=2), NOW).label == "2026-W47"   # Friday, after Wednesday
    assert digest_job(programme, digest_settings(port), NOW) is None                  # not enabled
    assert digest_job(programme, settings, monday_8) is None and handler.messages == []


@pytest.mark.parametrize("text", ["", "2026-47", "2026-W54", "W47", "2026-W47; rm", "9" * 200, "2027-W01"])
def test_malformed_impossible_or_future_weeks_are_refused(text):
    with pytest.raises(InputError):
        parse_week(text, "Europe/Paris", NOW, allow_current=True)


def test_digest_send_command(programme, db_path, tmp_path, inbox):
    handler, port = inbox
    programme.close()
    config = tmp_path / "ambassade.toml"
    config.write_text(PROGRAMME_TOML + f'[smtp]\nhost = "127.0.0.1"\nport = {port}\n'
                      'sender = "ambassade@maisonlemoine.fr"\nstarttls = false\n')
    args = ("--config", str(config), "--db", str(db_path), "digest", "send")
    dry = invoke(*args, "--dry-run", "--json")
    assert dry.exit_code == 0, dry.stderr
    assert sorted(json.loads(dry.stdout)["would_send"]) == ["emp:claire", "emp:emma"] and handler.messages == []
    sent = invoke(*args)
    assert sent.exit_code == 0, sent.stderr
    assert "2 sent" in sent.stdout and len(handler.messages) <= 2
    assert_one_line_error(invoke(*args, "--week", "2026-W99"), "--week")
    assert_one_line_error(invoke(*args, "--week", "2999-W01"), "future")
