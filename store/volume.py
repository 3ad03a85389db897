"""Hourly volumes counted by a source without reading the posts (X's tweet counts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

import pyarrow as pa

from store.connect import Store


def save_counts(db: Store, source: str, query: str, hours: Sequence[tuple[datetime, int]],
                fetched_at: datetime | None = None) -> int:
    """Insert or update the counts of `query` per hour (the latest count of an hour wins: the
    current hour grows until it is over). Runs in the caller's transaction."""
    if not hours:
        return 0
    fetched_at = fetched_at or datetime.now(timezone.utc)
    table = pa.table({
        "source": pa.array([source] * len(hours), pa.string()),
        "query": pa.array([query] * len(hours), pa.string()),
        "hour": pa.array([h for h, _ in hours], pa.timestamp("us", tz="UTC")),
        "posts": pa.array([int(n) for _, n in hours], pa.int64()),
        "fetched_at": pa.array([fetched_at] * len(hours), pa.timestamp("us", tz="UTC")),
    })
    with db._registered("_count_batch", table):
        db._rows("INSERT INTO volume_counts SELECT * FROM _count_batch ON CONFLICT (source, query, hour) "
                 "DO UPDATE SET posts = excluded.posts, fetched_at = excluded.fetched_at")
    return len(hours)


def hourly_volumes(db: Store, since: datetime, until: datetime) -> list[tuple[str, datetime, int]]:
    """(series name "<source>-count:<query>", hour, posts) in [since, until), oldest first."""
    return db._rows(
        "SELECT source || '-count:' || query, hour, posts FROM volume_counts "
        "WHERE hour >= ? AND hour < ? ORDER BY hour", [since, until])
