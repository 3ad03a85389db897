"""The dashboard's own CSV downloads: through exports' safe cells, never the grid's raw export.

Streamlit's grid "Download as CSV" writes cells as they are, so a mention whose text starts
with `=HYPERLINK(…)` would run as a formula in a spreadsheet. `ambassade dashboard` turns that
export off (`client.disableDataExport`) and pages offer this one instead.
"""

from __future__ import annotations

import pandas as pd

from exports.cells import csv_bytes


def frame_csv(frame: pd.DataFrame, locale: str) -> bytes:
    """`frame` as a spreadsheet-safe CSV file (formula cells neutralised, the locale's separators)."""
    rows = ([None if _missing(v) else v for v in row] for row in frame.itertuples(index=False, name=None))
    return csv_bytes([str(c) for c in frame.columns], rows, locale if locale in ("fr", "en") else "fr")


def _missing(value: object) -> bool:
    try:
        return value is pd.NaT or (not isinstance(value, (list, tuple, str)) and bool(pd.isna(value)))
    except (TypeError, ValueError):
        return False
