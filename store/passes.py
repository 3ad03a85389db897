"""The catch-up pass after ingest, in short transactions: the queued mentions move into the
explorer's word index (store/search.py, migration 0026), then the new authors and daily author
rows get their numbers (store/daily.py, migration 0030). The scheduler's scoring job,
`ambassade score`, the end of `ambassade collect` and the demo build run it."""

from __future__ import annotations

from store.daily import number_authors
from store.search import index_pending


def catch_up(store) -> int:
    """Run both steps on `store` (a Store or a ShortLivedStore: anything with `transaction()`);
    returns how many mentions moved into the word index."""
    moved = index_pending(store)
    number_authors(store)
    return moved
