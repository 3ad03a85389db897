"""`ambassade dashboard`: serve the Streamlit dashboard on the configured database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import tempfile
from pathlib import Path

import click

import dashboard
from ambassade.errors import InputError, StoreError
from ambassade.signin import auth_table, own_streamlit_auth, refuse_open_host, write_secrets
from store.connect import redact

APP = Path(dashboard.__file__).parent / "app.py"
STOP_GRACE_SECONDS = 10.0   # Streamlit's time to stop on SIGTERM before it is killed


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
    if isinstance(db, Path) and not db.exists():
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


def serve(db: Path | str, port: int, host: str = "127.0.0.1", config: str | None = None,
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


def _serve(db: Path | str, port: int, host: str, config: str | None, extra: list[str]) -> int:
    # A PostgreSQL URL reaches Streamlit in its environment, never on its command line (which
    # `ps` shows to everyone) nor in what is printed (without its password).
    env = dict(os.environ, AMBASSADE_DB=str(db.resolve()) if isinstance(db, Path) else db)
    if config:
        env["AMBASSADE_CONFIG"] = str(Path(config).resolve())
    command = [
        sys.executable, "-m", "dashboard.launch", "run", str(APP),   # Streamlit's CLI: see dashboard/launch.py
        "--server.port", str(port), "--server.address", host,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--global.developmentMode", "false",
        "--client.toolbarMode", "minimal", *extra,
        # The grid's "Download as CSV" writes formula cells unescaped: pages offer a safe one.
        "--client.disableDataExport", "true",
    ]
    click.echo(f"Ambassade dashboard on http://{host}:{port}  (database: {redact(db)})", err=True)
    return run_server(command, env)


def run_server(command: list[str], env: dict[str, str]) -> int:
    """Start Streamlit, wait for it, stop it with this command (SIGTERM, Ctrl-C, our death)."""
    server = subprocess.Popen(command, env=env, preexec_fn=_end_with_parent)
    stopping = threading.Event()
    previous = _forward_sigterm(server, stopping)
    try:
        code = server.wait()
    except KeyboardInterrupt:   # Ctrl-C reaches Streamlit too (same process group): let it stop
        stopping.set()
        code = _stop(server)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if server.poll() is None:
            _stop(server)
    return 0 if stopping.is_set() else code


def _forward_sigterm(server: subprocess.Popen, stopping: threading.Event):
    """SIGTERM to `ambassade dashboard` stops Streamlit too, then the command ends (exit 0).

    The handler only asks: the main thread is inside `server.wait()`, which holds the
    Popen's wait lock, so waiting here as well would deadlock. A server that does not stop
    within the grace time is killed."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum, frame):  # noqa: ARG001
        stopping.set()
        server.terminate()
        killer = threading.Timer(STOP_GRACE_SECONDS, lambda: server.poll() is None and server.kill())
        killer.daemon = True
        killer.start()

    return signal.signal(signal.SIGTERM, handler)


def _stop(server: subprocess.Popen, grace: float | None = None) -> int:
    server.terminate()
    try:
        server.wait(STOP_GRACE_SECONDS if grace is None else grace)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    return 0


def _end_with_parent() -> None:
    """In the Streamlit child, before exec: SIGTERM it when this command dies, even by SIGKILL
    (Linux prctl PR_SET_PDEATHSIG; elsewhere only the SIGTERM handler above applies)."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass
