"""Fixtures for share links: a small programme in a real DuckDB file, a real redirector on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import uvicorn

from links.redirector import Redirector, file_version
from links.serve import targets_loader
from links.spool import SpoolWriter
from store import open_store
from store.links import share_link_for
from store.programme import Content, Employee, upsert_content, upsert_employees
from tests.conftest import free_port  # noqa: F401  (re-exported for the links tests)

NOW = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
PAIN = Content(url="https://www.exemple.fr/blog/pain?lang=fr#recette", canonical_url="https://www.exemple.fr/blog/pain",
               title="Le pain")
TARTE = Content(url="https://www.exemple.fr/blog/tarte", canonical_url="https://www.exemple.fr/blog/tarte",
                title="La tarte")


def people() -> list[Employee]:
    return [Employee("emp:ana", "Ana Martin", "boutiques", NOW - timedelta(days=30), {"x": "ana_m"}, named_ok=True),
            Employee("emp:bob", "Bob Durand", "siège", NOW - timedelta(days=30), {"x": "bobd"})]


def make_programme(path: Path) -> dict[str, str]:
    """Two employees, two contents; returns name -> code of the links minted."""
    codes = {}
    with open_store(path) as store, store.transaction() as db:
        upsert_employees(db, people())
        upsert_content(db, [PAIN, TARTE])
        for emp in ("emp:ana", "emp:bob"):
            for content in (PAIN, TARTE):
                for network in ("x", "linkedin"):
                    link = share_link_for(db, emp, content.id, network, NOW)
                    codes[f"{emp}|{content.title}|{network}"] = link.code
    return codes




class Running:
    """A Redirector served by uvicorn in a thread of the test process."""

    def __init__(self, app: Redirector, port: int) -> None:
        self.app, self.port = app, port
        config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="on", access_log=False,
                                log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Running:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "redirector did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def programme_db(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "links.duckdb"
    return path, make_programme(path)


@pytest.fixture
def redirector(programme_db, tmp_path: Path):
    path, codes = programme_db
    spool = SpoolWriter(tmp_path / "spool")
    app = Redirector(targets_loader(path), spool, campaign="ambassadeurs", dedupe_minutes=30,
                     refresh_seconds=3600, changed=file_version(path))
    app.refresh()
    with Running(app, free_port()) as running:
        running.codes, running.db, running.spool_dir = codes, path, tmp_path / "spool"
        yield running


def raw_request(port: int, request: bytes, timeout: float = 5) -> bytes:
    """Send exactly these bytes (no client library normalises the path) and read the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        try:
            while True:
                data = sock.recv(65536)
                if not data:
                    break
                chunks.append(data)
                if b"\r\n\r\n" in b"".join(chunks):
                    head = b"".join(chunks).split(b"\r\n\r\n", 1)[0]
                    if b"content-length: 0" in head.lower() or b"content-length" in head.lower():
                        break
        except (TimeoutError, ConnectionResetError):
            pass
    return b"".join(chunks)
