"""`ambassade charter`: check a draft post against the social-media charter."""

from __future__ import annotations

import re
import sys

import click

from ambassade.errors import InputError

_STDIN_LIMIT_BYTES = 4_000_000
# Bytes that are not UTF-8 reach argv as lone surrogates (PEP 383); they could not be printed.
_SURROGATES = re.compile(r"[\ud800-\udfff]")


@click.group()
def charter() -> None:
    """The social-media charter: read it, and check drafts before posting."""


@charter.command("check")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
              help="Language of the report and coaching (default: the draft's, else [charter] lang).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object {ok, findings}.")
@click.option("--strict", is_flag=True, help="Exit 1 when a finding blocks (default: exit 0 once checked).")
@click.argument("text")
@click.pass_obj
def check(app, lang: str | None, as_json: bool, strict: bool, text: str) -> None:
    """Check TEXT (or stdin with "-") against the charter.

    Findings give character offsets (Python str indices into the text as given). Exit 0
    when the draft was checked, whatever it found (1 with --strict when a finding blocks);
    2 on bad input: empty or over-long text, text that is not UTF-8, an unreadable charter
    file. A draft starting with "-" goes after "--".
    """
    from charter.config import checker_from_settings
    from charter.report import render_report, to_json_line

    draft = _read_stdin() if text == "-" else _SURROGATES.sub("\ufffd", text)  # same length: offsets hold
    if not draft.strip():
        raise InputError("empty draft: nothing to check")
    settings = app.settings(required=False)
    if settings is None:
        click.echo("ambassade: note: no config file found: default charter, no brand terms "
                   "(undisclosed-promotion and confidential-term checks are off)", err=True)
    checker = checker_from_settings(settings)
    result = checker.check(draft, lang=lang)
    if as_json:
        click.echo(to_json_line(result))
    else:
        click.echo(render_report(result, checker.charter, lang), nl=False)
    if strict and not result.ok:
        sys.exit(1)


@charter.command("show")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
              help="Language (default: [charter] lang, else fr).")
@click.option("--json", "as_json", is_flag=True, help="Print the merged charter as one JSON object.")
@click.pass_obj
def show(app, lang: str | None, as_json: bool) -> None:
    """Print the charter in force (default clauses merged with the company's file)."""
    import json

    from charter.config import charter_file
    from charter.loader import load_charter
    from charter.report import render_charter, terminal_safe

    settings = app.settings(required=False)
    charter_in_force = load_charter(charter_file(settings) if settings else None)
    lang = lang or (settings.charter.lang if settings else "fr")
    if as_json:
        click.echo(json.dumps(charter_in_force.model_dump(by_alias=True), ensure_ascii=False))
    else:
        click.echo(terminal_safe(render_charter(charter_in_force, lang)), nl=False)


def _read_stdin() -> str:
    data = sys.stdin.buffer.read(_STDIN_LIMIT_BYTES + 1)
    if len(data) > _STDIN_LIMIT_BYTES:
        raise InputError(f"draft too long on stdin (over {_STDIN_LIMIT_BYTES} bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"stdin is not UTF-8 text (bad byte at position {exc.start})") from None
