"""The explorer's CSV: every row of every chunk, formulas neutralised, the locale's separators."""

from __future__ import annotations

import csv
import io

import pandas as pd

from exports.mentions_csv import COLUMNS, write_mentions_csv


def chunk(n: int, start: int = 0, text: str = "ok") -> pd.DataFrame:
    return pd.DataFrame({
        "created_at": pd.to_datetime(["2026-11-20T10:00:00Z"] * n), "source": "x", "author": "a", "lang": "fr",
        "label": "negative", "compound": [0.5] * n, "brand_compound": [None] * n, "text": [text] * n,
        "matched": "Lemoine", "url": "https://x.example", "id": [f"x:{start + i}" for i in range(n)]})


def test_every_chunk_is_written_with_formulas_neutralised():
    out = io.BytesIO()
    header = [f"h{i}" for i in range(len(COLUMNS))]
    chunks = [chunk(3), chunk(2, 3, '=HYPERLINK("http://evil")'), chunk(1, 5, "+cmd|' /C calc'!A0")]
    assert write_mentions_csv(iter(chunks), out, header, "fr", {"negative": "négatif"}) == 6
    text = out.getvalue().decode("utf-8")
    assert text.startswith("\ufeffh0;h1")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 7
    assert rows[4][7] == "'=HYPERLINK(\"http://evil\")" and rows[6][7].startswith("'+cmd")
    assert rows[1][4] == "négatif" and rows[1][5] == "0,50" and rows[1][6] == ""


def test_english_uses_commas_and_points():
    out = io.BytesIO()
    write_mentions_csv([chunk(1)], out, list(COLUMNS), "en")
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8").lstrip("\ufeff"))))
    assert rows[1][5] == "0.50"
