"""`ambassade demo`: build a fresh database from the bundled offline data, then serve it."""

from __future__ import annotations

import sys
from importlib import resources

import click

from ambassade.commands.dashboard import check_port, port_option, serve
from ambassade.settings import resolve_db_path
from ambassade.signin import refuse_open_host

DEFAULT_DEMO_DB = "ambassade-demo.duckdb"


@click.command()
@port_option
@click.option("--build-only", is_flag=True, help="Build the demo database and exit.")
@click.pass_obj
def demo(app, port: int, host: str, build_only: bool) -> None:
    """Build a fresh demo database from bundled offline data and serve the dashboard on it.

    Needs no network and no credentials. The database goes to --db, else AMBASSADE_DB,
    else ./ambassade-demo.duckdb; an existing file there is replaced.
    """
    from ambassade.demo.build import DEMO_SETTINGS, build_demo

    db = resolve_db_path(app.db_option, default=DEFAULT_DEMO_DB)   # never the config's: it is replaced
    if not build_only:
        refuse_open_host(host, signed_in=False)    # the demo's role switcher is for this machine only
        check_port(host, port)
    summary = build_demo(db, progress=lambda line: click.echo(line, err=True))
    click.echo(summary.describe(), err=True)
    if build_only:
        return
    with resources.as_file(DEMO_SETTINGS) as settings_path:
        sys.exit(serve(db, port, host, config=str(settings_path), own_secrets=True))
