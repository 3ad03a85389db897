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


@pytest.mark.parametrize("workers, lines_per_task", [(1, 2_000), (2, 2_000), (2, 37)])
def test_same_lines_in_the_same_order_with_the_same_errors(monkeypatch, workers, lines_per_task):
    monkeypatch.setattr(score_command, "LINES_PER_TASK", lines_per_task)
    stdin = (DATA / "score_jsonl_in.jsonl").read_bytes()
    result = CliRunner().invoke(main, ["score", "--jsonl", "--workers", str(workers)], input=stdin,
                                catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stdout_bytes == (DATA / "score_jsonl_out.jsonl").read_bytes()
    assert result.stderr_bytes == (DATA / "score_jsonl_err.txt").read_bytes()
