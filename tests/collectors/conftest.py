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
