"""Files a user names (config, `[charter] path`, `.env`): regular files only, read with a cap.

The command line runs in a child process with a timeout, because the failure these guard
against is a hang (a FIFO) or reading without end (`/dev/zero`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ambassade.errors import ConfigError
from ambassade.files import NotRegularFile, TooLarge, read_regular
from ambassade.settings import load_settings
from tests.conftest import MINIMAL_TOML, REPO


def ambassade(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith("AMBASSADE_") and k != "X_BEARER_TOKEN"}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "ambassade", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=30)


def test_a_regular_file_is_read_whole(tmp_path):
    path = tmp_path / "f.toml"
    path.write_bytes(b"a" * 1000)
    assert read_regular(path, 1000) == b"a" * 1000


def test_a_file_over_the_cap_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "f.toml"
    path.write_bytes(b"a" * 1001)
    with pytest.raises(TooLarge):
        read_regular(path, 1000)


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile, match="is a FIFO"):
        read_regular(fifo, 1000)


def test_a_symlink_to_dev_zero_is_refused(tmp_path):
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    with pytest.raises(NotRegularFile, match="is a device"):
        read_regular(link, 1000)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_config_that_is_not_a_regular_file_is_one_line_and_exit_2(tmp_path, kind):
    config = tmp_path / "ambassade.toml"
    if kind == "fifo":
        os.mkfifo(config)
    else:
        config.symlink_to("/dev/zero")
    result = ambassade("--config", str(config), "purge", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_charter_path_that_is_not_a_regular_file_is_one_line_and_exit_2(tmp_path, kind):
    charter = tmp_path / "charter.toml"
    if kind == "fifo":
        os.mkfifo(charter)
    else:
        charter.symlink_to("/dev/zero")
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML + '\n[charter]\npath = "charter.toml"\n', encoding="utf-8")
    result = ambassade("--config", str(config), "charter", "check", "Bonjour", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "not a regular file" in result.stderr


def test_env_beside_the_config_is_read_and_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.delenv("AMBASSADE_TEST_SECRET", raising=False)
    monkeypatch.setenv("AMBASSADE_TEST_KEPT", "from the environment")
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / "ambassade.toml").write_text(MINIMAL_TOML, encoding="utf-8")
    (folder / ".env").write_text("AMBASSADE_TEST_SECRET=beside\nAMBASSADE_TEST_KEPT=file\n",
                                 encoding="utf-8")
    load_settings(folder / "ambassade.toml")
    assert os.environ["AMBASSADE_TEST_SECRET"] == "beside"
    assert os.environ["AMBASSADE_TEST_KEPT"] == "from the environment"
    monkeypatch.delenv("AMBASSADE_TEST_SECRET")


def test_env_in_the_working_directory_is_never_read(tmp_path):
    """A `.env` in the folder a command runs from is not the config's: X's token stays unset."""
    work, conf = tmp_path / "work", tmp_path / "conf"
    work.mkdir()
    conf.mkdir()
    (work / ".env").write_text("X_BEARER_TOKEN=from-the-working-directory\n", encoding="utf-8")
    (conf / "ambassade.toml").write_text(MINIMAL_TOML + '\n[x]\nqueries = ["Lemoine"]\n',
                                         encoding="utf-8")
    env = {"PYTHONPATH": str(REPO)}
    result = ambassade("--config", str(conf / "ambassade.toml"), "collect", "x", "--dry-run",
                       cwd=work, env=env)
    assert "skipped: set X_BEARER_TOKEN" in result.stderr


def test_a_env_that_is_a_fifo_is_a_config_error(tmp_path):
    (tmp_path / "ambassade.toml").write_text(MINIMAL_TOML, encoding="utf-8")
    os.mkfifo(tmp_path / ".env")
    with pytest.raises(ConfigError, match=r"\.env must be a regular file"):
        load_settings(tmp_path / "ambassade.toml")
