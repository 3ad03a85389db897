"""A stop request ends the process within its grace even when the main thread cannot be reached."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO

# The main thread blocks where no stop flag is looked at (as in a praw request to a server
# that trickles): only the grace timer can end it.
BLOCKED = """
import sys, time, threading
from ambassade.stopping import on_stop_signals
asked = threading.Event()
on_stop_signals(asked.set, grace=1.0)
print("ready", flush=True)
time.sleep(120)
"""


def start() -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", BLOCKED], cwd=REPO, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline().strip() == "ready"
    return process


@pytest.mark.parametrize("signals, within", [(1, 6.0), (2, 3.0)])
def test_the_process_exits_after_the_grace_or_at_once_on_a_second_request(signals, within):
    process = start()
    sent = time.monotonic()
    for _ in range(signals):
        process.send_signal(signal.SIGTERM)
        time.sleep(0.1)
    try:
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert time.monotonic() - sent < within
    assert process.returncode == 130
    assert ("at once" if signals == 2 else "still busy") in stderr
