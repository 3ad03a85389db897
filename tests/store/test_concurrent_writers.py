"""Several collectors writing one PostgreSQL database at once: no error, no duplicate, no lost row,
and daily counts equal to a scan of the mentions.

DuckDB has one writing process at a time (its writers take turns on the file lock); on
PostgreSQL they run at once, and the same mentions and authors arrive from each of them.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from store import open_store
from store.listening import MentionFilter, explore
from store.mentions import insert_mentions
from tests.store.concurrent_writer import mentions

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
        assert_daily_tables_equal_a_scan(db)
    assert found == MENTIONS


def test_each_mention_is_counted_once_by_the_writer_that_stored_it(pg_url):
    """Writers racing on the same ids: a page another writer won adds no counts."""
    writers = [subprocess.Popen([sys.executable, "-m", "tests.store.concurrent_writer", pg_url, str(seed),
                                 str(MENTIONS), "same-order"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
               for seed in range(WRITERS)]
    assert [w.communicate(timeout=240)[1].strip()[-300:] for w in writers if w.wait() != 0] == []
    with open_store(pg_url, read_only=True) as db:
        [(counted,)] = db._rows("SELECT sum(mentions) FROM daily_mentions")
        assert_daily_tables_equal_a_scan(db)
    assert counted == MENTIONS


def test_a_page_committed_while_a_recount_runs_is_counted_once(pg_url):
    """A recount (a score batch, a correction) deletes a day's counts and counts the day again;
    a page of that day committed by another writer in between is counted once, not twice."""
    from store import daily

    batch = mentions(200)                       # one local day (2026-11-01 in Europe/Paris)
    with open_store(pg_url) as db, db.transaction():
        insert_mentions(db, batch[:100])
    recounter, writer = open_store(pg_url), open_store(pg_url)     # two connections, two writers

    def write_page() -> None:
        with writer.transaction():
            insert_mentions(writer, batch[100:])

    page = threading.Thread(target=write_page)
    real_rows = recounter._rows

    def rows(sql, params=None):
        found = real_rows(sql, params)
        if sql.startswith("DELETE FROM daily_mentions") and not page.is_alive():
            page.start()                        # the other writer's page, between delete and count
            page.join(2)
        return found

    recounter._rows = rows
    try:
        with recounter.transaction():
            daily.recount_days(recounter, [date(2026, 11, 1)])
        page.join(30)
    finally:
        recounter.close()
        writer.close()
    with open_store(pg_url, read_only=True) as db:
        assert db._rows("SELECT sum(mentions) FROM daily_mentions") == [(200,)]
        assert_daily_tables_equal_a_scan(db)


def assert_daily_tables_equal_a_scan(db) -> None:
    """The daily tables hold what counting every stored mention again gives (store/daily.py)."""
    zone = "(SELECT zone FROM daily_zone LIMIT 1)"
    kept = db._rows("SELECT day, voice, source, lang, label, own, sum(mentions) FROM daily_counts "
                    "GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6")
    scanned = db._rows(f"SELECT local_day({zone}, created_at), voice, source, lang, label, own, count(*) "
                       "FROM daily_voice_rows GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6")
    assert kept == scanned
    kept = db._rows("SELECT day, source, lang, matched, sum(mentions) FROM daily_mentions "
                    "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")
    scanned = db._rows(f"SELECT local_day({zone}, created_at), source, lang, matched, count(*) FROM mentions "
                       "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")
    assert kept == scanned
    kept = db._rows("SELECT DISTINCT day, source, own, author_id FROM daily_authors ORDER BY 1, 2, 3, 4")
    scanned = db._rows(f"SELECT DISTINCT local_day({zone}, created_at), source, own, author_id "
                       "FROM daily_voice_rows WHERE voice = '' ORDER BY 1, 2, 3, 4")
    assert kept == scanned
