"""`ambassade dashboard`: serve the Streamlit dashboard on the configured database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import click

import dashboard
from ambassade.errors import InputError, StoreError
from ambassade.signin import auth_table, own_streamlit_auth, refuse_open_host, write_secrets

APP = Path(dashboard.__file__).parent / "app.py"


def port_option(fn):
    fn = click.option("--host", default="127.0.0.1", show_default=True,
                      help="Address to listen on (0.0.0.0 to share on the network: needs sign-in, "
                           "README \"Sign-in\").")(fn)
    return click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True,
                        help="Port to serve the dashboard on.")(fn)


@click.command()
@port_option
@click.pass_obj
def dashboard(app, port: int, host: str) -> None:
    """Serve the dashboard on the configured database.

    With [dashboard.sign_in] (or Streamlit's own [auth] secrets) visitors sign in and see what
    their role allows; without it, it serves only 127.0.0.1.
    """
    auth = auth_table(app.settings(required=False))
    refuse_open_host(host, signed_in=auth is not None or own_streamlit_auth(Path.cwd()))
    db = app.db_path()
    if not db.exists():
        raise StoreError(f"{db}: database not found (run `ambassade demo` or `ambassade collect`)")
    app.open_store().close()  # create or upgrade the schema, fail early on a bad file
    check_port(host, port)
    sys.exit(serve(db, port, host, app.config_option, auth=auth, own_secrets=auth is not None))


def check_port(host: str, port: int) -> None:
    """Fail in one line, before any work, when the port cannot be listened on."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port") from None


def serve(db: Path, port: int, host: str = "127.0.0.1", config: str | None = None,
          auth: dict[str, str] | None = None, own_secrets: bool = False) -> int:
    """Run the Streamlit server in the foreground until it stops; returns its exit code.

    With `own_secrets`, Streamlit reads only a private secrets file holding `auth` (or nothing:
    the demo never picks up an `[auth]` table lying in the working directory); it is removed
    when the server stops.
    """
    if own_secrets:
        with tempfile.TemporaryDirectory(prefix="ambassade-dashboard-") as folder:   # mode 0700
            secrets = write_secrets(auth, Path(folder))
            return _serve(db, port, host, config, ["--secrets.files", str(secrets)])
    return _serve(db, port, host, config, [])


def _serve(db: Path, port: int, host: str, config: str | None, extra: list[str]) -> int:
    env = dict(os.environ, AMBASSADE_DB=str(db.resolve()))
    if config:
        env["AMBASSADE_CONFIG"] = str(Path(config).resolve())
    command = [
        sys.executable, "-m", "dashboard.launch", "run", str(APP),   # Streamlit's CLI: see dashboard/launch.py
        "--server.port", str(port), "--server.address", host,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--global.developmentMode", "false",
        "--client.toolbarMode", "minimal", *extra,
    ]
    click.echo(f"Ambassade dashboard on http://{host}:{port}  (database: {db})", err=True)
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0
