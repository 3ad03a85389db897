"""Ambassade: employee advocacy and brand listening toolkit (the thin shared core)."""

__version__ = "0.1.0"
