"""Highlighting a draft: segments cover the text exactly, and Markdown never lets user text act."""

from __future__ import annotations

import re

from charter import Checker
from charter.highlight import escape_markdown, highlighted_markdown, segments

checker = Checker(confidential_terms=["Projet Brioche"])


def test_segments_put_the_text_back_together_and_mark_findings():
    text = "Il paraît que le Projet Brioche sort, écrivez à julie.martin@gmail.com !"
    result = checker.check(text)
    parts = segments(text, result.findings)
    assert "".join(p.text for p in parts) == text
    marked = [(p.text, p.finding, p.severity) for p in parts if p.finding]
    assert marked == [("Il paraît que", 1, "warn"), ("Projet Brioche", 2, "block"),
                      ("julie.martin@gmail.com", 3, "block")]


def test_overlapping_findings_do_not_repeat_text():
    result = checker.check("Il paraît que ces abrutis bande de nuls")
    parts = segments(result.text, result.findings)
    assert "".join(p.text for p in parts) == result.text


def test_escaped_markdown_has_no_live_markup():
    hostile = "<img src=x onerror=alert(1)> **bold** [link](javascript:alert(1)) :red[x] $x^2$ `code` # title"
    escaped = escape_markdown(hostile)
    assert "<" not in escaped.replace("\\<", "")
    assert not re.search(r"(?<!\\)[*_`\[\]$#:]", escaped)


def test_leading_spaces_cannot_make_a_code_block_and_newlines_stay_lines():
    escaped = escape_markdown("    indented\nnext")
    assert escaped.startswith("\u00a0" * 4) and "  \n" in escaped


def test_control_characters_are_replaced():
    assert "\x1b" not in escape_markdown("a\x1b[31mb\u202e")


def test_highlighted_markdown_colours_by_severity():
    text = "Projet Brioche, il paraît que"
    md = highlighted_markdown(text, checker.check(text).findings)
    assert md.startswith(":red-background[Projet Brioche]")
    assert ":orange-background[il paraît que]" in md


def test_spaces_inside_a_line_stay_plain_spaces():
    text = "Il paraît que  le Projet Brioche"
    md = highlighted_markdown(text, checker.check(text).findings)
    assert "\u00a0" not in md
    assert highlighted_markdown("  indented", ()) == "\u00a0\u00a0indented"
