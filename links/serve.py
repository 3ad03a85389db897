"""Running the redirector: its code map from the store (read-only), its spool (drained by the
redirector itself on a PostgreSQL URL), and uvicorn."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from ambassade.errors import StoreError
from links.ingest import ingest_spool
from links.redirector import Redirector, file_version
from links.spool import SpoolWriter, spool_dir
from store import links as links_store
from store.connect import is_database_url, read_only
from store.state import ShortLivedStore

log = logging.getLogger(__name__)
REFRESH_LOCK_SECONDS = 2.0      # a refresh waits this long for the scheduler's lock, then retries later


def targets_loader(db: Path | str, retry_seconds: float = REFRESH_LOCK_SECONDS):
    """A function that reads the redirect targets on a short read-only connection."""
    def load():
        with read_only(db, retry_seconds=retry_seconds) as store:
            return links_store.redirect_targets(store)
    return load


def database_version(db: Path | str) -> Callable[[], object]:
    """The redirector's "did the code map change" probe: a DuckDB file's mtimes and sizes
    (no lock taken), or on a PostgreSQL URL the server's fingerprint of the targets."""
    if not is_database_url(db):
        return file_version(Path(db))

    def probe() -> object:
        with read_only(db, retry_seconds=REFRESH_LOCK_SECONDS) as store:
            return links_store.targets_version(store)
    return probe


def make_redirector(settings, db: Path | str, start_retry_seconds: float = 15.0) -> Redirector:
    """A Redirector with its map loaded; StoreError when the database cannot be read at start.

    On a DuckDB file the scheduler drains the spool (one writing process: the redirector
    never opens the file read-write). On a PostgreSQL URL, which takes concurrent writers,
    the redirector drains its own spool, so it can run on a host of its own with no
    scheduler beside it; the spool stays the durable buffer, and a click is answered from
    memory and the spool whether the database answers or not."""
    url = is_database_url(db)
    if not url:
        db = Path(db)
        if not db.exists():
            raise StoreError(f"{db}: database not found (run `ambassade demo` or `ambassade collect`)")
    cfg = settings.links
    # The first load may wait for a writer as long as any command does; refreshes wait less.
    initial = targets_loader(db, start_retry_seconds)()
    spool = SpoolWriter(spool_dir(settings, db), fsync_each=cfg.spool_fsync_each)
    drain = None
    if url:
        writer, folder = ShortLivedStore(db), spool.folder
        drain = lambda: ingest_spool(writer, folder)  # noqa: E731
    app = Redirector(targets_loader(db), spool, campaign=cfg.utm_campaign,
                     dedupe_minutes=cfg.dedupe_minutes, refresh_seconds=cfg.refresh_seconds,
                     changed=database_version(db), drain=drain, drain_seconds=cfg.refresh_seconds)
    app.refresh(initial)
    return app


def serve(app: Redirector, host: str, port: int) -> None:
    """Serve `app` with uvicorn until SIGINT/SIGTERM. No access log: it would hold addresses."""
    import uvicorn  # noqa: PLC0415

    config = uvicorn.Config(app, host=host, port=port, lifespan="on", access_log=False,
                            log_level="warning", server_header=False,
                            # the app reads X-Forwarded-For itself, from 127.0.0.1 only (cheaper
                            # than uvicorn's middleware on every request)
                            proxy_headers=False,
                            timeout_keep_alive=5)
    uvicorn.Server(config).run()
