"""Several collectors writing one PostgreSQL database at once: no error, no duplicate, no lost row.

DuckDB has one writing process at a time (its writers take turns on the file lock); on
PostgreSQL they run at once, and the same mentions and authors arrive from each of them.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from store import open_store
from store.listening import MentionFilter, explore

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 4
MENTIONS = 1500

pytestmark = pytest.mark.slow


def test_four_writers_with_the_same_mentions_store_each_once(pg_url):
    writers = [subprocess.Popen([sys.executable, "-m", "tests.store.concurrent_writer", pg_url, str(seed),
                                 str(MENTIONS)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for seed in range(WRITERS)]
    failures = []
    for writer in writers:
        _, err = writer.communicate(timeout=240)
        if writer.returncode != 0:
            failures.append(err.strip().splitlines()[-1] if err.strip() else f"exit {writer.returncode}")
    assert failures == []
    with open_store(pg_url, read_only=True) as db:
        assert db._rows("SELECT count(*), count(DISTINCT id) FROM mentions") == [(MENTIONS, MENTIONS)]
        assert db._rows("SELECT count(*) FROM authors") == [(97,)]
        assert db._rows("SELECT count(*) FROM cursors") == [(WRITERS,)]
        # The explorer's search finds every mention once: PostgreSQL's full-text index (0024)
        # is kept by the server whichever writer won a page.
        where = MentionFilter(datetime(2000, 1, 1, tzinfo=timezone.utc), datetime.now(timezone.utc),
                              ("x",), search="lemoine message")
        found = explore(db, where, bound=MENTIONS)[1]
    assert found == MENTIONS
