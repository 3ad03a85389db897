"""Faults that once gave a traceback now give one line and the contract's exit code."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ambassade.model import Mention
from store.connect import open_store
from store.mentions import insert_mentions
from tests.ambassade.test_cli import assert_one_line_error, invoke
from tests.conftest import MINIMAL_TOML, REPO

LIMIT = 256 * 1024   # bytes a file may grow to in the simulated full disk: the WAL of one batch is larger


def config(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "ambassade.toml"
    path.write_text(MINIMAL_TOML + extra)
    return path


def test_a_deeply_nested_toml_config_is_one_line(tmp_path: Path, db_path: Path):
    path = config(tmp_path, "[x]\nqueries = " + "[" * 5000 + "]" * 5000 + "\n")
    assert_one_line_error(invoke("--config", str(path), "--db", str(db_path), "purge"), "nested too deeply")


@pytest.mark.parametrize(("extra", "key"), [
    ("[privacy]\nretention_days = 1000000\n", "[privacy] retention_days"),
    ("[rss]\ninterval_minutes = 1e20\n", "[rss] interval_minutes"),
    ("[reddit]\ninterval_minutes = 100000000000000000000\n", "[reddit] interval_minutes"),
    ("[schedule]\nmax_backoff_minutes = 99999999999\n", "[schedule] max_backoff_minutes"),
    ("[schedule]\nscore_minutes = 99999999999\n", "[schedule] score_minutes"),
    ("[links]\ningest_minutes = 99999999999\n", "[links] ingest_minutes"),
])
def test_huge_durations_are_refused_by_the_settings(tmp_path: Path, db_path: Path, extra: str, key: str):
    path = config(tmp_path, extra)
    for command in (["purge"], ["schedule", "--once", "rss"]):
        assert_one_line_error(invoke("--config", str(path), "--db", str(db_path), *command), key)


def test_the_largest_accepted_durations_still_work(tmp_path: Path, db_path: Path):
    path = config(tmp_path, "[privacy]\nretention_days = 36600\n")
    result = invoke("--config", str(path), "--db", str(db_path), "purge")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("keep", [4096, 0.75])
@pytest.mark.parametrize("command", [["purge"], ["employees", "list"], ["score", "--no-signals"],
                                     ["collect", "rss"], ["erase", "E1", "--yes"]])
def test_a_truncated_database_is_one_line_on_every_command(tmp_path: Path, db_path: Path, keep, command):
    with open_store(db_path) as store, store.transaction() as db:
        insert_mentions(db, [Mention(source="rss", native_id=str(i), author="a", author_id=None,
                                     text="Lemoine " * 50, url=None,
                                     created_at=datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=i))
                             for i in range(2000)])
    data = db_path.read_bytes()
    db_path.write_bytes(data[: keep if isinstance(keep, int) else int(len(data) * keep)])
    result = invoke("--config", str(config(tmp_path)), "--db", str(db_path), *command)
    assert_one_line_error(result, "damaged", code=2)
    assert "restore it from a backup" in result.output


@pytest.mark.slow
def test_a_full_disk_during_score_is_one_line_and_loses_nothing(tmp_path: Path, db_path: Path):
    """Simulated with a file-size limit (RLIMIT_FSIZE, no root needed): writing past it fails
    with EFBIG as a full disk fails with ENOSPC, inside DuckDB's own write path."""
    with open_store(db_path) as store, store.transaction() as db:
        insert_mentions(db, [Mention(source="rss", native_id=str(i), author=f"a{i}", author_id=None,
                                     text=f"Lemoine numéro {i}, trop bien", url=None,
                                     created_at=datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=i))
                             for i in range(30_000)])
    assert db_path.stat().st_size > LIMIT

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit fails, never kills
        resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))

    env = {k: v for k, v in os.environ.items() if not k.startswith("AMBASSADE_")}
    done = subprocess.run([sys.executable, "-m", "ambassade", "--config", str(config(tmp_path)), "--db",
                           str(db_path), "score", "--workers", "1"],
                          capture_output=True, text=True, preexec_fn=limited, cwd=REPO, env=env, timeout=300)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert lines[-1].startswith("ambassade: error: ") and "free some disk space" in lines[-1], lines[-1]
    # Nothing lost: every mention is still there and the file opens; the scores that could
    # not be saved are simply scored at the next run.
    with open_store(db_path) as store:
        assert store._rows("SELECT count(*) FROM mentions")[0][0] == 30_000
    assert invoke("--config", str(config(tmp_path)), "--db", str(db_path), "score", "--no-signals").exit_code == 0
