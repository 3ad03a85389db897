"""The click spool: append-only JSON lines the redirector writes and ingestion reads.

Why a spool: DuckDB lets one process write, and `ambassade schedule` is that process; the
redirector must never wait for it (ECOSYSTEM.md (5), pattern 3). On PostgreSQL the redirector
drains its spool itself (links/serve.py), and the spool is what keeps a click answered while
the database is slow or away. Each answered click is one
line written with a single `os.write` to a file opened with O_APPEND *before* the 302 is
sent: once the call returns the line is in the kernel, so a `kill -9` of the redirector
right after loses nothing. `fsync` (each click, or every 0.2 s by default) guards against
a machine crash as well.

Files: `clicks-<utc time>-<pid>-<random>.jsonl` in the spool folder. The redirector holds an
exclusive `flock` on the file it writes (released by the kernel if it dies) and starts a new
file every `ROTATE_SECONDS`. Ingestion reads every file; a file nobody holds is complete and
is deleted once its lines are committed; a held file is read up to its last complete line
and read again next time. Ingestion is idempotent on the click id, so reading a line twice
(or a crash between commit and delete) never counts a click twice.

A line holds: a random click id, the code, the time (UTC), the kind (human, bot, repeat)
and the coarse user-agent class. Never an IP, a user agent, a name or a visitor hash.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from ambassade.errors import ConfigError
from links.codes import is_code
from store.connect import is_database_url

log = logging.getLogger(__name__)

KINDS = ("human", "bot", "repeat")
UA_CLASSES = ("desktop", "mobile", "bot", "other")
ROTATE_SECONDS = 300.0
FSYNC_SECONDS = 0.2
MAX_LINE = 4096
SUFFIX = ".jsonl"


@dataclass(frozen=True)
class Hit:
    """One request answered with a 302."""

    id: str
    code: str
    at: datetime
    kind: str          # human | bot | repeat
    ua: str            # desktop | mobile | bot | other


def new_hit(code: str, at: datetime, kind: str, ua: str) -> Hit:
    """A hit with a fresh random click id."""
    return Hit(secrets.token_hex(12), code, at, kind, ua)


def hit_line(hit: Hit) -> bytes:
    """The spool line of one hit (the redirector and the demo write with this).

    Formatted by hand (4× faster than json.dumps on this hot path): every field is letters,
    digits and a fixed time format, checked here, so nothing needs escaping."""
    if not (hit.id.isalnum() and is_code(hit.code) and hit.kind in KINDS and hit.ua in UA_CLASSES):
        raise ValueError("not a spoolable hit")
    at = hit.at.astimezone(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")
    return (f'{{"id":"{hit.id}","code":"{hit.code}","at":"{at}","kind":"{hit.kind}","ua":"{hit.ua}"}}\n'
            ).encode("ascii")


def parse_line(line: bytes) -> Hit:
    """A spool line back into a Hit; ValueError when it is not one."""
    if len(line) > MAX_LINE:
        raise ValueError("line too long")
    data = json.loads(line)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    ident, code, at, kind, ua = (data.get(k) for k in ("id", "code", "at", "kind", "ua"))
    if not (isinstance(ident, str) and 8 <= len(ident) <= 64 and ident.isalnum()):
        raise ValueError("bad id")
    if not (isinstance(code, str) and is_code(code)):
        raise ValueError("bad code")
    if kind not in KINDS or ua not in UA_CLASSES:
        raise ValueError("bad kind or agent class")
    when = datetime.fromisoformat(str(at).replace("Z", "+00:00"))
    if when.tzinfo is None:
        raise ValueError("time without zone")
    return Hit(ident, code, when.astimezone(timezone.utc), kind, ua)


def spool_dir(settings, db_path: Path | str) -> Path:
    """`[links] spool` (relative to the config file), else a folder beside the database file,
    else, for a PostgreSQL URL, `database_spool_dir`."""
    configured = getattr(getattr(settings, "links", None), "spool", None)
    if configured:
        path = Path(configured)
        if not path.is_absolute() and getattr(settings, "source_path", None) is not None:
            path = settings.source_path.parent / path
        return path
    if is_database_url(db_path):
        return database_spool_dir(str(db_path))
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".clicks")


def database_spool_dir(url: str, environ: Mapping[str, str] | None = None) -> Path:
    """The default spool of a redirector on a PostgreSQL URL: `clicks-<database key>` in the
    user's state folder (systemd's `$STATE_DIRECTORY`, else `$XDG_STATE_HOME/ambassade`, else
    `~/.local/state/ambassade`).

    A default rather than a required `[links] spool`: the redirector's host has no database
    file to put it beside, and on a URL the redirector drains its own spool within seconds
    (links/serve.py), so the folder is a short buffer, not data to manage; a state folder is
    where a service keeps such things and survives reboots (unlike /tmp or /run). The key
    (host, port, database name) keeps two databases from sharing a spool: a click drained
    into the wrong one would be dropped as an unknown code."""
    environ = os.environ if environ is None else environ
    parts = urlsplit(url)
    where = f"{parts.hostname or ''}:{parts.port or 5432}/{parts.path.lstrip('/')}"
    name = f"clicks-{hashlib.sha256(where.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"
    state = environ.get("STATE_DIRECTORY", "").split(":")[0]
    if state:
        return Path(state) / name
    xdg = environ.get("XDG_STATE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "state"
    return base / "ambassade" / name


def _ensure_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot create the click spool folder ({exc.strerror})") from None
    if not os.access(path, os.W_OK):
        raise ConfigError(f"{path}: the click spool folder is not writable")
    return path


class SpoolWriter:
    """Appends hits to the spool; `write` returns once the line is in the kernel."""

    def __init__(self, folder: Path, fsync_each: bool = False,
                 rotate_seconds: float = ROTATE_SECONDS) -> None:
        self.folder = _ensure_dir(Path(folder))
        self.fsync_each = fsync_each
        self.rotate_seconds = rotate_seconds
        self.errors = 0
        self.written = 0
        self._lock = threading.Lock()
        self._dirty = False
        self._stop = threading.Event()
        self._fd, self._opened = self._open()
        self._syncer = threading.Thread(target=self._sync_loop, name="spool-fsync", daemon=True)
        self._syncer.start()

    def _open(self) -> tuple[int, float]:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        path = self.folder / f"clicks-{stamp}-{os.getpid()}-{secrets.token_hex(3)}{SUFFIX}"
        # Locked under a name ingestion does not read, then renamed: ingestion never sees
        # an unlocked new file (which it would take for a finished one and delete).
        fresh = path.with_name(path.name + ".new")
        fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)      # "being written": ingestion keeps it
        os.rename(fresh, path)
        return fd, time.monotonic()

    def write(self, hit: Hit) -> bool:
        """Append one hit. False (logged, counted) when the disk refuses it."""
        line = hit_line(hit)
        try:
            if time.monotonic() - self._opened > self.rotate_seconds:
                self._rotate()
            os.write(self._fd, line)          # one write of a whole line: never interleaved
            if self.fsync_each:
                os.fsync(self._fd)
            else:
                self._dirty = True
        except OSError as exc:
            self.errors += 1
            log.error("click spool: cannot write (%s); this click is not recorded", exc.strerror)
            return False
        self.written += 1
        return True

    def _rotate(self) -> None:
        fd, opened = self._open()
        with self._lock:
            old, self._fd, self._opened = self._fd, fd, opened
            os.fsync(old)
            os.close(old)                     # releases its flock: ingestion may now finish it

    def _sync_loop(self) -> None:
        while not self._stop.wait(FSYNC_SECONDS):
            self.sync()

    def sync(self) -> None:
        """fsync what was written since the last sync."""
        if not self._dirty:
            return
        with self._lock:
            self._dirty = False
            try:
                os.fsync(self._fd)
            except OSError as exc:
                log.error("click spool: fsync failed (%s)", exc.strerror)

    def close(self) -> None:
        self._stop.set()
        self._syncer.join(timeout=2)
        with self._lock:
            try:
                os.fsync(self._fd)
            finally:
                os.close(self._fd)


@dataclass
class SpoolBatch:
    """What one read of the spool found."""

    hits: list[Hit] = field(default_factory=list)
    bad_lines: int = 0
    done: list[Path] = field(default_factory=list)     # complete files: delete after the commit
    active: int = 0                                    # files still being written


def _lines(data: bytes, complete: bool) -> Iterator[bytes]:
    end = len(data) if complete else data.rfind(b"\n") + 1
    for line in data[:end].splitlines():
        if line.strip():
            yield line


def read_spool(folder: Path) -> SpoolBatch:
    """Every hit in the spool folder; malformed lines are counted and logged, never fatal."""
    batch = SpoolBatch()
    folder = Path(folder)
    if not folder.is_dir():
        return batch
    for path in sorted(folder.glob(f"clicks-*{SUFFIX}")):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                complete = True
            except BlockingIOError:
                complete = False
            with os.fdopen(os.dup(fd), "rb") as handle:
                data = handle.read()
        finally:
            os.close(fd)
        for number, line in enumerate(_lines(data, complete), 1):
            try:
                batch.hits.append(parse_line(line))
            except (ValueError, TypeError) as exc:
                batch.bad_lines += 1
                log.warning("click spool %s line %d skipped: %s", path.name, number, exc)
        if complete:
            batch.done.append(path)
        else:
            batch.active += 1
    return batch


def remove_done(paths: list[Path]) -> None:
    """Delete spool files whose every line is committed."""
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
