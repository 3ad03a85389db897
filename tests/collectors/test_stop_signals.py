"""SIGTERM stops `collect` and `schedule` within a few seconds, whatever is in flight.

Real processes, a real DuckDB file, and a server on 127.0.0.1 that trickles one byte every
half second (a slowloris: no socket timeout ever fires). The feed read before it stays stored.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from store.connect import open_store
from tests.collectors.conftest import BRAND_TOML, payload
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def start(tmp_path, trickling, *command: str) -> subprocess.Popen:
    trickling.documents["/feed"] = payload("rss", "listening_rss2.xml")
    config = tmp_path / "ambassade.toml"
    config.write_text(BRAND_TOML + f'\n[rss]\nfeeds = ["{trickling.url("/feed")}", '
                      f'"{trickling.url("/trickle")}"]\nfetch_deadline_seconds = 600\n'
                      '[schedule]\nscore_minutes = 0\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMBASSADE_")}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.Popen([sys.executable, "-m", "ambassade", "--config", str(config),
                             "--db", str(tmp_path / "a.duckdb"), *command],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop_during_the_trickle(process: subprocess.Popen, trickling) -> tuple[float, str]:
    assert trickling.trickling.wait(60), "the command never reached the trickling feed"
    time.sleep(0.5)
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        pytest.fail(f"still running 30 s after SIGTERM: {stderr}")
    return time.monotonic() - sent, stderr


@pytest.mark.parametrize("command", [("collect", "rss"), ("schedule", "rss")])
def test_sigterm_stops_within_seconds_and_keeps_the_pages_collected(tmp_path, trickling, command):
    process = start(tmp_path, trickling, *command)
    took, stderr = stop_during_the_trickle(process, trickling)
    assert took < 8, stderr
    assert "Traceback" not in stderr
    if command[0] == "collect":
        assert process.returncode == 130 and "stopped: rss:" in stderr
    with open_store(tmp_path / "a.duckdb") as store:
        assert store._rows("SELECT id FROM mentions ORDER BY id") == [
            ("rss:actu-1001",), ("rss:actu-1002",)]
