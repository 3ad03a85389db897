"""`ambassade links serve` (the click redirector), `links ingest` (its spool into the store), `links value`."""

from __future__ import annotations

import csv
import sys
from types import SimpleNamespace

import click

from ambassade.commands.dashboard import check_port
from ambassade.settings import LinksSettings


def _settings(app):
    """The config's settings; without a config file, the defaults of [links]."""
    settings = app.settings(required=False)
    return settings if settings is not None else SimpleNamespace(links=LinksSettings(), source_path=None)


@click.group()
def links() -> None:
    """Tracked share links: the click redirector, its spool, and the value of shares."""


@links.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8502, show_default=True,
              help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (behind your HTTPS proxy; 0.0.0.0 to listen on every interface).")
@click.pass_obj
def serve(app, port: int, host: str) -> None:
    """Serve GET /l/<code>: 302 to the content with its UTM parameters, the click spooled; else 404."""
    from ambassade.settings import lock_retry_seconds  # noqa: PLC0415
    from links.serve import make_redirector  # noqa: PLC0415
    from links.serve import serve as run  # noqa: PLC0415

    settings = _settings(app)
    check_port(host, port)
    redirector = make_redirector(settings, app.db_path(), start_retry_seconds=lock_retry_seconds())
    click.echo(f"Ambassade links on http://{host}:{port}/l/<code>  ({len(redirector.map.routes)} links; "
               f"clicks spooled in {redirector.spool.folder})", err=True)
    run(redirector, host, port)


@links.command()
@click.pass_obj
def ingest(app) -> None:
    """Store the spooled clicks (once each, by click id) and delete the finished spool files."""
    from links.ingest import ingest_spool  # noqa: PLC0415
    from links.spool import spool_dir  # noqa: PLC0415

    settings = _settings(app)
    db_path = app.db_path()
    with app.open_store() as store:
        stats = ingest_spool(store, spool_dir(settings, db_path))
    click.echo(f"links ingest: {stats.summary()}")


@links.command()
@click.option("--by", "by", type=click.Choice(["content", "team", "network", "week"]), default="content",
              show_default=True, help="What each row is.")
@click.option("--days", type=click.IntRange(1, 3650), default=90, show_default=True, help="Window ending now.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV on stdout (cells never start a formula).")
@click.pass_obj
def value(app, by: str, days: int, as_csv: bool) -> None:
    """Human clicks, shares, estimated reach and earned-media value, per content, team, network or week."""
    from datetime import datetime, timedelta, timezone  # noqa: PLC0415

    from links.value import safe_cell  # noqa: PLC0415
    from store.connect import read_only  # noqa: PLC0415
    from store.links import value_table  # noqa: PLC0415

    settings = _settings(app)
    end = datetime.now(timezone.utc)
    with read_only(app.db_path()) as store:
        frame = value_table(store, by, end - timedelta(days=days), end, settings.links.cost_per_click)
    frame = frame.rename(columns={"value": f"value_{settings.links.currency.lower()}"})
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(frame.columns)
        for row in frame.itertuples(index=False):
            writer.writerow([safe_cell(v) for v in row])
    else:
        click.echo(frame.to_string(index=False) if not frame.empty else "no shares or clicks in the window")
