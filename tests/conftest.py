"""Shared fixtures: a real DuckDB file, settings from TOML text, no stray environment."""

from __future__ import annotations

import email
import os
import socket
from email import policy
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ambassade.settings import Settings, parse_settings
from store import Store, open_store
from tests.pg import pg_cluster, pg_empty_url, pg_new_url, pg_url  # noqa: F401  (the PostgreSQL fixtures)

REPO = Path(__file__).resolve().parent.parent

MINIMAL_TOML = """
[brand]
name = "Maison Lemoine"
terms = ["Lemoine", "@maisonlemoine", "#LemoineLife"]
exclude = ["Lemoine Immobilier"]
confidential_terms = ["Projet Brioche"]
"""


@pytest.fixture(scope="session")
def _session_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the whole run (the language model's tables are built once in it)."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, _session_cache_dir: Path) -> None:
    """Tests never see the developer's own database, config or secrets, and write nothing
    into the user's cache folder."""
    for name in list(os.environ):
        if name.startswith(("AMBASSADE_", "X_BEARER", "REDDIT_", "praw_")):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("praw_check_for_updates", "False")
    monkeypatch.setenv("AMBASSADE_CACHE_DIR", str(_session_cache_dir))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ambassade.duckdb"


@pytest.fixture
def db(db_path: Path) -> Store:
    store = open_store(db_path)
    yield store
    store.close()


@pytest.fixture
def settings() -> Settings:
    return parse_settings(MINIMAL_TOML)


@pytest.fixture
def hold_lock() -> Iterator[Callable[[Path, float], subprocess.Popen]]:
    """hold_lock(path, seconds): another process opens `path` for writing and keeps it that long."""
    holders: list[subprocess.Popen] = []

    def start(path: Path, seconds: float = 60) -> subprocess.Popen:
        open_store(path).close()
        holder = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(f"""
                import duckdb, time
                con = duckdb.connect({str(path)!r})
                print("locked", flush=True)
                time.sleep({seconds})
                con.close()
            """)],
            stdout=subprocess.PIPE, text=True,
        )
        holders.append(holder)
        assert holder.stdout.readline().strip() == "locked"
        return holder

    yield start
    for holder in holders:
        holder.kill()
        holder.wait()


def free_port() -> int:
    """A TCP port free on 127.0.0.1 (for the servers the tests start)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps what it receives, refuses addresses at refused.example."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example"):
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def inbox():
    """A real SMTP server on 127.0.0.1: (its Inbox, its port)."""
    from aiosmtpd.controller import Controller

    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()
