"""The command line's error contract: one line on stderr, exit 2 for bad input, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ambassade.cli import main
from tests.conftest import MINIMAL_TOML


def invoke(*args: str, **kwargs) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


def assert_one_line_error(result, needle: str, code: int = 2) -> None:
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ambassade: error: ")
    assert needle in lines[0]
    assert "Traceback" not in result.output


def test_help_lists_commands():
    result = invoke("--help")
    assert result.exit_code == 0
    assert "demo" in result.output and "dashboard" in result.output


def test_unknown_command_is_usage_error():
    assert invoke("frobnicate").exit_code == 2


def test_dashboard_on_corrupt_database(tmp_path: Path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"garbage" * 1000)
    assert_one_line_error(invoke("--db", str(bad), "dashboard"), "corrupt")


def test_dashboard_on_read_only_database(tmp_path: Path):
    from store import open_store
    import os

    path = tmp_path / "ro.duckdb"
    open_store(path).close()
    os.chmod(path, 0o444)
    try:
        assert_one_line_error(invoke("--db", str(path), "dashboard"), "read-only")
    finally:
        os.chmod(path, 0o644)


def test_dashboard_on_missing_database(tmp_path: Path):
    assert_one_line_error(invoke("--db", str(tmp_path / "none.duckdb"), "dashboard"), "not found")


def test_bad_config_names_the_key(tmp_path: Path, monkeypatch):
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML + "[rss]\nfeedz = []\n")
    monkeypatch.chdir(tmp_path)
    assert_one_line_error(invoke("dashboard"), "unknown key [rss] feedz")


def test_config_from_environment_is_required_to_exist(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("AMBASSADE_CONFIG", str(tmp_path / "missing.toml"))
    assert_one_line_error(invoke("dashboard"), "config file not found")


@pytest.mark.parametrize("port", ["0", "70000", "abc"])
def test_bad_port_is_usage_error(port: str, tmp_path: Path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.duckdb"), "dashboard", "--port", port])
    assert result.exit_code == 2


def test_port_in_use_is_one_line_before_any_work(tmp_path: Path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        db = tmp_path / "demo.duckdb"
        assert_one_line_error(invoke("--db", str(db), "demo", "--port", port), "choose another --port")
        assert not db.exists()  # nothing was built
        from store import open_store

        open_store(db).close()
        assert_one_line_error(invoke("--db", str(db), "dashboard", "--port", port), f"127.0.0.1:{port}")


def test_locked_database_is_a_failure_not_bad_input(locked_db: Path, monkeypatch):
    """Another process holding the database is exit 1 (try again later), still one line."""
    monkeypatch.setenv("AMBASSADE_LOCK_RETRY_SECONDS", "0")
    assert_one_line_error(invoke("--db", str(locked_db), "dashboard"), "locked by another process", code=1)


def test_exit_codes_by_error_class():
    from ambassade.cli import exit_code
    from ambassade import errors

    assert exit_code(errors.StoreLocked("x")) == 1
    assert exit_code(errors.StoreError("x")) == 2
    assert exit_code(errors.ConfigError("x")) == 2
    assert exit_code(errors.InputError("x")) == 2
    assert exit_code(errors.SourceUnavailable("x")) == 1
    assert exit_code(errors.MissingCredentials("x")) == 1
    assert exit_code(errors.AmbassadeError("x")) == 1


def test_empty_db_option_is_one_line(tmp_path: Path):
    assert_one_line_error(invoke("--db", "", "purge"), "--db: empty path")


def test_db_option_beats_environment_beats_config(tmp_path: Path, monkeypatch):
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML + '[store]\npath = "from-config.duckdb"\n')
    monkeypatch.chdir(tmp_path)
    assert invoke("purge").exit_code == 0
    assert (tmp_path / "from-config.duckdb").exists()
    monkeypatch.setenv("AMBASSADE_DB", str(tmp_path / "from-env.duckdb"))
    assert invoke("purge").exit_code == 0
    assert (tmp_path / "from-env.duckdb").exists()
    assert invoke("purge", "--db", str(tmp_path / "from-flag.duckdb")).exit_code == 0
    assert (tmp_path / "from-flag.duckdb").exists()


def test_the_command_line_starts_without_arrow_or_pandas():
    """Every `ambassade` call imports cli.py: DuckDB's Arrow and pandas load only in commands that use them."""
    import subprocess
    import sys

    probe = "import sys, ambassade.cli; print(sorted(m for m in ('pyarrow', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_command_loads_only_its_own_modules():
    """`ambassade score --jsonl` pays for scoring only: no DuckDB, no pydantic, no other command
    (cli.py COMMANDS). `ambassade --help` still lists every command."""
    import subprocess
    import sys

    probe = ("import sys; from ambassade.cli import main; main.get_command(None, 'score'); "
             "print(sorted(m for m in ('duckdb', 'pydantic', 'streamlit', 'ambassade.commands.collect') "
             "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    listed = invoke("--help").output
    for name in ("alerts", "collect", "correct", "dashboard", "demo", "score", "store", "talents"):
        assert f"  {name} " in listed

