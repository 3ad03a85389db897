"""A PostgreSQL database named by URL: `--db`, AMBASSADE_DB or `[store] path`, password never shown."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ambassade.cli import main
from ambassade.errors import ConfigError, StoreError
from ambassade.settings import parse_settings, resolve_db_path
from store import open_store
from store.connect import redact
from tests.conftest import MINIMAL_TOML, free_port


def test_a_url_stays_a_url_from_every_source(monkeypatch):
    url = "postgresql://ambassade@db.example:5432/ambassade"
    assert resolve_db_path(url) == url
    monkeypatch.setenv("AMBASSADE_DB", url)
    assert resolve_db_path(None) == url
    monkeypatch.delenv("AMBASSADE_DB")
    settings = parse_settings(MINIMAL_TOML + f'\n[store]\npath = "{url}"\n')
    assert resolve_db_path(None, settings) == url


def test_a_password_in_the_config_file_is_refused_without_repeating_it():
    with pytest.raises(ConfigError) as refused:
        parse_settings(MINIMAL_TOML + '\n[store]\npath = "postgresql://ambassade:s3cret@db.example/ambassade"\n')
    message = str(refused.value)
    assert "[store] path" in message and "PGPASSWORD" in message
    assert "s3cret" not in message and "\n" not in message


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "ambassade.toml"
    path.write_text(MINIMAL_TOML, encoding="utf-8")
    return str(path)


def test_errors_name_the_database_without_its_password(config):
    url = f"postgresql://ambassade:s3cret@127.0.0.1:{free_port()}/nothing"
    assert redact(url) == url.replace("s3cret", "***")
    with pytest.raises(StoreError) as failed:
        open_store(url)
    assert "s3cret" not in str(failed.value) and "cannot connect" in str(failed.value)
    result = CliRunner().invoke(main, ["--config", config, "--db", url, "alerts", "--json"])
    assert result.exit_code == 2
    assert "s3cret" not in result.output and "***" in result.output


def test_the_same_database_opens_on_the_url_from_the_command_line(pg_url, config):
    result = CliRunner().invoke(main, ["--config", config, "--db", pg_url, "alerts", "--json"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "[]"
