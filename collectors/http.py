"""HTTP for collectors: sessions with a timeout and 5xx retries, and errors mapped to SourceError.

tweepy and feedparser call the network with no timeout (ECOSYSTEM.md); every request of
Ambassade goes through a session built here instead.
"""

from __future__ import annotations

import email.utils
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ambassade import __version__
from ambassade.files import NotRegularFile, TooLarge, read_regular
from ambassade.errors import BadPayload, RateLimited, SourceError, SourceUnavailable

DEFAULT_TIMEOUT = (5.0, 30.0)            # connect, read (seconds)
MAX_BODY_BYTES = 20_000_000
USER_AGENT = f"ambassade/{__version__} (brand listening)"


class TimeoutAdapter(HTTPAdapter):
    """An adapter that always sets a timeout, and retries 5xx (never 429) a little."""

    def __init__(self, timeout: tuple[float, float] = DEFAULT_TIMEOUT, retries: int = 2) -> None:
        retry = Retry(total=retries, connect=retries, read=0, status=retries,
                      status_forcelist=(500, 502, 503, 504), allowed_methods=("GET", "HEAD"),
                      backoff_factor=0.5, respect_retry_after_header=False,
                      raise_on_status=False)
        super().__init__(max_retries=retry)
        self.timeout = timeout

    def send(self, request, **kwargs):  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


