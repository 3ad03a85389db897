"""`fold`'s shortcuts (printable ASCII lowered; a few other characters looked up one by one)
give exactly what folding each character gives."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from ambassade.text.folding import fold, fold_text


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
@example("Lemoine's CROISSANTS `are` great ~ #Lemoine @MaisonLemoine 100%")
@example("tab\there, DEL\x7f, NUL\x00")         # ASCII but not printable
def test_ascii_folds_as_character_by_character(text):
    assert fold(text) == fold_text(text).folded


@given(st.text())
@example("L'ÉTÉ à Noël — ½ prix🥐café-crème, Straße, İstanbul, Prоjet, con\u200bnard")
@example("é" * 40 + " LEMOINE")                # many letters to look up: the table's single pass
@example("\ud800 lone surrogate")
def test_any_text_folds_as_character_by_character(text):
    assert fold(text) == fold_text(text).folded


def test_every_printable_ascii_character_folds_as_the_table_says():
    printable = "".join(chr(code) for code in range(0x20, 0x7F))
    assert fold(printable) == fold_text(printable).folded == printable.lower()
    assert fold("Crème ÉTÉ") == fold_text("Crème ÉTÉ").folded == "creme ete"
