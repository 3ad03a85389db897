"""CSV for spreadsheets: UTF-8 with BOM, the locale's separator and decimal mark, no formulas.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return could run as a
formula in Excel or LibreOffice (OWASP "CSV injection"): it is prefixed with an apostrophe,
which spreadsheets show as text. Numbers are written as numbers, so they stay numbers.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LOCALES = {"fr": (";", ","), "en": (",", ".")}   # (field separator, decimal mark)
BOM = "\ufeff"
MAX_CELL_CHARS = 32_000          # Excel's cell limit is 32,767 characters


def safe_text(value: str) -> str:
    """Text that no spreadsheet runs as a formula; control characters other than newline removed."""
    text = "".join(ch for ch in value if ch == "\n" or ch == "\t" or ch == "\r" or ch >= " ")
    text = text[:MAX_CELL_CHARS]
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: object, locale: str) -> str:
    """One value as the text of its cell in `locale`."""
    _, decimal = LOCALES[locale]
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("oui" if value else "non") if locale == "fr" else ("yes" if value else "no")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return f"{value:.2f}".replace(".", decimal)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return safe_text(str(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]], locale: str) -> bytes:
    """The whole file: BOM, header row, data rows; CRLF line ends as Excel writes them."""
    separator, _ = LOCALES[locale]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([safe_text(h) for h in header])
    for row in rows:
        writer.writerow([cell(v, locale) for v in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
