"""Cells that open safely in Excel and LibreOffice: no formulas, numbers stay numbers, the locale's marks."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exports.cells import BOM, FORMULA_STARTS, cell, csv_bytes, safe_text


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil","x")', "@SUM(1)", "-2+3", "+33 6 12 34 56 78",
                                  "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"])
def test_text_that_could_run_as_a_formula_is_neutralised(text):
    assert safe_text(text) == "'" + text.replace("\x00", "")
    assert cell(text, "fr").startswith("'")


def test_numbers_stay_numbers_even_when_negative():
    assert cell(-2, "fr") == "-2"
    assert cell(-1.5, "fr") == "-1,50"
    assert cell(1.5, "en") == "1.50"
    assert cell(1234567, "en") == "1234567"
    assert cell(float("nan"), "fr") == ""


def test_ordinary_text_is_left_as_it_is():
    assert cell("Qualité : nos engagements", "fr") == "Qualité : nos engagements"
    assert cell("a=b", "en") == "a=b"


def test_control_characters_are_removed_and_huge_cells_cut():
    assert safe_text("a\x00b\x07c") == "abc"
    assert len(safe_text("x" * 100_000)) == 32_000


def read(data: bytes, separator: str) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text.removeprefix(BOM)), delimiter=separator))


def test_french_files_use_semicolons_and_decimal_commas():
    data = csv_bytes(["titre", "valeur"], [["Brioche; et flan", 12.5]], "fr")
    assert data.startswith(BOM.encode("utf-8"))
    assert read(data, ";") == [["titre", "valeur"], ["Brioche; et flan", "12,50"]]
    assert b"\r\n" in data


def test_english_files_use_commas_and_decimal_points():
    assert read(csv_bytes(["title", "value"], [["Brioche, flan", 12.5]], "en"), ",") == [
        ["title", "value"], ["Brioche, flan", "12.50"]]


@given(st.text(max_size=200))
def test_no_text_cell_ever_starts_like_a_formula(text):
    written = read(csv_bytes(["h"], [[text]], "fr"), ";")[1][0]
    assert not written.startswith(FORMULA_STARTS)
