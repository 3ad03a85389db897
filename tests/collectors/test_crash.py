"""Crash safety: a run killed (SIGKILL) at any point and run again gives the rows of one clean run."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from store.connect import open_store

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
BIG_FEED = "".join(
    f"<item><title>Lemoine {i}</title><guid isPermaLink=\"false\">big-{i}</guid>"
    f"<pubDate>Sat, 21 Nov 2026 12:00:00 GMT</pubDate></item>" for i in range(1200))


def run_child(db: Path | str, source: str, url: str, point: str = "none", page: int = 0) -> int:
    child = subprocess.run(
        [sys.executable, "-m", "tests.collectors.crash_child", str(db), source, url, point,
         str(page)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    if child.returncode not in (0, -signal.SIGKILL):
        raise AssertionError(child.stderr[-2000:])
    return child.returncode


def snapshot(db: Path | str) -> tuple[list, list]:
    with open_store(db) as store:
        rows = store._rows("SELECT id, text FROM mentions ORDER BY id")
        cursors = store._rows("SELECT source, query, state::VARCHAR FROM cursors ORDER BY 1, 2")
    return rows, cursors


@pytest.fixture
def feed_url(httpserver) -> str:
    body = f'<rss version="2.0"><channel><title>Big</title>{BIG_FEED}</channel></rss>'
    httpserver.expect_request("/big").respond_with_data(body, headers={"ETag": '"big"'},
                                                        content_type="application/rss+xml")
    return httpserver.url_for("/big")


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
@pytest.mark.parametrize("source, point, page", [
    ("rss", "in-transaction", 2), ("rss", "after-commit", 1),
    ("x", "in-transaction", 2), ("x", "after-commit", 1),
])
def test_killed_run_then_rerun_equals_one_clean_run(tmp_path, request, feed_url, source, point, page, engine):
    if engine == "postgres":   # two databases on the test server; the killed client's transaction is rolled back
        new = request.getfixturevalue("pg_new_url")
        clean, crashed = new(), new()
    else:
        clean, crashed = tmp_path / "clean.duckdb", tmp_path / "crashed.duckdb"
    assert run_child(clean, source, feed_url) == 0
    assert run_child(crashed, source, feed_url, point, page) == -signal.SIGKILL
    rows_after_kill, cursors_after_kill = snapshot(crashed)
    clean_rows, clean_cursors = snapshot(clean)
    assert len(rows_after_kill) < len(clean_rows)       # it really died part-way
    assert set(rows_after_kill) <= set(clean_rows)
    assert run_child(crashed, source, feed_url) == 0
    assert snapshot(crashed) == (clean_rows, clean_cursors)
