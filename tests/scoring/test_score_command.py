"""`ambassade score --jsonl`: one JSON line out per good line in, bad lines reported and counted."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

import ambassade.commands.score as score_command
from ambassade.cli import main
from ambassade.model import Mention
from store import open_store
from store.mentions import insert_mentions
from tests.conftest import MINIMAL_TOML

KEYS = ["id", "lang", "compound", "pos", "neu", "neg", "label"]


def run(stdin: bytes | str, *args: str):
    return CliRunner().invoke(main, [*args, "score", "--jsonl"], input=stdin, catch_exceptions=False)


def lines_of(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_scores_each_line_in_order_with_the_contract_keys():
    stdin = "\n".join(json.dumps(r) for r in [
        {"id": "a", "text": "Trop bien !"}, {"id": 2, "text": "I hate queues", "lang": "en"},
        {"id": "c", "text": "", "lang": None},
    ]) + "\n"
    result = run(stdin)
    assert result.exit_code == 0, result.stderr
    out = lines_of(result)
    assert [list(o) for o in out] == [KEYS] * 3
    assert [(o["id"], o["lang"], o["label"]) for o in out] == [
        ("a", "fr", "positive"), (2, "en", "negative"), ("c", None, "neutral")]


def test_bad_lines_are_reported_with_their_number_skipped_and_exit_2():
    stdin = b'{"id":"a","text":"top"}\nnot json\n[1,2]\n{"id":"b"}\n{"text":"x"}\n{"id":true,"text":"x"}\n' \
            b'{"id":"c","text":5}\n{"id":"d","text":"x","lang":3}\n\n{"id":"e","text":"nul"}\n'
    result = run(stdin)
    assert result.exit_code == 2
    assert [o["id"] for o in lines_of(result)] == ["a", "e"]
    errors = result.stderr.splitlines()
    assert [e.split(":")[1].strip() for e in errors[:-1]] == [f"line {n}" for n in (2, 3, 4, 5, 6, 7, 8)]
    assert errors[-1] == "ambassade: error: 7 bad input line(s) skipped (see above)"
    assert "Traceback" not in result.output


def test_huge_line_is_skipped_without_reading_it_whole(monkeypatch):
    monkeypatch.setattr(score_command, "MAX_LINE_BYTES", 1000)
    stdin = json.dumps({"id": "big", "text": "x" * 5000}) + "\n" + json.dumps({"id": "ok", "text": "bien"}) + "\n"
    result = run(stdin)
    assert result.exit_code == 2
    assert [o["id"] for o in lines_of(result)] == ["ok"]
    assert "line 1: line over 1000 bytes" in result.stderr


@pytest.mark.parametrize("read_bytes", [1 << 16, 300, 7])
def test_huge_lines_anywhere_keep_the_numbers_of_the_lines_after_them(monkeypatch, read_bytes):
    """An over-long line is dropped as it is read, whatever the reads' size: at the start, between
    good lines, twice in a row, last without a newline."""
    monkeypatch.setattr(score_command, "MAX_LINE_BYTES", 1000)
    monkeypatch.setattr(score_command, "READ_BYTES", read_bytes)
    monkeypatch.setattr(score_command, "TASK_BYTES", 150)
    big = json.dumps({"id": "big", "text": "x" * 3000})
    good = [json.dumps({"id": n, "text": "bien"}) for n in range(4)]
    exact = json.dumps({"id": "edge", "text": "y" * (1000 - 26)})
    assert len(exact) == 1000   # exactly the limit: kept
    stdin = "\n".join([big, good[0], big, big, good[1], exact, "", good[2], big, good[3], big])
    result = run(stdin)
    assert result.exit_code == 2
    assert [o["id"] for o in lines_of(result)] == [0, 1, "edge", 2, 3]
    over = [line for line in result.stderr.splitlines() if "line over" in line]
    assert over == [f"ambassade: line {n}: line over 1000 bytes, skipped" for n in (1, 3, 4, 9, 11)]


def test_hostile_text_and_invalid_utf8_never_crash():
    stdin = (json.dumps({"id": "f", "text": "=cmd|' /C calc'!A0 <img onerror=x>\u0000"}) + "\n").encode() \
        + b'{"id":"g","text":"\xff\xfe"}\n' + (json.dumps({"id": "h", "text": "\ud800 lone"}) + "\n").encode()
    result = run(stdin)
    assert [o["id"] for o in lines_of(result)] == ["f", "h"]
    assert result.exit_code == 2 and "line 2" in result.stderr


def test_empty_input_prints_nothing():
    result = run("")
    assert result.exit_code == 0 and result.stdout == ""


def test_parallel_run_keeps_input_order(monkeypatch):
    monkeypatch.setattr(score_command, "TASK_BYTES", 200)
    stdin = "".join(json.dumps({"id": i, "text": "top" if i % 3 else "nul"}) + "\n" for i in range(37))
    result = CliRunner().invoke(main, ["score", "--jsonl", "--workers", "2"], input=stdin)
    assert result.exit_code == 0
    out = lines_of(result)
    assert [o["id"] for o in out] == list(range(37))
    assert [o["label"] for o in out] == ["negative" if i % 3 == 0 else "positive" for i in range(37)]


def test_languages_come_from_the_config_when_there_is_one(tmp_path: Path):
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML + 'languages = ["fr"]\n', encoding="utf-8")
    result = run('{"id":1,"text":"I love it"}\n', "--config", str(config))
    assert lines_of(result)[0]["lang"] == "fr"


def test_without_jsonl_scores_the_store(tmp_path: Path):
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML, encoding="utf-8")
    db = tmp_path / "a.duckdb"
    with open_store(db) as store, store.transaction() as con:
        insert_mentions(con, [Mention("x", "1", "ana", None, "Lemoine top", None,
                                      datetime.now(timezone.utc) - timedelta(days=1))])
    result = CliRunner().invoke(main, ["--config", str(config), "--db", str(db), "score"])
    assert result.exit_code == 0, result.output
    assert "scored 1 mentions" in result.stderr and "advocacy:" in result.stderr
    with open_store(db) as store:
        assert store._rows("SELECT subject_id, class FROM advocacy") == [("x:ana", "neutral")]


def test_store_mode_needs_a_config(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "a.duckdb"), "score"])
    assert result.exit_code == 2
    assert result.stderr.startswith("ambassade: error: ") and "config file not found" in result.stderr


def test_reader_going_away_is_not_a_traceback(tmp_path: Path):
    import subprocess
    import sys

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": "Trop bien !"}) + "\n" for i in range(30_000)))
    with source.open("rb") as stdin:
        proc = subprocess.Popen(
            [sys.executable, "-c", "from ambassade.cli import main; main()", "score", "--jsonl", "--workers", "1"],
            stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert json.loads(proc.stdout.readline())["id"] == 0
    proc.stdout.close()  # like `| head -1`
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in stderr


def test_store_mode_on_a_corrupt_database_is_one_line(tmp_path: Path):
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML, encoding="utf-8")
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"=SUM(A1)<script>" * 1000)
    result = CliRunner().invoke(main, ["--config", str(config), "--db", str(bad), "score"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "corrupt" in result.stderr
