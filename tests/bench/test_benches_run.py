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


def test_the_dashboard_bench_runs_every_step_with_the_same_answers(tmp_path):
    """bench_dashboard_pages at 3,000 mentions: every read's two forms agree, every explorer
    search gives the same page both ways, and every page renders without an error."""
    done = subprocess.run([sys.executable, str(REPO / "bench" / "bench_dashboard_pages.py"),
                           "--size", "3000", "--batch", "1000"],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "same page" in done.stdout and "pages/health.py" in done.stdout
    for broken in ("DIFFERENT", "EXCEPTION", "ERROR"):
        assert broken not in done.stdout


def test_the_search_bench_counts_every_search_as_the_index_does(tmp_path):
    """bench_search at 3,000 mentions: for each search, the explorer's bounded count is the
    index's exact count (all under the bound here), and its baselines run."""
    done = subprocess.run([sys.executable, str(REPO / "bench" / "bench_search.py"), "--size", "3000",
                           "--batch", "1000", "--baselines", "2", "--ingest", "0"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    table = done.stdout.split("ILIKE warm", 1)[1].split("no search", 1)[0]
    lines = [line for line in table.splitlines() if line.strip()]
    assert len(lines) == 7                                  # every search, two with baselines
    assert sum("ILIKE on" in line for line in lines) == 2
    for line in lines:
        words = line.split("ms", 1)[0].split()            # … search, matches, exact count, its time
        assert words[-3] == words[-2], line


def test_the_browser_bench_times_every_visit_and_sees_no_other_host(tmp_path):
    """bench_browser_load on the demo database, one turn: the real servers (Ambassade's and
    Streamlit's bare script) and Chromium, each of the four visits timed for both, and every
    request to 127.0.0.1."""
    from tests.e2e.conftest import chromium_path

    chromium_path()          # skips (fails in CI) without Debian's chromium
    db = tmp_path / "demo.duckdb"
    built = subprocess.run([sys.executable, "-m", "ambassade", "demo", "--build-only", "--db", str(db)],
                           capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-2000:]
    done = subprocess.run([sys.executable, str(REPO / "bench" / "bench_browser_load.py"), "--db", str(db),
                           "--turns", "1"], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Streamlit alone (bare script)" in done.stdout and "Ambassade, demo.duckdb" in done.stdout
    for case in ("server just started, browser cache empty", "server started again, browser cache full"):
        assert done.stdout.count(case) == 2, done.stdout
    assert "hosts requested: ['127.0.0.1']" in done.stdout
