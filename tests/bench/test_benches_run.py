"""The benches that fill a store through the bare connection still run on today's schema (a
positional insert broke when `mentions` gained columns): each at a tiny size, figures unread."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("bench", ["bench_incidents.py", "bench_scoring_signals.py"])
def test_a_bench_filling_mentions_by_sql_runs_to_its_figures(bench, tmp_path):
    done = subprocess.run([sys.executable, str(REPO / "bench" / bench), "--mentions", "2000",
                           "--db", str(tmp_path / "bench.duckdb")],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "naive" in done.stdout


@pytest.mark.parametrize("mode", [["--quick"], ["--checkpoint-turns", "1"]])
def test_the_ingest_bench_runs_to_its_figures(mode, tmp_path):
    """bench_ingest replays earlier forms of the store's SQL (the daily counts before issue 17's
    second round): a change of the store's templates broke it once."""
    done = subprocess.run([sys.executable, str(REPO / "bench" / "bench_ingest.py"), *mode,
                           "--sizes", "3000", "--batch", "500"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "rows/s" in done.stdout
