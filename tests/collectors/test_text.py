"""Plain text from markup: tags, scripts, entities and control characters out, length capped."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from collectors.text import clean_text, plain_text


def test_plain_text_removes_markup_scripts_and_control_characters():
    assert plain_text("<p>A &amp; B</p><script>x()</script>\x07<b>C</b>") == "A & B\nC"
    assert plain_text("x" * 500_000).__len__() == 40_000


def test_clean_text_collapses_spaces_and_keeps_line_breaks():
    assert clean_text("  a\xa0\t b \n\n c\u200b ") == "a b\nc"


def _clean_text_in_full(text: str) -> str:
    """Every pass of clean_text on every text (its shortcut for printable text skips some)."""
    import unicodedata

    from ambassade.text.controls import safe_display
    from collectors import text as module
    text = safe_display(unicodedata.normalize("NFC", text))
    text = module._CONTROL.sub(" ", text)
    text = module._SPACES.sub(" ", text)
    return module._NEWLINES.sub("\n", text).strip()[:module.MAX_TEXT_CHARS]


ODD = "ae \t\n\r\xa0\u2003\u200b\u2028\ufeff\x1b[2J\x9b\x07\u202e\u0301e\u0301\x85"


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(ODD), st.characters()), max_size=40))
@example("  deux  espaces  ")
@example("e\u0301 composé")                         # NFC first: the printable test is on its result
def test_the_printable_shortcut_cleans_text_as_every_pass_does(text):
    assert clean_text(text) == _clean_text_in_full(text)
