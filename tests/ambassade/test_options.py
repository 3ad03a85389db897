"""`--config` and `--db` are accepted before or after any command name, at any depth."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from ambassade.cli import AppContext, main
from tests.ambassade.test_cli import assert_one_line_error, invoke
from tests.conftest import MINIMAL_TOML


def _paths(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):      # loads each command (cli.py imports them when asked)
        command = group.get_command(ctx, name)
        path = (*prefix, name)
        if isinstance(command, click.Group):
            yield from _paths(command, path)
        else:
            yield path, command


COMMANDS = {" ".join(path): command for path, command in _paths(main)}


def _required(command: click.Command) -> list[str]:
    """A value for each required argument and option (`store copy --from … --to …`)."""
    values: list[str] = []
    for param in command.params:
        if param.required and isinstance(param, click.Option):
            values += [param.opts[0], "x"]
        elif param.required and isinstance(param, click.Argument):
            values.append("x")
    return values


def _positions(path: tuple[str, ...]) -> dict[str, list[str]]:
    """Every place the options may go: before the first name, after each name."""
    options = ["--config", "c.toml", "--db", "d.duckdb"]
    return {f"after {i} names": [*path[:i], *options, *path[i:]] for i in range(len(path) + 1)}


def test_every_command_is_covered():
    assert {"charter check", "charter show", "collect", "score", "purge", "erase", "demo",
            "dashboard", "schedule"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_options_before_or_after_the_command_name(name: str, monkeypatch):
    command = COMMANDS[name]
    seen: list[tuple[str | None, str | None]] = []

    def probe(**kwargs) -> None:
        app = click.get_current_context().find_object(AppContext)
        seen.append((app.config_option, app.db_option))

    monkeypatch.setattr(command, "callback", probe)
    required = _required(command)
    for where, args in _positions(tuple(name.split())).items():
        result = invoke(*args, *required)
        assert result.exit_code == 0, (where, result.output)
        assert seen.pop() == ("c.toml", "d.duckdb"), where


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_innermost_option_wins(name: str, monkeypatch):
    command = COMMANDS[name]
    seen: list[tuple[str | None, str | None]] = []
    monkeypatch.setattr(command, "callback", lambda **kw: seen.append(
        (click.get_current_context().obj.config_option, click.get_current_context().obj.db_option)))
    required = _required(command)
    result = invoke("--config", "outer.toml", "--db", "outer.duckdb", *name.split(),
                    "--db", "inner.duckdb", *required)
    assert result.exit_code == 0, result.output
    assert seen == [("outer.toml", "inner.duckdb")]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_option_without_a_value_is_a_usage_error(name: str):
    result = invoke(*name.split(), "--config")
    assert result.exit_code == 2
    assert "requires an argument" in result.stderr


def test_charter_check_reads_the_config_given_after_the_subcommand(tmp_path: Path):
    config = tmp_path / "x.toml"
    config.write_text(MINIMAL_TOML)
    draft = "Le Projet Brioche sort bientôt !"
    after = invoke("charter", "check", "--config", str(config), "--json", "-", input=draft)
    before = invoke("--config", str(config), "charter", "check", "--json", "-", input=draft)
    assert after.exit_code == before.exit_code == 0, after.output
    assert after.stdout == before.stdout
    assert "confidentiality" in after.stdout          # the config's confidential term was used


def test_missing_config_after_the_subcommand_is_one_line(tmp_path: Path):
    missing = str(tmp_path / "none.toml")
    assert_one_line_error(invoke("charter", "check", "--config", missing, "hello"), "config file not found")
    assert_one_line_error(invoke("collect", "rss", "--config", missing, "--dry-run"), "config file not found")


def test_collect_rss_takes_config_and_db_after_the_command(tmp_path: Path):
    feed = tmp_path / "feed.xml"
    feed.write_text("""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
        <item><title>Chez Lemoine</title><link>https://e.org/1</link><guid>1</guid>
        <pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item></channel></rss>""")
    config = tmp_path / "x.toml"
    config.write_text(MINIMAL_TOML)
    result = invoke("collect", "rss", "--config", str(config), "--db", str(tmp_path / "no.duckdb"),
                    "--dry-run", "--jsonl", "--url", str(feed))
    assert result.exit_code == 0, result.output
    assert '"matched": ["Lemoine"]' in result.stdout
    assert not (tmp_path / "no.duckdb").exists()        # dry run: nothing stored
