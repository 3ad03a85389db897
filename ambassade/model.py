"""Shared types that cross folders: the normalised Mention."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from ambassade.text.controls import clean_id, safe_display

# Clocks drift: a post dated a few minutes ahead is kept as it is; anything later is clamped.
FUTURE_TOLERANCE = timedelta(minutes=10)
_CLEANED = ("native_id", "author", "author_id", "url", "author_name")


@dataclass(frozen=True, slots=True)
class Mention:
    """One public post about the brand (or by an opted-in employee), normalised.

    `id` is "<source>:<native_id>"; `created_at` is aware and in UTC, never later than when
    the Mention was made (a future date becomes now, the claim kept in `raw`); `text` is plain text.
    """

    source: str
    native_id: str
    author: str | None
    author_id: str | None
    text: str
    url: str | None
    created_at: datetime
    lang: str | None = None
    matched: tuple[str, ...] = ()
    metrics: dict[str, int] = field(default_factory=dict)
    raw: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    author_name: str | None = None
    author_followers: int | None = None
    # The feed an RSS/Atom entry came from: a guid is unique within its feed only, so the
    # store gives an entry whose guid another feed's different article already holds an id
    # scoped to this feed ("rss:<feed key>:<guid>"; store.mentions.scope_feed_ids).
    feed: str | None = field(default=None, compare=False)
    competitors: tuple[str, ...] = ()    # the `[brand] competitors` it names, matched at ingest

    def __post_init__(self) -> None:
        # Hot path (every post collected): the usual case (already UTC, printable ids, plain
        # text) costs a few checks; each rule below is only applied where it changes something.
        created_at = self.created_at
        if created_at.tzinfo is not timezone.utc:
            if created_at.tzinfo is None:
                raise ValueError("Mention.created_at must be timezone-aware")
            if created_at.utcoffset() != timezone.utc.utcoffset(None):
                created_at = created_at.astimezone(timezone.utc)
                object.__setattr__(self, "created_at", created_at)
        # Internet text at the door: no terminal escapes in ids, handles or links, no bidi
        # override in what is shown (ambassade.text.controls; printable text has none).
        for name in _CLEANED:
            value = getattr(self, name)
            if value and not value.isprintable():
                object.__setattr__(self, name, clean_id(value))
        if self.text and not self.text.isprintable():
            object.__setattr__(self, "text", safe_display(self.text))
        now = datetime.now(timezone.utc)
        if created_at > now + FUTURE_TOLERANCE:
            # A date in the future (9999-12-31, 2100) is a lie or a bug of the source: the
            # post is dated when we collected it, so no window ever moves past today. The
            # claimed date is kept in the raw payload.
            raw = dict(self.raw or {})
            raw["claimed_created_at"] = created_at.isoformat()
            object.__setattr__(self, "created_at", now)
            object.__setattr__(self, "raw", raw)

    @property
    def id(self) -> str:
        return f"{self.source}:{self.native_id}"

    def to_json(self) -> dict[str, Any]:
        """The normalised form printed by `--jsonl` (DESIGN.md's contract)."""
        out: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "native_id": self.native_id,
            "author": self.author,
            "author_id": self.author_id,
            "text": self.text,
            "url": self.url,
            "created_at": self.created_at.isoformat().replace("+00:00", "Z"),
            "lang": self.lang,
            "matched": list(self.matched),
            "metrics": dict(self.metrics),
        }
        # An extension of the contract, present only when the text names a `[brand] competitors`.
        if self.competitors:
            out["competitors"] = list(self.competitors)
        return out
