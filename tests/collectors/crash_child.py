"""A collection run in a child process that can SIGKILL itself at a chosen point.

Usage: python -m tests.collectors.crash_child DB SOURCE FEED_URL KILL_POINT PAGE
KILL_POINT is "none", "in-transaction" (rows written, cursor not yet, nothing committed)
or "after-commit"; PAGE is the page (1-based) where the process dies.
"""

from __future__ import annotations

import os
import signal
import sys

import responses

from ambassade.text.terms import TermMatcher
import collectors.base as base
from collectors.rss import RssCollector
from collectors.x import XCollector, make_client
from store.connect import open_store
from store.state import ShortLivedStore
from tests.collectors.test_x import FakeX


def main() -> None:
    db, source, feed_url, point, page = sys.argv[1:6]
    die_at = int(page)
    seen = {"pages": 0}
    real_insert = base.insert_mentions

    def dying_insert(con, mentions, *args):
        added = real_insert(con, mentions, *args)
        # This page's rows are written, its cursor is not, nothing is committed: die.
        if point == "in-transaction" and seen["pages"] + 1 == die_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return added

    def progress(stats):
        seen["pages"] = stats.pages
        if point == "after-commit" and stats.pages == die_at:
            os.kill(os.getpid(), signal.SIGKILL)

    base.insert_mentions = dying_insert
    matcher = TermMatcher(["Lemoine"])
    open_store(db).close()
    store = ShortLivedStore(db)                 # as `collect` and `schedule` write
    if source == "rss":
        base.run_collector(RssCollector([feed_url], [], matcher), store, progress=progress)
    else:
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            FakeX(mock)
            x = XCollector(make_client("child-token"), ["Lemoine"], matcher, budget=10_000)
            base.run_collector(x, store, progress=progress)


if __name__ == "__main__":
    main()
