"""Fixtures for collector tests: settings, a real DuckDB file, instant sleeps, payload serving."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from werkzeug import Request, Response

from ambassade.settings import Settings, parse_settings
from store.connect import Store, open_store

PAYLOADS = Path(__file__).parent / "payloads"

BRAND_TOML = """
[brand]
name = "Maison Lemoine"
terms = ["Lemoine", "#LemoineLife", "@maisonlemoine"]
exclude = ["Lemoine avocat"]
"""


@pytest.fixture(autouse=True)
def sleeps(monkeypatch) -> list[float]:
    """Rate-limit and retry waits are instant; the list records what was asked."""
    asked: list[float] = []
    monkeypatch.setattr(time, "sleep", lambda seconds: asked.append(seconds))
    return asked


@pytest.fixture(autouse=True)
def offline_env(monkeypatch) -> None:
    """No real credentials leak in, and praw never asks PyPI for updates."""
    for name in ("X_BEARER_TOKEN", "REDDIT_CLIENT_ID", "REDDIT_CLIENT_SECRET",
                 "praw_client_id", "praw_client_secret", "AMBASSADE_DB", "AMBASSADE_CONFIG",
                 "MASTODON_ACCESS_TOKEN", "BLUESKY_APP_PASSWORD", "BLUESKY_HANDLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("praw_check_for_updates", "False")


def make_settings(extra: str = "") -> Settings:
    """Settings for the fictional brand, plus `extra` TOML tables."""
    return parse_settings(BRAND_TOML + extra)


@pytest.fixture
def store(tmp_path) -> Store:
    with open_store(tmp_path / "ambassade.duckdb") as opened:
        yield opened


def payload(source: str, name: str) -> bytes:
    return (PAYLOADS / source / name).read_bytes()


def payload_headers(body: bytes) -> dict[str, str]:
    """The `Header: Name: value` lines of a payload's leading comment (feedparser style)."""
    found = re.findall(rb"^Header: ([\w-]+): (.+)$", body, re.MULTILINE)
    return {k.decode(): v.decode().strip() for k, v in found}


def feed_handler(body: bytes, content_type: str = "application/rss+xml",
                 headers: dict[str, str] | None = None, log: list | None = None):
    """A handler answering 304 when the client's validators match, else the body."""
    headers = {**payload_headers(body), **(headers or {})}

    def handle(request: Request) -> Response:
        if log is not None:
            log.append(dict(request.headers))
        etag, modified = headers.get("ETag"), headers.get("Last-Modified")
        if (etag and request.headers.get("If-None-Match") == etag) or (
                modified and not etag and request.headers.get("If-Modified-Since") == modified):
            return Response(status=304, headers=headers)
        return Response(body, status=200, headers={**headers, "Content-Type": content_type})

    return handle


def mention_rows(store: Store) -> list[tuple]:
    """(id, text, matched, created_at as "YYYY-MM-DDTHH:MM:SSZ") of every stored mention."""
    return store._rows("SELECT id, text, matched, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') "
                       "FROM mentions ORDER BY id")


class TricklingServer:
    """A raw HTTP server on 127.0.0.1 for what werkzeug will not do: trickle a byte at a time.

    `/trickle` answers 200 and its headers, then one byte every `interval` seconds for ever;
    `/silent` accepts and never answers; any other path is served from `documents`.
    """

    def __init__(self, interval: float = 0.5) -> None:
        import socket
        import threading

        self.interval = interval
        self.documents: dict[str, bytes] = {}
        self.closed = threading.Event()
        self.trickling = threading.Event()         # set once a client is being trickled
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _accept(self) -> None:
        import threading

        while not self.closed.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn) -> None:
        try:
            request = b""
            while b"\r\n\r\n" not in request:
                data = conn.recv(4096)
                if not data:
                    return
                request += data
            path = request.split(b" ", 2)[1].decode()
            if path == "/silent":
                self.closed.wait()
                return
            if path == "/trickle":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                             b"Content-Length: 100000000\r\n\r\n<")
                self.trickling.set()
                while not self.closed.wait(self.interval):
                    conn.sendall(b" ")
                return
            body = self.documents.get(path, b"")
            status = b"200 OK" if path in self.documents else b"404 Not Found"
            conn.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Type: application/rss+xml\r\n"
                         b"Connection: close\r\nContent-Length: " + str(len(body)).encode()
                         + b"\r\n\r\n" + body)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.closed.set()
        self.sock.close()


@pytest.fixture
def trickling():
    server = TricklingServer()
    yield server
    server.close()
