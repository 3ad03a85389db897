"""The shipped lexicon files are well formed, within VADER's scale, and credited."""

from __future__ import annotations

from importlib import resources

import pytest

DATA = resources.files("scoring").joinpath("data")


@pytest.mark.parametrize("name", ["fr_lexicon.tsv", "fr_social.tsv", "emoji_valence.tsv", "emoji_social.tsv"])
def test_valence_files_have_two_columns_in_range(name):
    seen = set()
    for number, line in enumerate(DATA.joinpath(name).read_text("utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        word, value = line.split("\t")
        assert word and word == word.strip(), (name, number)
        assert -4.0 <= float(value) <= 4.0, (name, number)
        assert word not in seen, (name, number, word)
        seen.add(word)
    assert len(seen) > 20


def test_every_data_file_is_credited_in_the_notice():
    notice = DATA.joinpath("NOTICE.md").read_text("utf-8")
    for entry in DATA.iterdir():
        if entry.name != "NOTICE.md":
            assert entry.name in notice, entry.name
    assert "PDDL" in notice and "MIT" in notice


def test_lexicon_knows_common_french_sentiment_words():
    from scoring.french import lexicon

    words, emoji = lexicon()
    for word in ("génial", "nul", "déçu", "parfait", "horrible", "merci"):
        assert word in words
    assert "est" not in words and "pas" not in words  # function words carry no sentiment
    assert emoji["😍"] > 0 > emoji["😡"]
