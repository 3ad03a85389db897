"""Writing commands wait a bounded time for another process's lock, then fail with exit 1."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ambassade.settings import DEFAULT_LOCK_RETRY_SECONDS, lock_retry_seconds
from ambassade.errors import ConfigError
from tests.ambassade.test_cli import assert_one_line_error, invoke
from tests.conftest import MINIMAL_TOML

# Each writing command, with what it needs besides --db (score and collect need a config).
WRITERS = {
    "purge": ["purge"],
    "erase": ["erase", "E1", "--yes"],
    "score": ["score", "--no-signals"],
    "collect": ["collect", "rss"],
    "dashboard": ["dashboard", "--port", "1"],
}


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "ambassade.toml"
    path.write_text(MINIMAL_TOML)
    return path


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_locked_database_is_retried_then_exit_1(name: str, locked_db: Path, config: Path, monkeypatch):
    monkeypatch.setenv("AMBASSADE_LOCK_RETRY_SECONDS", "0.4")
    started = time.monotonic()
    result = invoke("--config", str(config), "--db", str(locked_db), *WRITERS[name])
    assert time.monotonic() - started >= 0.4          # it did wait before giving up
    assert_one_line_error(result, "locked by another process", code=1)


@pytest.mark.parametrize("name", ["purge", "erase", "score"])
def test_lock_released_during_the_retry_is_waited_for(name: str, db_path: Path, config: Path,
                                                      hold_lock, monkeypatch):
    monkeypatch.setenv("AMBASSADE_LOCK_RETRY_SECONDS", "20")
    hold_lock(db_path, 0.5)
    result = invoke("--config", str(config), "--db", str(db_path), *WRITERS[name])
    if name == "erase":       # it got in: then the unknown employee is bad input
        assert_one_line_error(result, "no enrolled employee", code=2)
    else:
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "1e9"])
def test_bad_retry_setting_is_bad_input(value: str, db_path: Path, monkeypatch):
    monkeypatch.setenv("AMBASSADE_LOCK_RETRY_SECONDS", value)
    assert_one_line_error(invoke("--db", str(db_path), "purge"), "AMBASSADE_LOCK_RETRY_SECONDS")


def test_retry_setting_default_and_zero(monkeypatch):
    assert lock_retry_seconds() == DEFAULT_LOCK_RETRY_SECONDS
    monkeypatch.setenv("AMBASSADE_LOCK_RETRY_SECONDS", " 0 ")
    assert lock_retry_seconds() == 0
    monkeypatch.setenv("AMBASSADE_LOCK_RETRY_SECONDS", "inf")
    with pytest.raises(ConfigError):
        lock_retry_seconds()
