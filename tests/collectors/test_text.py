"""Plain text from markup: tags, scripts, entities and control characters out, length capped."""

from __future__ import annotations

from collectors.text import clean_text, plain_text


def test_plain_text_removes_markup_scripts_and_control_characters():
    assert plain_text("<p>A &amp; B</p><script>x()</script>\x07<b>C</b>") == "A & B\nC"
    assert plain_text("x" * 500_000).__len__() == 40_000


def test_clean_text_collapses_spaces_and_keeps_line_breaks():
    assert clean_text("  a\xa0\t b \n\n c\u200b ") == "a b\nc"
