"""A collector-like writer for tests/store/test_concurrent_writers.py: one process's pages.

Usage: python -m tests.store.concurrent_writer URL SEED MENTIONS [same-order]
It stores MENTIONS mentions (ids shared by every writer) in pages of 50, shuffled by SEED (or, with
`same-order`, the same pages in the same order as every other writer: they race on each page), each
page one short transaction with its cursor, as `collect` writes.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta, timezone

from ambassade.model import Mention
from store.mentions import insert_mentions
from store.state import ShortLivedStore, save_cursor

T0 = datetime(2026, 11, 1, tzinfo=timezone.utc)


def mentions(n: int) -> list[Mention]:
    return [Mention(source="x", native_id=str(i), author=f"user{i % 97}", author_id=str(i % 97),
                    text=f"Lemoine message {i}", url=f"https://x.com/u/status/{i}",
                    created_at=T0 + timedelta(minutes=i), lang="fr", matched=("Lemoine",),
                    metrics={"like_count": i % 7}, raw={"id": str(i)}, author_followers=i)
            for i in range(n)]


def main() -> None:
    url, seed, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    batch = mentions(n)
    if sys.argv[4:] != ["same-order"]:
        random.Random(seed).shuffle(batch)
    store = ShortLivedStore(url)
    for page, start in enumerate(range(0, n, 50)):
        with store.transaction() as db:
            insert_mentions(db, batch[start:start + 50])
            save_cursor(db, "x", f"writer-{seed}", {"page": str(page)})


if __name__ == "__main__":
    main()
