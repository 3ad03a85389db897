"""How values are shown (dashboard/display.py): numbers in the reader's language."""

from __future__ import annotations

import pytest

from dashboard import display


@pytest.mark.parametrize("lang, share, shown", [
    ("fr", 0.00203, "0,2"),          # the overview's topics on a 10M store: not "0"
    ("en", 0.00203, "0.2"),
    ("fr", 0.000041, "0,004"),      # 0.0041 %
    ("en", 0.0149, "1"),
    ("fr", 0.25, "25"),
    ("en", 1.0, "100"),
    ("en", 0.0, "0"),
])
def test_a_samples_share_keeps_its_first_significant_digit(monkeypatch, lang, share, shown):
    monkeypatch.setattr(display, "lang", lambda: lang)
    assert display.sample_percent(share) == shown


@pytest.mark.parametrize("lang, change, shown", [
    ("fr", 0.25, "+25\u202f%"),     # French typography: a narrow space before the sign
    ("en", 0.25, "+25%"),
    ("en", 12.5, "+1,250%"),
    ("fr", 12.5, "+1\u202f250\u202f%"),
    ("fr", -0.5, "-50\u202f%"),
    ("en", 0.001, "0%"),
])
def test_a_topics_trend_is_signed_in_the_readers_language(monkeypatch, lang, change, shown):
    monkeypatch.setattr(display, "lang", lambda: lang)
    assert display.change_percent(change) == shown