def make_session(session: requests.Session | None = None,
                 timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> requests.Session:
    """A session (new, or the one given, e.g. tweepy's) with the timeout adapter mounted."""
    session = session or requests.Session()
    adapter = TimeoutAdapter(timeout)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers.setdefault("User-Agent", USER_AGENT)
    if session.headers.get("User-Agent", "").startswith("python-requests"):
        session.headers["User-Agent"] = USER_AGENT
    return session


@dataclass(frozen=True)
class Fetched:
    """One document: status 200 with its body, or 304 with none."""

    url: str
    status: int
    body: bytes
    content_type: str | None
    etag: str | None
    modified: str | None


FETCH_DEADLINE = 90.0                  # seconds for one whole document, headers to last byte
_CANCEL = threading.Event()            # set by SIGTERM/SIGINT: every fetch in flight gives up


def cancel_fetches() -> None:
    """Make every fetch in flight, and any started after, give up at once (a stop request)."""
    _CANCEL.set()


def allow_fetches() -> None:
    """Undo cancel_fetches() (a new run in the same process)."""
    _CANCEL.clear()


def fetch(session: requests.Session, url: str, *, etag: str | None = None,
          modified: str | None = None, max_bytes: int = MAX_BODY_BYTES,
          deadline: float = FETCH_DEADLINE) -> Fetched:
    """GET `url` conditionally (If-None-Match / If-Modified-Since); errors as SourceError.

    The socket timeout bounds each read, not the whole: a server that trickles a byte every
    few seconds would hold it for ever. So the request runs in a worker thread and this one
    waits at most `deadline` seconds for the whole document, or until cancel_fetches() (a
    SIGTERM): then it gives up with a SourceUnavailable saying how far the server got. A
    worker left behind in the headers stores nothing; in the body it stops by itself.
    """
    if _CANCEL.is_set():
        raise SourceUnavailable(f"{url}: not fetched (stopping)")
    progress = _Progress()
    done = threading.Event()
    outcome: list = []

    def work() -> None:
        try:
            outcome.append(_fetch(session, url, etag, modified, max_bytes, deadline, progress))
        except BaseException as exc:  # handed to the waiting thread, raised there
            outcome.append(exc)
        finally:
            done.set()

    threading.Thread(target=work, name="fetch", daemon=True).start()
    give_up = time.monotonic() + deadline + 1.0   # the worker's own, precise message first
    while not done.wait(0.1):
        if _CANCEL.is_set():
            raise SourceUnavailable(f"{url}: not finished (stopping; {progress})")
        if time.monotonic() > give_up:
            raise SourceUnavailable(f"{url}: no complete answer in {deadline:g} s ({progress})")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


class _Progress:
    """How far one fetch got, for messages that say what happened (never "cannot connect"
    for a server that answered)."""

    def __init__(self) -> None:
        self.status: int | None = None
        self.size = 0

    def __str__(self) -> str:
        if self.status is None:
            return "no answer yet"
        return f"answered {self.status}, then sent {self.size} bytes"


def _fetch(session: requests.Session, url: str, etag: str | None, modified: str | None,
           max_bytes: int, deadline: float, progress: _Progress) -> Fetched:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    stop_at = time.monotonic() + deadline
    try:
        with session.get(url, headers=headers, stream=True, allow_redirects=True) as response:
            progress.status = response.status_code
            check_status(response, url)
            if response.status_code == 304:
                return Fetched(url, 304, b"", None, etag, modified)
            body = _read_capped(response, url, max_bytes, stop_at, deadline, progress)
            return Fetched(url, response.status_code, body, response.headers.get("Content-Type"),
                           response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except requests.exceptions.Timeout:
        raise SourceUnavailable(f"{url}: timed out ({progress})") from None
    except requests.exceptions.RetryError:
        raise SourceUnavailable(f"{url}: server error, retries exhausted") from None
    except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
        raise SourceUnavailable(f"{url}: {_connection_failure(exc, progress)}") from None
    except urllib3.exceptions.ReadTimeoutError:
        raise SourceUnavailable(f"{url}: stalled ({progress}, then nothing)") from None
    except (urllib3.exceptions.ProtocolError, urllib3.exceptions.DecodeError) as exc:
        raise SourceUnavailable(f"{url}: connection broke ({progress}; "
                                f"{type(exc).__name__})") from None
    except requests.exceptions.InvalidURL:
        raise SourceError(f"{url}: not a valid URL") from None
    except requests.exceptions.RequestException as exc:
        raise SourceError(f"{url}: {type(exc).__name__}") from None


def _connection_failure(exc: Exception, progress: _Progress) -> str:
    """"cannot connect" only when no connection was made; else what the server did."""
    if progress.status is not None:
        return f"connection broke ({progress}; {type(exc).__name__})"
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, (urllib3.exceptions.NewConnectionError,
                           urllib3.exceptions.NameResolutionError,
                           urllib3.exceptions.ConnectTimeoutError)):
        return f"cannot connect ({type(exc).__name__})"
    if isinstance(reason, urllib3.exceptions.ReadTimeoutError):
        # the retry adapter wraps a read timeout in a ConnectionError: the server took the
        # request and never answered in time
        return f"timed out ({progress})"
    return f"connected, but the server closed without an answer ({type(exc).__name__})"


def check_status(response: requests.Response, what: str) -> None:
    """Raise the SourceError a status code means (429 carries its reset time)."""
    code = response.status_code
    if code in (200, 203, 304) or 200 <= code < 300:
        return
    if code == 429:
        reset = retry_after(response.headers)
        raise RateLimited(f"{what}: rate limited (429) until {reset:%H:%M:%S} UTC", reset)
    if code in (401, 403):
        raise SourceError(f"{what}: access refused ({code}); check the credentials or the URL")
    if code in (404, 410):
        raise SourceError(f"{what}: not found ({code})")
    if code >= 500:
        raise SourceUnavailable(f"{what}: server error ({code})")
    raise SourceError(f"{what}: unexpected HTTP status {code}")


def retry_after(headers, now: datetime | None = None, default_seconds: int = 60) -> datetime:
    """When a 429 says to come back: Retry-After (seconds or date), else x-*-reset headers."""
    now = now or datetime.now(timezone.utc)
    value = (headers.get("Retry-After") or "").strip()
    if value.isdigit():
        return now + timedelta(seconds=min(int(value), 86_400))
    if value:
        try:
            return email.utils.parsedate_to_datetime(value).astimezone(timezone.utc)
        except (TypeError, ValueError, IndexError):
            pass
    for name in ("x-rate-limit-reset", "x-ratelimit-reset"):
        raw = (headers.get(name) or "").strip()
        try:
            number = float(raw)
        except ValueError:
            continue
        # X sends an epoch time; Reddit sends seconds until reset.
        if number > 1_000_000_000:
            return datetime.fromtimestamp(number, tz=timezone.utc)
        return now + timedelta(seconds=min(number, 86_400))
    return now + timedelta(seconds=default_seconds)


def _read_capped(response: requests.Response, url: str, max_bytes: int, stop_at: float,
                 deadline: float, progress: _Progress) -> bytes:
    """The body, decoded, at most `max_bytes`, by whatever each read brings (read1), so the
    deadline is checked between reads even when a server sends one byte at a time."""
    chunks = []
    raw = response.raw
    while True:
        chunk = raw.read1(65_536, decode_content=True)
        if not chunk:
            break
        progress.size += len(chunk)
        if progress.size > max_bytes:
            raise BadPayload(f"{url}: larger than {max_bytes // 1_000_000} MB, skipped")
        chunks.append(chunk)
        if time.monotonic() > stop_at:
            raise SourceUnavailable(f"{url}: too slow: {progress} in {deadline:g} s; "
                                    "gave up (stalled or trickling)")
        if _CANCEL.is_set():
            raise SourceUnavailable(f"{url}: not finished (stopping; {progress})")
    return b"".join(chunks)


def read_local(path: str, max_bytes: int = MAX_BODY_BYTES) -> Fetched:
    """A feed file named on the command line (local paths are allowed only there)."""
    file = Path(path)
    try:
        body = read_regular(file, max_bytes)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except TooLarge:
        raise BadPayload(f"{path}: larger than {max_bytes // 1_000_000} MB, skipped") from None
    except NotRegularFile as exc:
        raise SourceError(str(exc)) from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror})") from None
    return Fetched(file.resolve().as_uri(), 200, body, None, None, None)
