"""The one exception tree of Ambassade.

AmbassadeError
 ├── ConfigError            bad or missing configuration (names the key)
 ├── MissingCredentials     a source's secret is not set (says what to set)
 ├── InputError             bad input on a public entry point (CLI argument, stdin line)
 ├── SourceError            a source could not be read
 │    ├── RateLimited       429 with the time it resets (reset_at, UTC)
 │    ├── SourceUnavailable 5xx, timeouts, network errors
 │    └── BadPayload        truncated or invalid payload
 └── StoreError             the database cannot be opened, read or written: bad path, missing,
      │                     corrupt, read-only, or written by a newer Ambassade
      ├── StoreLocked       another process still holds it after the bounded retry
      └── StoreWriteFailed  a commit was refused (full disk, I/O error): rolled back, nothing lost

The command line turns every AmbassadeError into one line on stderr. ConfigError, InputError
and StoreError (bad input: the user must change something) exit 2; StoreLocked and the other
AmbassadeErrors (a failure that may pass on its own) exit 1; so does StoreWriteFailed.
"""

from __future__ import annotations

from datetime import datetime


def one_line(error: BaseException | str, limit: int = 500) -> str:
    """`error` as one line for stderr or a UI: controls out, whitespace collapsed, at most `limit` characters.

    An exception with no message gives its class name.
    """
    from ambassade.text.controls import safe_display  # noqa: PLC0415 (errors imports nothing else)

    # An error may quote the internet (a feed's bytes, a server's message): no escapes printed.
    text = " ".join(safe_display(str(error)).split())
    if not text and isinstance(error, BaseException):
        text = type(error).__name__
    return text[:limit]


class AmbassadeError(Exception):
    """Base of every error Ambassade raises on purpose."""


class ConfigError(AmbassadeError):
    """The configuration file is missing, unreadable or has a bad key."""


class MissingCredentials(AmbassadeError):
    """A source needs a secret from the environment that is not set."""


class InputError(AmbassadeError):
    """A public entry point was given input it cannot use."""


class SourceError(AmbassadeError):
    """A source could not be read."""


class RateLimited(SourceError):
    """The source asked us to wait until reset_at."""

    def __init__(self, message: str, reset_at: datetime | None = None,
                 partition_only: bool = False) -> None:
        super().__init__(message)
        self.reset_at = reset_at
        # True when only this partition's host asked us to wait (one feed among many):
        # the other partitions still run. False: the whole source waits (one API, one quota).
        self.partition_only = partition_only


class SourceUnavailable(SourceError):
    """The source answered 5xx, timed out or could not be reached."""


class BadPayload(SourceError):
    """The source answered something we cannot parse."""


class StoreError(AmbassadeError):
    """The database cannot be opened, read or written."""


class StoreLocked(StoreError):
    """Another process holds the database's write lock (still, after any retry)."""


class StoreWriteFailed(StoreError):
    """A write could not be saved (a full disk, an I/O error); the transaction was rolled back."""
