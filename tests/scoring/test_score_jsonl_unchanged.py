"""`ambassade score --jsonl` prints the same bytes as before it was made faster.

data/score_jsonl_in.jsonl holds about 600 lines in English, French and both (templates, word
salads from both lexicons with negations, boosters, idioms, caps, elongations, emoji, handles,
URLs, long and over-long texts), every kind of "lang" and "id", duplicates, and bad lines of
every kind (not JSON, NaN, deep nesting, invalid UTF-8, a BOM, wrong types). The expected
stdout and stderr were written by the command as it was before (data/build_score_jsonl_in.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import ambassade.commands.score as score_command
from ambassade.cli import main

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("workers, task_bytes, read_bytes", [
    (1, 1 << 18, 1 << 16), (2, 1 << 18, 1 << 16), (2, 3_000, 1 << 16), (2, 3_000, 7), (1, 1, 1)])
def test_same_lines_in_the_same_order_with_the_same_errors(monkeypatch, workers, task_bytes, read_bytes):
    """Also when the input is read a few bytes at a time and cut into many small tasks: lines
    split across reads come out whole, and every error keeps its line number."""
    monkeypatch.setattr(score_command, "TASK_BYTES", task_bytes)
    monkeypatch.setattr(score_command, "READ_BYTES", read_bytes)
    stdin = (DATA / "score_jsonl_in.jsonl").read_bytes()
    result = CliRunner().invoke(main, ["score", "--jsonl", "--workers", str(workers)], input=stdin,
                                catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stdout_bytes == (DATA / "score_jsonl_out.jsonl").read_bytes()
    assert result.stderr_bytes == (DATA / "score_jsonl_err.txt").read_bytes()
