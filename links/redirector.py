"""The click redirector: an ASGI app served by uvicorn (`ambassade links serve`).

`GET /l/<code>` (or HEAD) answers 302 to the content's URL with its UTM parameters and
appends the click to the spool; `/healthz` says how it is; everything else is 404 with no
Location, never a redirect elsewhere. The path is matched on the raw bytes the client sent:
a percent-encoded slash, "..", a backslash, "@", an encoded CR/LF or a second slash is not a
code, so it is 404 before any decoding could make it one.

It never waits for the database: the code map lives in memory, loaded read-only at start and
reloaded every `[links] refresh_seconds` in a thread when the database changed (a bounded retry
while the scheduler holds the lock; meanwhile the old map keeps serving). On a PostgreSQL URL
a second thread also drains the spool into the database every `refresh_seconds`, and once
more at shutdown (links/serve.py); a failed drain leaves the clicks in the spool for the next. Repeated clicks of
one visitor within `[links] dedupe_minutes` are recorded as repeats, recognised by a salted
hash of address, agent and code that lives only in this process's memory; the salt is
replaced daily and the hashes with it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from links.agents import agent_class
from links.spool import SpoolWriter, new_hit
from links.utm import with_utm

log = logging.getLogger(__name__)

_LINK = re.compile(rb"/l/([A-Za-z0-9]{8,64})/?")
MAX_URL = 4096
SALT_SECONDS = 24 * 3600
MAX_VISITORS = 500_000
TRUSTED_PROXIES = frozenset({"127.0.0.1", "::1"})   # X-Forwarded-For is believed from these only          # bounded memory: the oldest half is dropped beyond this


@dataclass(frozen=True)
class Route:
    """One code's redirect, ready to send (its response start message is built once, at load)."""

    location: bytes
    expires_at: float | None

    @property
    def start(self) -> dict:
        return {"type": "http.response.start", "status": 302,
                "headers": _headers([(b"location", self.location), (b"content-length", b"0")])}


@dataclass
class LinkMap:
    """The code map the redirector serves from, replaced whole on each refresh."""

    routes: dict[str, tuple[Route, dict]] = field(default_factory=dict)   # code -> (route, 302 start)
    loaded_at: float = 0.0
    skipped: int = 0            # targets refused (not http(s), control characters, too long)


def build_map(targets, campaign: str) -> LinkMap:
    """Routes from the store's targets; a URL that is not a clean http(s) address is skipped."""
    routes, skipped = {}, 0
    for t in targets:
        url = with_utm(t.url, t.network, campaign, t.utm_code)
        if (not url.lower().startswith(("http://", "https://")) or len(url) > MAX_URL
                or any(ord(c) < 33 or ord(c) == 127 for c in url) or not url.isascii()):
            skipped += 1
            continue
        route = Route(url.encode("ascii"), t.expires_at)
        routes[t.code] = (route, route.start)
    if skipped:
        log.warning("redirector: %d links skipped (their content URL is not a clean http(s) address)", skipped)
    return LinkMap(routes, time.time(), skipped)


