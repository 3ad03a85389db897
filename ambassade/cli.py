"""The `ambassade` command line: a click group; each command lives in ambassade/commands/."""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ambassade import __version__
from ambassade.errors import (AmbassadeError, ConfigError, InputError, StoreError, StoreLocked,
                              StoreWriteFailed, one_line)
from ambassade.locations import config_path, lock_retry_seconds, resolve_db_path
from ambassade.log import setup_logging

if TYPE_CHECKING:
    from ambassade.settings import Settings
    from store import Store

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
BAD_INPUT = (ConfigError, InputError, StoreError)   # StoreLocked excepted: see exit_code()


@dataclass
class AppContext:
    """What every command may need: lazily loaded settings and the database path."""

    config_option: str | None = None
    db_option: str | None = None
    _settings: Settings | None = field(default=None, repr=False)

    def override(self, config_option: str | None = None, db_option: str | None = None) -> None:
        """Options given again deeper on the command line replace the outer ones."""
        if config_option is not None:
            self.config_option, self._settings = config_option, None
        if db_option is not None:
            self.db_option = db_option

    def settings(self, required: bool = True) -> Settings | None:
        """The loaded settings; None when optional and no config file exists."""
        if self._settings is None:
            path, named = config_path(self.config_option)
            if not named and not path.exists():
                if required:
                    raise ConfigError(
                        f"{path}: config file not found (copy config/ambassade.example.toml, "
                        "or pass --config)"
                    )
                return None
            from ambassade.settings import load_settings   # pydantic: only when a config is read

            self._settings = load_settings(path)
        return self._settings

    def db_path(self, settings_required: bool = False) -> Path | str:
        """`--db`, else AMBASSADE_DB, else the config's path: the config is read only when needed."""
        return resolve_db_path(self.db_option, lambda: self.settings(required=settings_required))

    def open_store(self, settings_required: bool = False) -> Store:
        """The database, created or upgraded; waits lock_retry_seconds() while another process holds it."""
        from store.connect import open_when_free

        return open_when_free(self.db_path(settings_required), retry_seconds=lock_retry_seconds())


# Each command's module, imported only when that command runs (or help lists them all): a
# call pays for its own command's imports, not for DuckDB's, pydantic's and Streamlit's.
COMMANDS = {
    "demo": "demo", "dashboard": "dashboard", "score": "score", "collect": "collect",
    "schedule": "schedule", "charter": "charter", "purge": "privacy", "erase": "privacy",
    "export": "export", "links": "links", "employees": "employees", "suggest": "suggest",
    "content": "content", "talents": "talents", "digest": "digest", "proposals": "proposals",
    "alerts": "alerts", "store": "store", "correct": "correct",
}


class AmbassadeGroup(click.Group):
    """Turns Ambassade errors into one line on stderr and the contract's exit codes, and loads
    each command from `COMMANDS` when it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module = importlib.import_module(f"ambassade.commands.{COMMANDS[cmd_name]}")
            command = getattr(module, cmd_name)
            _with_app_options(command)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AmbassadeError as exc:
            click.echo(f"ambassade: error: {one_line(exc)}", err=True)
            sys.exit(exit_code(exc))


def exit_code(exc: AmbassadeError) -> int:
    """2 for bad usage or bad input, 1 for any other failure (a locked database included)."""
    if isinstance(exc, (StoreLocked, StoreWriteFailed)):
        return 1
    return 2 if isinstance(exc, BAD_INPUT) else 1


def _set_option(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """Store --config/--db in the AppContext; a later (deeper) occurrence wins."""
    if value is not None:
        ctx.ensure_object(AppContext).override(**{param.name: value})


def app_options() -> list[click.Option]:
    """--config and --db, accepted by the group and by every command and subcommand."""
    return [
        click.Option(["--config", "config_option"], metavar="PATH", expose_value=False, callback=_set_option,
                     help="Config file (default: AMBASSADE_CONFIG, else ./ambassade.toml)."),
        click.Option(["--db", "db_option"], metavar="PATH", expose_value=False, callback=_set_option,
                     help="Database file or postgresql:// URL (default: AMBASSADE_DB, else [store] path)."),
    ]


@click.group(cls=AmbassadeGroup, context_settings=CONTEXT_SETTINGS)
@click.option("-v", "--verbose", count=True, help="More log lines (-vv for debug).")
@click.version_option(__version__, "-V", "--version", prog_name="ambassade")
@click.pass_context
def main(ctx: click.Context, verbose: int) -> None:
    """Ambassade: hear the brand, support its ambassadors, coach by the charter."""
    setup_logging(verbose)   # .env is read beside the config file, by load_settings
    ctx.ensure_object(AppContext)


def _with_app_options(command: click.Command) -> None:
    """Give `command` and, for a group, each of its subcommands at any depth --config and --db
    (the group itself has them from the start)."""
    command.params.extend(app_options())
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _with_app_options(sub)


main.params.extend(app_options())
