"""The README documents every command, and every command has help text."""

from __future__ import annotations

import importlib
from pathlib import Path

import click
import pytest

from ambassade.cli import main
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "ambassade"):
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from _commands(command, path)


@pytest.mark.parametrize("path, command", list(_commands(main)))
def test_every_command_is_documented_with_help(path, command):
    assert f"`{path}" in README, f"README does not mention `{path}`"
    assert command.help, f"{path} has no help text"


def test_readme_opens_with_exactly_two_commands():
    section = README.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    blocks = section.split("```sh\n")[1:]
    commands = [block.split("```", 1)[0].strip() for block in blocks]
    assert commands == [
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/ambassade demo",
        "bash scripts/test.sh",
    ]
    assert "scripts/test.sh" in (REPO / ".ci" / "run").read_text()


@pytest.mark.parametrize("package", ["collectors", "scoring", "charter", "dashboard", "store"])
def test_generic_top_level_packages_are_ours(package):
    """Names like `store` exist on PyPI too: make sure ours is the one imported."""
    module = importlib.import_module(package)
    assert Path(module.__file__).resolve().is_relative_to(REPO)
