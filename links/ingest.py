"""Ingestion: the spool's hits into the store, once each (`ambassade links ingest`, `schedule`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from links.spool import read_spool, remove_done
from store import links as links_store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestStats:
    clicks: int           # human clicks added
    others: int           # bots, previews, repeats added
    known: int            # lines already ingested (read again: nothing added)
    unknown_code: int     # codes that are no longer links (erased): dropped
    bad_lines: int        # malformed spool lines: skipped and logged
    files_done: int       # complete spool files, deleted after the commit

    def summary(self) -> str:
        return (f"{self.clicks} clicks, {self.others} bot or repeat hits added; {self.known} already in; "
                f"{self.unknown_code} of unknown links dropped; {self.bad_lines} malformed lines skipped; "
                f"{self.files_done} spool files done")


def ingest_spool(store, folder: Path) -> IngestStats:
    """Read the spool, commit its hits in one transaction, then delete the finished files.

    `store` is anything with `transaction()` yielding a Store (an open Store or a
    ShortLivedStore). A crash after the commit and before the delete re-reads those
    files next time: idempotent on the click id, so nothing is counted twice.
    """
    batch = read_spool(Path(folder))
    with store.transaction() as db:
        counts = links_store.record_hits(db, batch.hits)
    remove_done(batch.done)
    stats = IngestStats(counts.clicks, counts.others, counts.known, counts.unknown_code,
                        batch.bad_lines, len(batch.done))
    if batch.bad_lines or counts.unknown_code:
        log.warning("links ingest: %s", stats.summary())
    return stats


def ingest_job(store, settings) -> IngestStats:
    """The scheduler's job: ingest the spool beside the database (or `[links] spool`). On a
    PostgreSQL URL the redirector drains its own spool; this reads the default folder of this
    host, usually empty (a second drain of one spool is harmless: idempotent by click id)."""
    from links.spool import spool_dir  # noqa: PLC0415

    return ingest_spool(store, spool_dir(settings, store.path))
