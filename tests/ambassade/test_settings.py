"""Settings: the configuration contract, and one-line errors that name the bad key."""

from __future__ import annotations

from pathlib import Path

import pytest

from ambassade.errors import ConfigError, MissingCredentials
from ambassade.settings import load_settings, parse_settings, resolve_db_path, secret
from tests.conftest import MINIMAL_TOML, REPO


def test_example_config_is_valid_and_follows_the_contract():
    settings = load_settings(REPO / "config" / "ambassade.example.toml")
    assert settings.brand.name == "Boulangeries Exemple"
    assert settings.brand.terms == ["Exemple", "@exemple", "#ExempleLife"]
    assert settings.reddit.subreddits == ["all"]
    assert settings.x.queries == ["Exemple -is:retweet"]
    assert settings.rss.content_feeds == ["https://www.exemple.fr/blog/feed"]


def test_minimal_config_gets_defaults(settings):
    assert settings.brand.languages == ["fr", "en"]
    assert settings.privacy.min_group_size == 5
    assert settings.store.path == "ambassade.duckdb"


def test_missing_brand_terms_names_the_key():
    with pytest.raises(ConfigError, match=r"missing key \[brand\] terms"):
        parse_settings('[brand]\nname = "X"\n')


def test_misspelt_key_is_reported_with_its_section():
    with pytest.raises(ConfigError, match=r"unknown key \[brand\] termz"):
        parse_settings(MINIMAL_TOML + 'termz = ["oops"]\n')


def test_wrong_type_names_the_key():
    with pytest.raises(ConfigError, match=r"bad value for \[brand\] terms"):
        parse_settings('[brand]\nname = "X"\nterms = "Lemoine"\n')


def test_blank_term_is_refused():
    with pytest.raises(ConfigError, match=r"\[brand\] terms"):
        parse_settings('[brand]\nname = "X"\nterms = ["  "]\n')


def test_invalid_toml_is_one_line():
    with pytest.raises(ConfigError, match="invalid TOML") as info:
        parse_settings("[brand\nname = ")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"x" * 2_000_000, "too large"),
    ],
)
def test_unreadable_files_are_config_errors(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "ambassade.toml"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(path)


def test_missing_file_says_how_to_start(tmp_path: Path):
    with pytest.raises(ConfigError, match="copy config/ambassade.example.toml"):
        load_settings(tmp_path / "nope.toml")


def test_directory_is_not_a_config(tmp_path: Path):
    with pytest.raises(ConfigError, match="is a directory"):
        load_settings(tmp_path)


def test_secret_comes_from_environment_only(monkeypatch):
    with pytest.raises(MissingCredentials, match="set X_BEARER_TOKEN"):
        secret("x_bearer_token")
    monkeypatch.setenv("X_BEARER_TOKEN", "abc123")
    assert secret("x_bearer_token") == "abc123"


def test_secrets_cannot_be_put_in_the_config_file():
    with pytest.raises(ConfigError, match=r"unknown key \[x\] bearer_token"):
        parse_settings(MINIMAL_TOML + '[x]\nbearer_token = "s3cret"\n')


def test_db_path_precedence(tmp_path: Path, monkeypatch):
    config = tmp_path / "conf" / "ambassade.toml"
    config.parent.mkdir()
    config.write_text(MINIMAL_TOML + '[store]\npath = "data.duckdb"\n')
    settings = load_settings(config)
    assert resolve_db_path(None, settings) == config.parent / "data.duckdb"
    monkeypatch.setenv("AMBASSADE_DB", "env.duckdb")
    assert resolve_db_path(None, settings) == Path("env.duckdb")
    assert resolve_db_path("flag.duckdb", settings) == Path("flag.duckdb")


def test_misspelt_section_is_reported():
    with pytest.raises(ConfigError, match=r"unknown key \[brnad\]"):
        parse_settings(MINIMAL_TOML + "[brnad]\nname = 'x'\n")


def test_example_config_shows_every_section():
    """The example is where users discover settings: it names every section the loader knows."""
    from ambassade.settings import Settings

    text = (REPO / "config" / "ambassade.example.toml").read_text(encoding="utf-8")
    sections = [name for name in Settings.model_fields if name != "source_path"]
    missing = [name for name in sections if f"[{name}]" not in text]
    assert not missing


def test_db_path_reads_the_config_only_when_needed(tmp_path: Path, monkeypatch):
    def no_config():
        raise AssertionError("the config was read although --db or AMBASSADE_DB was given")

    assert resolve_db_path("flag.duckdb", no_config) == Path("flag.duckdb")
    monkeypatch.setenv("AMBASSADE_DB", "env.duckdb")
    assert resolve_db_path(None, no_config) == Path("env.duckdb")
    monkeypatch.delenv("AMBASSADE_DB")
    assert resolve_db_path(None, lambda: None) == Path("ambassade.duckdb")
    assert resolve_db_path(default="demo.duckdb") == Path("demo.duckdb")


@pytest.mark.parametrize("bad", ["", "   "])
def test_empty_db_path_is_bad_input(bad: str):
    from ambassade.errors import InputError

    with pytest.raises(InputError, match="--db: empty path"):
        resolve_db_path(bad)


def test_dashboard_and_cli_share_the_db_rule(tmp_path: Path, monkeypatch):
    """dashboard/queries.database() is the same rule, without a config file."""
    from dashboard import queries

    assert queries.database() == resolve_db_path() == Path("ambassade.duckdb")
    monkeypatch.setenv("AMBASSADE_DB", str(tmp_path / "served.duckdb"))
    assert queries.database() == resolve_db_path() == tmp_path / "served.duckdb"


@pytest.mark.parametrize("toml", [
    '[brand.competitors]\n"Dupain" = ["Dupain"]\n',
    "",
])
def test_competitors_are_refused_until_they_are_used(toml: str):
    text = (MINIMAL_TOML + toml) if toml else MINIMAL_TOML.replace(
        "[brand]\n", '[brand]\ncompetitors = {}\n')
    with pytest.raises(ConfigError, match=r"^\[brand\] competitors is not used yet \(.*share-of-voice"):
        parse_settings(text)


def test_competitors_error_is_one_line_on_the_command_line(tmp_path: Path):
    from tests.ambassade.test_cli import assert_one_line_error, invoke

    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML + '[brand.competitors]\n"Dupain" = ["Dupain"]\n')
    assert_one_line_error(invoke("--config", str(config), "purge"), "competitors is not used yet")


def test_shipped_configs_do_not_set_competitors():
    for path in [*(REPO / "config").glob("*.toml"), REPO / "ambassade" / "demo" / "ambassade.toml"]:
        load_settings(path)       # each loads: no refused key left in them
