"""On the demo database: the flan bad buzz is one incident, explained, listed by `ambassade
alerts --json`, and `ambassade schedule --once` posts it once to a webhook on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug import Response

from ambassade.cli import main
from ambassade.demo.build import build_demo
from ambassade.demo.corpus import SPIKE_DAYS_AGO

pytestmark = pytest.mark.slow
DEMO_TOML = (Path(__file__).parents[2] / "ambassade" / "demo" / "ambassade.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path)                      # as `ambassade demo --build-only`: the 90 days ending today
    return path


@pytest.fixture
def demo(demo_file, tmp_path) -> tuple[Path, Path]:
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_file, db)
    config = tmp_path / "ambassade.toml"
    # The demo's own settings; collection off (no network in tests), pushes for the last 30 days.
    text = DEMO_TOML.split("[rss]")[0] + '[rss]\nfeeds = []\n' + "[store]" + DEMO_TOML.split("[store]")[1]
    config.write_text(text + "\n[alerts]\npush_max_age_hours = 720\nquiet_hours = \"\"\n", encoding="utf-8")
    return db, config


def cli(config: Path, db: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(config), "--db", str(db), *args])


def spike_window() -> tuple[datetime, datetime]:
    first = date.today() - timedelta(days=SPIKE_DAYS_AGO)
    start = datetime.combine(first, time(12), timezone.utc)
    return start, start + timedelta(days=3)


def flan_incidents(listed: list[dict]) -> list[dict]:
    start, end = spike_window()
    return [i for i in listed if start <= datetime.fromisoformat(i["start"]) < end
            or start <= datetime.fromisoformat(i["last_alert_end"]) <= end]


def test_the_flan_bad_buzz_is_one_incident_with_its_drivers_and_mentions(demo):
    db, config = demo
    result = cli(config, db, "alerts", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    [flan] = flan_incidents(listed)
    assert set(flan["kinds"]) == {"volume", "negative_share"}
    assert flan["kinds_words"] == ["pic de volume", "sentiment négatif en hausse"]
    assert flan["severity"] == "high" and flan["end"] is not None
    assert {"flan", "flans", "intoxication", "intoxiques", "malades"} & set(flan["drivers"]["terms"][:5])
    assert {s["source"] for s in flan["drivers"]["sources"]} >= {"x", "reddit"}
    assert flan["mentions"] >= 100 and len(flan["mention_ids"]) == min(200, flan["mentions"])
    assert len(listed) < 10                # not the 26 raw alert rows
    # Our own voice apart: the brand's own account ([brand] own_accounts) drives nothing.
    assert "maisonlemoine" not in json.dumps(flan["drivers"]["authors"]).lower()


def test_schedule_once_posts_the_incident_once_and_not_on_the_next_pass(demo, httpserver, monkeypatch):
    db, config = demo
    received: list[dict] = []

    def answer(request):
        received.append(json.loads(request.data))
        return Response("ok", 200)

    httpserver.expect_request("/hooks/T000/B000/secret").respond_with_handler(answer)
    monkeypatch.setenv("AMBASSADE_ALERTS_WEBHOOK", httpserver.url_for("/hooks/T000/B000/secret"))
    first = cli(config, db, "schedule", "--once", "x")
    assert first.exit_code == 0, first.output
    assert len(received) == 1
    body = json.dumps(received[0], ensure_ascii=False)
    assert "flan" in body and "sentiment négatif en hausse" in body and "heures de Europe/Paris" in body
    ours = [line for line in first.output.splitlines() if line.startswith("ambassade")]
    assert ours and not any("secret" in line for line in ours)     # the webhook URL is never said
    second = cli(config, db, "schedule", "--once", "x")
    assert second.exit_code == 0 and len(received) == 1
    from store import open_store

    with open_store(db, read_only=True) as store:
        runs = store._rows("SELECT status FROM runs WHERE job = 'alerts'")
        pushes = store._rows("SELECT channel, push_kind, status, attempts FROM incident_pushes")
    assert runs == [("ok",), ("ok",)]
    # Every incident due went in that one message, each journalled once: besides the flan's,
    # the demo's 30 days may hold another one due on the same pass (seen once, at 00:40 UTC).
    assert pushes and set(pushes) == {("slack", "incident", "sent", 1)}
