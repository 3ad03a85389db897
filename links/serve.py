"""Running the redirector: its code map from the store (read-only), its spool, and uvicorn."""

from __future__ import annotations

import logging
from pathlib import Path

from ambassade.errors import StoreError
from links.redirector import Redirector, file_version
from links.spool import SpoolWriter, spool_dir
from store import links as links_store
from store.connect import read_only

log = logging.getLogger(__name__)
REFRESH_LOCK_SECONDS = 2.0      # a refresh waits this long for the scheduler's lock, then retries later


def targets_loader(db_path: Path, retry_seconds: float = REFRESH_LOCK_SECONDS):
    """A function that reads the redirect targets on a short read-only connection."""
    def load():
        with read_only(db_path, retry_seconds=retry_seconds) as store:
            return links_store.redirect_targets(store)
    return load


def make_redirector(settings, db_path: Path, start_retry_seconds: float = 15.0) -> Redirector:
    """A Redirector with its map loaded; StoreError when the database cannot be read at start."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise StoreError(f"{db_path}: database not found (run `ambassade demo` or `ambassade collect`)")
    cfg = settings.links
    # The first load may wait for a writer as long as any command does; refreshes wait less.
    initial = targets_loader(db_path, start_retry_seconds)()
    spool = SpoolWriter(spool_dir(settings, db_path), fsync_each=cfg.spool_fsync_each)
    app = Redirector(targets_loader(db_path), spool, campaign=cfg.utm_campaign,
                     dedupe_minutes=cfg.dedupe_minutes, refresh_seconds=cfg.refresh_seconds,
                     changed=file_version(db_path))
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
