"""`ambassade dashboard`: serve the Streamlit dashboard on the configured database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

import dashboard
from ambassade.errors import StoreError
from store import open_store

APP = Path(dashboard.__file__).parent / "app.py"


def port_option(fn):
    fn = click.option("--host", default="127.0.0.1", show_default=True,
                      help="Address to listen on (0.0.0.0 to share on the network).")(fn)
    return click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True,
                        help="Port to serve the dashboard on.")(fn)


@click.command()
@port_option
@click.pass_obj
def dashboard(app, port: int, host: str) -> None:
    """Serve the dashboard on the configured database."""
    db = app.db_path()
    if not db.exists():
        raise StoreError(f"{db}: database not found (run `ambassade demo` or `ambassade collect`)")
    open_store(db).close()  # create or upgrade the schema, fail early on a bad file
    sys.exit(serve(db, port, host, app.config_option))


def serve(db: Path, port: int, host: str = "127.0.0.1", config: str | None = None) -> int:
    """Run the Streamlit server in the foreground until it stops; returns its exit code."""
    env = dict(os.environ, AMBASSADE_DB=str(db.resolve()))
    if config:
        env["AMBASSADE_CONFIG"] = str(Path(config).resolve())
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port), "--server.address", host,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--global.developmentMode", "false",
        "--client.toolbarMode", "minimal",
    ]
    click.echo(f"Ambassade dashboard on http://{host}:{port}  (database: {db})", err=True)
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0
