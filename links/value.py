"""The value of shares as the comms team reads it, and its CSV cells made safe."""

from __future__ import annotations

import math

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A CSV cell that a spreadsheet never runs as a formula: text starting with = + - @ (or a
    tab or CR) gets a leading apostrophe; missing numbers are empty cells."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value
