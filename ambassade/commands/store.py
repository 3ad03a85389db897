"""`ambassade store copy`: move a whole database between a DuckDB file and PostgreSQL."""

from __future__ import annotations

import sys

import click

from ambassade.errors import InputError


@click.group()
def store() -> None:
    """The database itself: copy it from one engine to the other."""


@store.command("copy")
@click.option("--from", "source", required=True, metavar="FILE_OR_URL",
              help="The database to copy: a DuckDB file or a postgresql:// URL.")
@click.option("--to", "target", required=True, metavar="FILE_OR_URL",
              help="Where to copy it (created or upgraded; rows already there are kept).")
def copy(source: str, target: str) -> None:
    """Copy every table FROM one database TO another, resumable, counting rows on both sides.

    Run it again after an interruption: it goes on from the rows already copied. It prints each
    table's rows on both sides and exits 1 if any table's counts differ."""
    from store.connect import open_store, redact
    from store.copy import copy_database

    if source == target:
        raise InputError("--from and --to are the same database")
    with open_store(source, read_only=True) as src, open_store(target) as dst:
        report = copy_database(src, dst, progress=lambda line: click.echo(f"copy: {line}", err=True))
    differ = [t for t in report if not t.complete]
    for t in report:
        click.echo(f"{t.table}\t{t.source_rows}\t{t.target_rows}" + (f"\t{t.note}" if t.note else ""))
    click.echo(f"copied {redact(source)} to {redact(target)}: {len(report)} tables, "
               f"{sum(t.added for t in report)} rows added"
               + (f"; counts differ in {', '.join(t.table for t in differ)}" if differ else ""), err=True)
    if differ:
        sys.exit(1)