class Visitors:
    """Recent (visitor, code) hashes: in memory only, salted, the salt replaced daily."""

    def __init__(self, window_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window_seconds
        self.clock = clock
        self._salt = secrets.token_bytes(16)
        self._salted_at = clock()
        self._seen: dict[bytes, float] = {}

    def repeat(self, address: str, agent: str, code: str, now: float | None = None) -> bool:
        """Whether this visitor opened this code within the window (and note that they did)."""
        if self.window <= 0:
            return False
        now = self.clock() if now is None else now
        if now - self._salted_at > SALT_SECONDS:
            self._salt, self._salted_at, self._seen = secrets.token_bytes(16), now, {}
        key = hashlib.blake2b(f"{address}\0{agent}\0{code}".encode("utf-8", "replace"),
                              key=self._salt, digest_size=16).digest()
        last = self._seen.get(key)
        self._seen[key] = now
        if len(self._seen) > MAX_VISITORS:
            cutoff = now - self.window
            self._seen = {k: t for k, t in self._seen.items() if t >= cutoff}
            if len(self._seen) > MAX_VISITORS // 2:       # a flood: keep the newest half
                self._seen = dict(list(self._seen.items())[-(MAX_VISITORS // 2):])
        return last is not None and now - last < self.window


def _headers(items: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [(b"cache-control", b"no-store"), (b"x-robots-tag", b"noindex"), *items]


NOT_FOUND = {"type": "http.response.start", "status": 404,
             "headers": _headers([(b"content-type", b"text/plain; charset=utf-8"),
                                  (b"content-length", b"10")])}
NOT_FOUND_BODY = {"type": "http.response.body", "body": b"not found\n"}
REDIRECT_BODY = {"type": "http.response.body", "body": b""}


class Redirector:
    """The ASGI app. `load()` gives the targets; the spool records the clicks."""

    def __init__(self, load: Callable[[], list], spool: SpoolWriter, *, campaign: str,
                 dedupe_minutes: float = 30, refresh_seconds: float = 30,
                 changed: Callable[[], object] | None = None,
                 drain: Callable[[], object] | None = None, drain_seconds: float = 30,
                 clock: Callable[[], float] = time.time) -> None:
        self.load = load
        self.spool = spool
        self.campaign = campaign
        self.refresh_seconds = refresh_seconds
        self.changed = changed or (lambda: None)
        self.clock = clock
        self.visitors = Visitors(dedupe_minutes * 60)
        self.map = LinkMap()
        self.refresh_failures = 0
        self.drain = drain
        self.drain_seconds = drain_seconds
        self.drain_failures = 0
        self._drain_lock = threading.Lock()
        self.counts = {"human": 0, "bot": 0, "repeat": 0, "not_found": 0}
        self._stop = threading.Event()
        self._version: object = None
        self._threads: list[threading.Thread] = []

    # -- the code map ---------------------------------------------------------------
    def refresh(self, targets: list | None = None) -> bool:
        """Reload the map when the database changed (or from `targets`); keep the old one on any failure."""
        try:
            version = self.changed()
            if targets is None and version is not None and version == self._version and self.map.loaded_at:
                return False
            fresh = build_map(self.load() if targets is None else targets, self.campaign)
        except Exception as exc:          # a locked or unreadable database: keep serving the old map
            self.refresh_failures += 1
            log.warning("redirector: code map not refreshed (%s); serving the previous one", exc)
            return False
        self.map, self._version = fresh, version
        return True

    def drain_spool(self) -> bool:
        """Store the spooled clicks now (`drain`); False, logged and counted, when it failed:
        the clicks stay in the spool and the next drain stores them."""
        if self.drain is None:
            return False
        with self._drain_lock:
            try:
                self.drain()
            except Exception as exc:          # the database down or refusing: the spool keeps them
                self.drain_failures += 1
                log.warning("redirector: click spool not drained (%s); the clicks wait in the spool", exc)
                return False
        return True

    def start(self) -> None:
        loops = [("links-refresh", self.refresh_seconds, self.refresh)]
        if self.drain is not None:
            loops.append(("links-drain", self.drain_seconds, self.drain_spool))
        for name, seconds, step in loops:
            thread = threading.Thread(target=self._loop, args=(seconds, step), name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def _loop(self, seconds: float, step: Callable[[], object]) -> None:
        while not self._stop.wait(seconds):
            step()

    def stop(self) -> None:
        """Stop the threads and close the spool; then drain it once more (its last file is
        complete now, so the drain stores it all and deletes it)."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self.spool.close()
        self.drain_spool()

    # -- ASGI -------------------------------------------------------------------------
    async def __call__(self, scope, receive, send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope, send) -> None:
        method = scope["method"]
        raw = scope.get("raw_path") or scope["path"].encode("utf-8", "replace")
        if method in ("GET", "HEAD"):
            match = _LINK.fullmatch(raw)
            if match is not None:
                code = match.group(1).decode("ascii")
                found = self.map.routes.get(code)
                now = self.clock()
                if found is not None and (found[0].expires_at is None or now < found[0].expires_at):
                    self._record(scope, method, code, now)
                    await send(found[1])
                    await send(REDIRECT_BODY)
                    return
            elif raw == b"/healthz":
                await self._health(send)
                return
        self.counts["not_found"] += 1
        await send(NOT_FOUND)
        await send(NOT_FOUND_BODY)          # the server drops it for HEAD

    def _record(self, scope, method: str, code: str, now: float) -> None:
        agent, forwarded = "", None
        for name, value in scope.get("headers", ()):
            if name == b"user-agent":
                agent = value.decode("latin-1")
            elif name == b"x-forwarded-for":
                forwarded = value
        address = str((scope.get("client") or ("", 0))[0])
        # Behind the HTTPS proxy on this machine, the visitor is the proxy's last hop.
        if forwarded is not None and address in TRUSTED_PROXIES:
            address = forwarded.decode("latin-1").rsplit(",", 1)[-1].strip()[:64]
        self.record(code, agent, method, address, now)

    def record(self, code: str, agent: str, method: str, address: str, now: float,
               visitor_clock: float | None = None) -> str:
        """Classify one answered request and spool it; returns its kind (human, bot, repeat).

        The demo replays its visits through this too (`visitor_clock`: the visit's own time)."""
        ua = agent_class(agent, method)
        if ua == "bot":
            kind = "bot"
        else:
            kind = "repeat" if self.visitors.repeat(address, agent, code, visitor_clock) else "human"
        self.counts[kind] += 1
        # Written before the 302 is sent: once the client has its answer, the click is on disk.
        self.spool.write(new_hit(code, datetime.fromtimestamp(now, tz=timezone.utc), kind, ua))
        return kind

    async def _health(self, send) -> None:
        body = json.dumps({
            "ok": bool(self.map.loaded_at), "links": len(self.map.routes),
            "map_age_seconds": round(time.time() - self.map.loaded_at, 1) if self.map.loaded_at else None,
            "refresh_failures": self.refresh_failures, "spool_errors": self.spool.errors,
            "drain_failures": self.drain_failures,
            "served": self.counts,
        }).encode()
        await send({"type": "http.response.start", "status": 200 if self.map.loaded_at else 503,
                    "headers": _headers([(b"content-type", b"application/json"),
                                         (b"content-length", str(len(body)).encode())])})
        await send({"type": "http.response.body", "body": body})


def file_version(path: Path) -> Callable[[], object]:
    """A cheap "did the database change" probe: the mtimes and sizes of the file and its WAL."""
    def probe() -> object:
        out = []
        for p in (path, path.with_name(path.name + ".wal")):
            try:
                st = p.stat()
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)
    return probe
