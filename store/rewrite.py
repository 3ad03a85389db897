"""Rewriting the database file, so that what was deleted is not left in its freed blocks.

DuckDB reuses freed blocks but does not wipe them: after an erasure every table is clean, yet
`strings` on the file still finds the person's name, handles and id, even after CHECKPOINT
and VACUUM. A copy holds only live data, so after an erasure the file is replaced by a copy.
"""

from __future__ import annotations

import os
from pathlib import Path

from ambassade.errors import StoreError
from store.connect import Store


def rewrite_file(store: Store) -> int:
    """Replace `store`'s file by a fresh copy of its live data (schema, sequences, rows) and
    close `store`; returns the new file's size in bytes.

    The copy is written beside the file, flushed to disk, and renamed over it while this
    process still holds the write lock: another process waiting for the lock opens the new
    file; none can have opened the old one in between. A failure leaves the old file as it was.
    """
    path = Path(store.path)
    fresh = path.with_name(f".{path.name}.rewrite-{os.getpid()}")
    _remove(fresh)
    try:
        store._rows("CHECKPOINT")   # everything in the file itself, no write-ahead log left
        catalog = store._rows("SELECT current_database()")[0][0]
        store._rows(f"ATTACH '{_quoted(fresh)}' AS _rewrite")
        try:
            store._rows(f'COPY FROM DATABASE "{catalog}" TO _rewrite')
        finally:
            store._rows("DETACH _rewrite")
        _fsync(fresh)
        os.replace(fresh, path)
        _fsync(path.parent)
    except (StoreError, OSError) as exc:
        _remove(fresh)
        raise StoreError(f"{path}: erased, but the file could not be rewritten ({exc}); "
                         "run the command again") from None
    finally:
        _remove(Path(f"{fresh}.wal"))
        store.close()    # after the rename: nothing was written since the checkpoint
    return path.stat().st_size


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
