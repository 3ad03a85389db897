"""Shared types that cross folders: the normalised Mention."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any


@dataclass(frozen=True)
class Mention:
    """One public post about the brand (or by an opted-in employee), normalised.

    `id` is "<source>:<native_id>"; `created_at` is aware and in UTC; `text` is plain text.
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
    competitors: tuple[str, ...] = ()    # the `[brand] competitors` it names, matched at ingest

    def __post_init__(self) -> None:
        if self.created_at.tzinfo is None:
            raise ValueError("Mention.created_at must be timezone-aware")
        if self.created_at.utcoffset() != timezone.utc.utcoffset(None):
            object.__setattr__(self, "created_at", self.created_at.astimezone(timezone.utc))

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
