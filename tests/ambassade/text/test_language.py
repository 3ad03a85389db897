"""Language detection among the configured languages, reliable on short posts."""

from __future__ import annotations

import pytest

from ambassade.text.language import detect_language


@pytest.mark.parametrize("text", ["Trop bien", "Merci !", "c'est pas top", "Bonjour à tous",
                                  "Le service client de Lemoine est vraiment au top",
                                  "bof bof", "génial ce resto"])
def test_short_french_posts(text):
    assert detect_language(text) == "fr"


@pytest.mark.parametrize("text", ["So good", "Thanks!", "not great", "love it",
                                  "The customer service at Lemoine was really helpful today"])
def test_short_english_posts(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "https://example.org @someone #tag", "1234 !!!"])
def test_empty_or_wordless_text_is_undecidable(text):
    assert detect_language(text) is None


def test_answer_is_always_one_of_the_allowed_languages():
    assert detect_language("Guten Morgen, wie geht es dir heute?", ("fr", "en")) in ("fr", "en")
    assert detect_language("Guten Morgen, wie geht es dir heute?", ("fr", "en", "de")) == "de"


def test_single_allowed_language_is_trusted():
    assert detect_language("hello there", ("fr",)) == "fr"


def test_mixed_language_post_gets_its_main_language():
    text = "Super soirée chez Lemoine hier soir, les croissants étaient délicieux. So good!"
    assert detect_language(text) == "fr"


def test_huge_and_hostile_input():
    assert detect_language("bonjour " * 500_000) == "fr"
    assert detect_language("\x00\x07<b>=SUM(A1)</b> merci beaucoup pour tout") == "fr"
