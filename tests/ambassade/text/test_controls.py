"""Internet text made safe to print and show: escapes, controls and bidi overrides removed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ambassade.text.controls import clean_id, safe_display


@pytest.mark.parametrize("hostile, clean", [
    ("a\x1b]0;owned\x07b", "ab"),                        # OSC: window title
    ("a\x1b]8;;http://evil/\x1b\\b", "ab"),               # OSC 8 hyperlink, ST-terminated
    ("a\x1b[2J\x1b[1;31mb", "ab"),                        # CSI: erase, colour
    ("a\x9b31mb\x9d0;t\x07", "ab"),                       # 8-bit CSI and OSC
    ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),                   # DCS (sixel)
    ("a\x00\x08\x7f\x85b", "ab"),                         # C0, DEL, C1 (NEL)
    ("invoice\u202egpj.exe", "invoicegpj.exe"),           # RLO
    ("a\u2066b\u2069\u200f", "ab"),                       # isolates, RLM
])
def test_ids_lose_every_escape_control_and_bidi_control(hostile, clean):
    assert clean_id(hostile) == clean
    assert safe_display(hostile) == clean


def test_display_text_keeps_its_lines_and_tabs_and_other_scripts():
    text = "Titre\n\tcorps — שלום, مرحبا, 東京 🥐"
    assert safe_display(text) == text
    assert clean_id("a\nb\tc") == "abc"


def test_an_escape_left_open_takes_nothing_it_should_not():
    assert clean_id("a\x1b]0;never closed") == "a"
    assert safe_display("a\x1b") == "a"


def test_huge_hostile_input_is_linear():
    text = ("\x1b[" + "1;" * 50_000 + "x") * 20 + "\u202e" * 100_000
    assert safe_display(text) == ""


def _three_passes(pattern, value: str) -> str:
    from ambassade.text import controls
    return controls._BIDI.sub("", pattern.sub("", controls._ESCAPES.sub("", value)))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from("a \t\n\x1b]0;[2J\x07\x9b\x9d\x85\u202e\u200f\u061c\xa0"),
                                  st.characters()), max_size=30))
def test_printable_values_are_returned_as_the_three_passes_would_leave_them(value):
    # The shortcut (printable: returned as it is) must never keep what a pass would remove.
    from ambassade.text import controls
    assert clean_id(value) == _three_passes(controls._CONTROLS, value)
    if value:
        assert safe_display(value) == _three_passes(controls._CONTROLS_BUT_LINES, value)
