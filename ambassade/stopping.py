"""SIGINT/SIGTERM for the long commands (`collect`, `schedule`): stop soon, whatever is in flight.

A stop request sets the command's stop flag (the page in hand is committed whole, then the
run ends) and makes every feed fetch in flight give up at once (collectors.http). Some waits
cannot be cut from outside, such as a praw or tweepy request to a server that trickles, or
a long scoring transaction, so the process exits by itself `grace` seconds after the first
request, and at once on a second one. That is no worse for the data than a SIGKILL, which
the crash tests show leaves the database equal to a clean run: every commit is atomic.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable

STOP_GRACE_SECONDS = 5.0
STOPPED_EXIT = 130


def on_stop_signals(stop: Callable[[], None], grace: float = STOP_GRACE_SECONDS):
    """Install the handlers (main thread only); returns what restore() needs, or None."""
    if threading.current_thread() is not threading.main_thread():
        return None
    asked = threading.Event()

    def handler(signum, frame):  # noqa: ARG001
        if asked.is_set():                        # a second request: now
            _exit_now("stopped at once (second stop request)")
        asked.set()
        from collectors.http import cancel_fetches  # noqa: PLC0415 (only once asked)

        cancel_fetches()
        stop()
        timer = threading.Timer(grace, _exit_now, args=(f"still busy {grace:g} s after the "
                                                        "stop request; exiting",))
        timer.daemon = True
        timer.start()

    return {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}


def restore(previous) -> None:
    """Put back the handlers on_stop_signals() replaced."""
    for sig, handler in (previous or {}).items():
        signal.signal(sig, handler)


def _exit_now(why: str) -> None:
    try:
        sys.stderr.write(f"ambassade: {why}\n")
        sys.stderr.flush()
    finally:
        os._exit(STOPPED_EXIT)
