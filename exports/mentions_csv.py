"""The mention explorer's CSV: every filtered mention, written chunk by chunk, no formula ever run.

Cells go through `exports.cells` (the weekly files' rules: a text starting with "=", "+",
"-" or "@" is prefixed with an apostrophe; control characters removed; the locale's
separator and decimal mark), so a mention written to break a spreadsheet stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import BinaryIO

import pandas as pd

from exports.cells import BOM, LOCALES, cell, safe_text

COLUMNS = ("created_at", "source", "author", "lang", "label", "compound", "brand_compound", "text",
           "matched", "url")


def write_mentions_csv(chunks: Iterable[pd.DataFrame], out: BinaryIO, header: Sequence[str],
                       locale: str = "fr", labels: dict[str, str] | None = None) -> int:
    """Write the header then every chunk's rows to `out`; returns the number of rows written.

    `header` names COLUMNS in the reader's language; `labels` words the sentiment codes."""
    separator, _ = LOCALES[locale]
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    text.write(BOM)
    writer.writerow([safe_text(h) for h in header])
    written = 0
    for frame in chunks:
        for row in frame.loc[:, list(COLUMNS)].itertuples(index=False):
            values = [None if _missing(v) else v for v in row]
            values[0] = values[0].to_pydatetime() if values[0] is not None else None
            if labels and values[4] in labels:
                values[4] = labels[values[4]]
            writer.writerow([cell(v, locale) for v in values])
            written += 1
    text.flush()
    text.detach()
    return written


def _missing(value: object) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
