"""The store: the only code that opens DuckDB. See store/connect.py for the concurrency rules."""

from store.connect import Store, open_store, read_only

__all__ = ["Store", "open_store", "read_only"]
