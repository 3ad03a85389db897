"""Delivery by e-mail to a real SMTP server on 127.0.0.1: each manager their own teams, once; failures retried and reported."""

from __future__ import annotations

import dataclasses

import pytest

from ambassade.errors import ConfigError
from ambassade.settings import ExportSettings, SmtpSettings
from exports.delivery import deliver
from exports.weekly import build_weekly
from store.deliveries import deliveries
from tests.exports.conftest import WEEK, add_team
from tests.conftest import free_port








def configured(options, port: int, managers: dict[str, list[str]]):
    return dataclasses.replace(
        options, smtp=SmtpSettings(host="127.0.0.1", port=port, sender="ambassade@maisonlemoine.fr", starttls=False),
        exports=ExportSettings(managers=managers, retries=1))


def test_each_manager_gets_their_own_teams_files_once(db, options, inbox):
    handler, port = inbox
    add_team(db, "lyon", 5)
    add_team(db, "paris", 5)
    options = configured(options, port, {"lyon": ["cheffe.lyon@maisonlemoine.fr"], "paris": ["chef.paris@maisonlemoine.fr"]})
    export = build_weekly(db, options, WEEK)
    report = deliver(db, options, export, sleep=lambda s: None)
    assert sorted(report.sent) == ["lyon → cheffe.lyon@maisonlemoine.fr", "paris → chef.paris@maisonlemoine.fr"]
    by_recipient = {m["To"]: m for m in handler.messages}
    lyon = by_recipient["cheffe.lyon@maisonlemoine.fr"]
    assert lyon["Subject"] == "Ambassade · synthèse de la semaine 2026-W47 · lyon"
    names = sorted(part.get_filename() for part in lyon.iter_attachments())
    assert names == [f"2026-W47_lyon_{n}" for n in
                     ("content.csv", "participation.csv", "public_voices.csv", "summary.csv", "themes.csv")]
    assert "5 partages" in lyon.get_body(("plain",)).get_content()
    assert all(part.get_payload(decode=True) == export.files["lyon"][part.get_filename().split("_", 2)[2]]
               for part in lyon.iter_attachments())
    # Again: nothing is sent twice.
    again = deliver(db, options, export, sleep=lambda s: None)
    assert again.sent == [] and len(again.skipped) == 2 and len(handler.messages) == 2


def test_a_refused_recipient_is_reported_and_retried_on_the_next_run(db, options, inbox):
    handler, port = inbox
    add_team(db, "lyon", 5)
    options = configured(options, port, {"lyon": ["nobody@refused.example", "ok@maisonlemoine.fr"]})
    export = build_weekly(db, options, WEEK)
    report = deliver(db, options, export, sleep=lambda s: None)
    assert report.sent == ["lyon → ok@maisonlemoine.fr"]
    assert report.failed == ["lyon → nobody@refused.example: recipient refused: nobody@refused.example"]
    journal = {d.recipient: (d.status, d.attempts) for d in deliveries(db, WEEK.label)}
    assert journal == {"nobody@refused.example": ("failed", 1), "ok@maisonlemoine.fr": ("sent", 1)}
    deliver(db, options, export, sleep=lambda s: None)
    journal = {d.recipient: (d.status, d.attempts) for d in deliveries(db, WEEK.label)}
    assert journal == {"nobody@refused.example": ("failed", 2), "ok@maisonlemoine.fr": ("sent", 1)}


def test_a_server_that_does_not_answer_is_retried_then_reported(db, options):
    add_team(db, "lyon", 5)
    options = configured(options, free_port(), {"lyon": ["cheffe@maisonlemoine.fr"]})
    waits: list[float] = []
    report = deliver(db, options, build_weekly(db, options, WEEK), sleep=waits.append)
    assert waits == [2.0]                      # [exports] retries = 1: one more attempt
    assert len(report.failed) == 1 and "ConnectionRefusedError" in report.failed[0]
    assert [d.status for d in deliveries(db, WEEK.label)] == ["failed"]


def test_managers_without_an_smtp_server_is_a_configuration_error(db, options):
    add_team(db, "lyon", 5)
    options = dataclasses.replace(options, exports=ExportSettings(managers={"lyon": ["a@b.fr"]}))
    with pytest.raises(ConfigError, match=r"\[smtp\] host and sender"):
        deliver(db, options, build_weekly(db, options, WEEK))


def test_a_small_team_is_never_sent(db, options, inbox):
    handler, port = inbox
    add_team(db, "lyon", 3)
    options = configured(options, port, {"lyon": ["cheffe@maisonlemoine.fr"]})
    report = deliver(db, options, build_weekly(db, options, WEEK), sleep=lambda s: None)
    assert report.sent == [] and handler.messages == []
