"""Scoring never holds the database while it scores: readers get in between its transactions."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import scoring.batch as batch
import scoring.signals as signals
import scoring.store_pass as store_pass
from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from store.connect import open_store
from store.mentions import insert_mentions
from store.state import ShortLivedStore
from tests.ambassade.test_cli import invoke
from tests.conftest import MINIMAL_TOML

NOW = datetime.now(timezone.utc).replace(microsecond=0)


def backlog(path: Path, n: int) -> None:
    with open_store(path) as store, store.transaction() as db:
        insert_mentions(db, [Mention(source="rss", native_id=str(i), author=f"a{i % 50}", author_id=None,
                                     text=f"Lemoine numéro {i} c'est top", url=None,
                                     created_at=NOW - timedelta(minutes=i), matched=("Lemoine",))
                             for i in range(n)])


def another_process_can_read(path: Path) -> bool:
    """Whether a dashboard-like reader in another process opens the file right now (no retry)."""
    probe = subprocess.run([sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1], "
                            "read_only=True).execute('SELECT count(*) FROM mentions').fetchall()", str(path)],
                           capture_output=True, text=True)
    return probe.returncode == 0


@pytest.fixture
def spy(monkeypatch, db_path: Path) -> list[bool]:
    """While texts are scored and while classes are computed, record whether a reader gets in."""
    seen: list[bool] = []
    submit, columns = store_pass.submit, signals._columns

    def scoring(*args, **kwargs):
        seen.append(another_process_can_read(db_path))
        return submit(*args, **kwargs)

    def classifying(*args, **kwargs):
        seen.append(another_process_can_read(db_path))
        return columns(*args, **kwargs)

    monkeypatch.setattr(store_pass, "submit", scoring)
    monkeypatch.setattr(signals, "_columns", classifying)
    monkeypatch.setattr(batch, "STORE_BATCH", 100)
    return seen


def test_score_command_lets_readers_in_between_batches(db_path: Path, tmp_path: Path, spy: list[bool]):
    backlog(db_path, 350)
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML)
    result = invoke("--config", str(config), "--db", str(db_path), "score")
    assert result.exit_code == 0, result.output
    assert "scored 350 mentions" in result.output
    assert spy == [True] * 6          # 4 batches scored, 2 kinds of subjects classified
    with open_store(db_path) as store:
        assert store._rows("SELECT count(*) FROM scores")[0][0] == 350


def test_score_store_on_a_short_lived_store_holds_the_file_per_batch_only(db_path: Path, spy: list[bool],
                                                                         settings):
    backlog(db_path, 250)
    store = ShortLivedStore(db_path, retry_seconds=5)
    assert batch.score_store(store, TermMatcher(["Lemoine"]), ["fr", "en"], workers=1) == 250
    signals.refresh_signals(store, settings)
    assert spy == [True] * 5
    assert 0 < store.longest_hold       # the figure bench/bench_score_holds.py prints


def test_scheduler_score_job_lets_readers_in(db_path: Path, spy: list[bool], settings):
    from ambassade.scheduler import Scheduler, score_job

    backlog(db_path, 150)
    Scheduler(settings, db_path, [])._extra("score", score_job)
    assert spy == [True] * 4
    with open_store(db_path) as store:
        assert store._rows("SELECT status FROM runs WHERE job = 'score'") == [("ok",)]
