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


def test_competitors_are_a_list_of_names_and_terms():
    settings = parse_settings(MINIMAL_TOML + 'competitors = [{ name = "Dupain", terms = ["Dupain", "@dupain"] }]\n')
    assert [(c.name, c.terms) for c in settings.brand.competitors] == [("Dupain", ["Dupain", "@dupain"])]


def test_competitors_short_table_form_is_the_same_list():
    settings = parse_settings(MINIMAL_TOML + '[brand.competitors]\n"Dupain" = ["Dupain"]\n')
    assert [(c.name, c.terms) for c in settings.brand.competitors] == [("Dupain", ["Dupain"])]


@pytest.mark.parametrize("value, problem", [
    ('[{ name = "", terms = ["x"] }]', r"\[brand\] competitors.0.name"),
    ('[{ name = "A", terms = [] }]', r"\[brand\] competitors.0.terms"),
    ('[{ name = "A", terms = ["  "] }]', "must not be blank"),
    ('[{ name = "A", terms = ["a"] }, { name = "a", terms = ["b"] }]', "named twice"),
    ('[{ name = "A", terms = ["a"], colour = "red" }]', "unknown key"),
    ('[{ name = "Maison lemoine", terms = ["b"] }]', "the brand itself"),
    ('"Dupain"', r"\[brand\] competitors"),
    ("[" + ", ".join(f'{{ name = "c{i}", terms = ["t{i}"] }}' for i in range(21)) + "]", "at most 20"),
    ('[{ name = "A", terms = ["' + "a" * 201 + '"] }]', "longer than 200"),
])
def test_bad_competitors_are_one_line_errors(value: str, problem: str):
    with pytest.raises(ConfigError, match=problem) as caught:
        parse_settings(MINIMAL_TOML.replace("[brand]\n", "[brand]\ncompetitors = " + value + "\n"))
    assert "\n" not in str(caught.value)


def test_own_accounts_are_network_and_handle():
    settings = parse_settings(MINIMAL_TOML + 'own_accounts = ["x:@Exemple", "reddit:u/ExempleFR", '
                              '"reddit:/u/other", "mastodon:@news@exemple.social", "x:exemple"]\n')
    assert settings.brand.own_account_keys() == [
        ("x", "exemple"), ("reddit", "exemplefr"), ("reddit", "other"), ("mastodon", "news@exemple.social")]


@pytest.mark.parametrize("entry, problem", [
    ("@exemple", "is not"), ("x:", "is not"), ("x:@", "handle is empty"), ("tiktok:@a", "unknown network"),
    ("x:two words", "is not"), ("x:" + "a" * 201, "is not"),
])
def test_bad_own_accounts_are_one_line_errors(entry: str, problem: str):
    with pytest.raises(ConfigError, match=problem):
        parse_settings(MINIMAL_TOML + f'own_accounts = ["{entry}"]\n')


def test_competitors_error_is_one_line_on_the_command_line(tmp_path: Path):
    from tests.ambassade.test_cli import assert_one_line_error, invoke

    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML + '[brand.competitors]\n"Dupain" = []\n')
    assert_one_line_error(invoke("--config", str(config), "purge"), "competitors")


def test_shipped_configs_load():
    for path in [*(REPO / "config").glob("*.toml"), REPO / "ambassade" / "demo" / "ambassade.toml"]:
        load_settings(path)
