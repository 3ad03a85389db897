"""A drain of the click spool that dies (SIGKILL) after storing its hits, before its commit.

Usage: python -m tests.links.postgres_drain_child URL SPOOL_FOLDER
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import links.ingest as ingest
from store.state import ShortLivedStore


def main() -> None:
    url, folder = sys.argv[1], Path(sys.argv[2])
    real_record = ingest.links_store.record_hits

    def dying_record(db, hits):
        real_record(db, hits)          # every hit written in the transaction, nothing committed
        os.kill(os.getpid(), signal.SIGKILL)

    ingest.links_store.record_hits = dying_record
    ingest.ingest_spool(ShortLivedStore(url), folder)


if __name__ == "__main__":
    main()
