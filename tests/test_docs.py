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
    ctx = click.Context(group)
    for name in group.list_commands(ctx):      # loads each command (cli.py imports them when asked)
        command = group.get_command(ctx, name)
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


def our_packages() -> list[str]:
    """The top-level packages pyproject.toml ships."""
    import tomllib

    found = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    return [name.rstrip("*") for name in found["include"]]


@pytest.mark.parametrize("package", our_packages())
def test_generic_top_level_packages_are_ours(package):
    """Names like `store` exist on PyPI too: make sure ours is the one imported."""
    module = importlib.import_module(package)
    assert Path(module.__file__).resolve().is_relative_to(REPO)


def test_third_party_imports_are_declared():
    """Every package the code imports directly is a declared dependency (not only a transitive one)."""
    import ast
    import sys
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {d.split(">")[0].split("<")[0].split("=")[0].split("[")[0].strip().lower() for d in declared}
    import_names = {"python-dotenv": "dotenv", "vadersentiment": "vaderSentiment", "python-stdnum": "stdnum",
                    "beautifulsoup4": "bs4", "mastodon-py": "mastodon", "stop-words": "stop_words",
                    "pyahocorasick": "ahocorasick", "psycopg-pool": "psycopg_pool"}
    provided = {import_names.get(n, n).lower() for n in names}
    # praw's and requests' own packages, imported for their exception classes.
    transitive = {"prawcore", "urllib3"}
    ours = set(our_packages())
    imported = set()
    for package in ours:
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    imported |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    imported.add(node.module.split(".")[0])
    third_party = {n for n in imported if n not in sys.stdlib_module_names and n not in ours}
    missing = {n for n in third_party if n.lower() not in provided and n not in transitive}
    assert not missing, f"imported but not in [project] dependencies: {sorted(missing)}"


def test_the_test_script_lints_before_testing():
    script = (REPO / "scripts" / "test.sh").read_text()
    assert script.index(".venv/bin/ruff check") < script.index("-m pytest")


def test_ruff_finds_nothing():
    """The same check as scripts/test.sh, so a lint error also fails a bare pytest run."""
    import shutil
    import subprocess
    import sys

    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.exists():
        ruff = shutil.which("ruff")
    if not ruff:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    result = subprocess.run([str(ruff), "check", "--no-cache", "--exclude", ".venv", "."], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
