"""one_line(): every error shown to a user is one line, whatever the exception carries."""

from __future__ import annotations

import pytest

from ambassade.errors import InputError, StoreError, one_line
from tests.ambassade.test_cli import assert_one_line_error, invoke


def test_newlines_and_runs_of_spaces_collapse():
    assert one_line(ValueError("Catalog Error: no table\n\nLINE 1: SELECT *\n   ^")) == \
        "Catalog Error: no table LINE 1: SELECT * ^"


def test_text_is_cut_to_the_limit():
    assert one_line("x" * 900) == "x" * 500
    assert one_line("abc def", limit=3) == "abc"


@pytest.mark.parametrize("empty", [StoreError(), StoreError(" \n ")])
def test_an_empty_message_gives_the_class_name(empty: BaseException):
    assert one_line(empty) == "StoreError"


def test_plain_text_is_accepted():
    assert one_line("  a\tb\r\nc ") == "a b c"
    assert one_line("") == ""


def test_a_multi_line_error_reaches_stderr_as_one_line(monkeypatch):
    from ambassade.commands import privacy

    def fail(**kwargs):
        raise InputError("first line\nsecond line")

    monkeypatch.setattr(privacy.purge, "callback", fail)
    assert_one_line_error(invoke("purge"), "first line second line")


def test_store_errors_from_duckdb_are_one_line(db):
    with pytest.raises(StoreError) as caught:
        db._rows("SELECT * FROM no_such_table")
    assert "\n" not in str(caught.value) and "no_such_table" in str(caught.value)
