"""Stopping `ambassade dashboard` stops its Streamlit server too."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store.connect import open_store
from tests.conftest import REPO, free_port
from tests.scoring.test_workers_die import alive, descendants

pytestmark = pytest.mark.slow


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_signal_to_the_dashboard_command_stops_streamlit(tmp_path: Path, sig: int):
    db = tmp_path / "a.duckdb"
    open_store(db).close()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMBASSADE_")}
    command = subprocess.Popen([sys.executable, "-m", "ambassade", "--db", str(db), "dashboard", "--port", str(port)],
                               cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    servers: set[int] = set()
    try:
        deadline = time.monotonic() + 90
        while not listening(port) and time.monotonic() < deadline:
            assert command.poll() is None, "the dashboard command ended early"
            time.sleep(0.3)
        assert listening(port)
        servers = descendants(command.pid)
        assert servers
        command.send_signal(sig)
        assert command.wait(30) in (0, -signal.SIGKILL)
        deadline = time.monotonic() + 20
        while (any(alive(p) for p in servers) or listening(port)) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert [p for p in servers if alive(p)] == []
        assert not listening(port)
    finally:
        if command.poll() is None:
            command.kill()
        for pid in descendants(command.pid) | {p for p in servers if alive(p)}:
            os.kill(pid, signal.SIGKILL)
