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


def _texts(n: int) -> list[str]:
    import random

    rng = random.Random(17)
    words = ("le la pain café service est bon nul super très the good bad queue was so not "
             "Guten Morgen wie geht buenos días grazie mille éclair croissant brunch 123 😀 @x #y "
             "http://t.co/z ! ? TOP GREAT").split()
    return ["".join(rng.choice((" ", " ", "  ", ", ")) + rng.choice(words) for _ in range(rng.randint(0, 14)))
            for _ in range(n)]


@pytest.mark.parametrize("languages", [("fr", "en"), ("en", "fr"), ("fr", "en", "de")])
def test_the_quick_model_path_answers_as_py3langid(languages):
    """Between two languages the n-gram model is asked through a quicker path (walks remembered
    word by word, scores summed in Python floats): the answer is py3langid's own, also on the
    second pass over the same words, when the walks come from memory."""
    from ambassade.text.language import _identifier

    model = _identifier(languages)
    texts = _texts(3000)
    for _ in range(2):
        assert [model.classify(t) for t in texts] == [model.identifier.classify(t)[0] for t in texts]


def test_remembered_walks_stay_bounded(monkeypatch):
    import ambassade.text.language as language

    monkeypatch.setattr(language, "_WALKS_MAX", 100)
    model = language._identifier(("fr", "en"))
    for n in range(300):
        model.classify(f"mot{n} inconnu{n * 7} chez nous")
    assert len(model._walks) <= 100


def test_an_identifier_without_the_expected_internals_is_asked_directly():
    """The quick path reads py3langid 0.4's internals; another version's identifier is simply
    asked through its public classify()."""
    from ambassade.text.language import _Model

    class Plain:
        nb_classes = ["en", "fr"]

        def classify(self, text):
            return ("fr", 0.9)

    assert _Model(Plain()).classify("the good bread") == "fr"


def test_the_unpacked_model_kept_in_the_cache_answers_as_the_shipped_one(tmp_path, monkeypatch):
    """The first load keeps the configured languages' part of py3langid's model unpacked in the
    cache directory; the next process reads it there, and every answer is the same."""
    import ambassade.text.language as language

    monkeypatch.setenv(language.CACHE_ENV, str(tmp_path))
    shipped = language._identifier.__wrapped__(("fr", "en"))
    kept = list(tmp_path.glob("langid-*"))
    assert len(kept) == 1
    cached = language._identifier.__wrapped__(("fr", "en"))
    assert isinstance(cached.identifier, language._Deferred)   # py3langid itself not loaded yet
    assert cached.classes == tuple(shipped.identifier.nb_classes)
    texts = _texts(1000)
    assert [cached.classify(t) for t in texts] == [shipped.classify(t) for t in texts]
    # A near tie asks py3langid, built from the kept tables: its answers are the shipped model's.
    assert [cached.identifier.classify(t) for t in texts] == [shipped.identifier.classify(t) for t in texts]
    language._identifier.__wrapped__(("en", "fr"))   # the same tables: no second copy
    assert list(tmp_path.glob("langid-*")) == kept


def test_the_text_is_encoded_as_py3langid_encodes_it():
    from py3langid.langid import LanguageIdentifier

    from ambassade.text.language import _encode

    for text in [*_texts(500), "CAPITALS ONLY", "e\u0301té", "\ud800 lone", "", "ÉCOLE"]:
        assert _encode(text) == LanguageIdentifier._encode(text)


def test_a_damaged_cached_model_is_rebuilt_from_the_shipped_one(tmp_path, monkeypatch):
    import ambassade.text.language as language

    monkeypatch.setenv(language.CACHE_ENV, str(tmp_path))
    language._identifier.__wrapped__(("fr", "en"))
    kept = next(tmp_path.glob("langid-*"))
    kept.write_bytes(kept.read_bytes()[: 1000])   # cut short, as by a full disk
    model = language._identifier.__wrapped__(("fr", "en"))
    assert model.classify("le pain était vraiment bon ce matin") == "fr"
    assert kept.stat().st_size > 1_000_000   # written whole again


def test_a_cache_directory_that_cannot_be_written_only_costs_the_slower_load(tmp_path, monkeypatch):
    import ambassade.text.language as language

    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv(language.CACHE_ENV, str(blocked / "cache"))
    model = language._identifier.__wrapped__(("fr", "en"))
    assert model.classify("the bread was really good this morning") == "en"
    assert list(tmp_path.iterdir()) == [blocked]
