"""The brand-aimed pass folded into the whole-text pass gives the rows the two passes gave."""

from __future__ import annotations

import random

from ambassade.text.terms import TermMatcher
from scoring.batch import resolve_lang, score_many, score_one
from scoring.sentiment import MAX_SCORED_CHARS, score_brand, score_text

MATCHER = TermMatcher(["Lemoine", "Maison Lemoine", "@maisonlemoine"], ["Lemoine Immobilier"])
LANGUAGES = ("fr", "en")

CLAUSES = [
    "Maison Lemoine qui ne répond plus aux messages", "Toujours pas remboursé par Lemoine",
    "Still no refund from Lemoine", "Lemoine is GREAT!!! :)", "the bread at Lemoine was not good",
    "Il fait beau aujourd'hui", "I love this city", "le flan de #LemoineGate est immonde",
    "Lemoine, pourquoi vous ne répondez pas ?", "Sick all night after the flan",
    "Aucune réponse de @maisonlemoine", "Lemoine Immobilier vend un studio", "bof", "",
    "Super accueil chez lemoine, merci", "What a terrible day", "Lemoine needs to explain",
]


def corpus(n: int = 1_500, seed: int = 3) -> list[tuple[str, str | None]]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = rnd.sample(CLAUSES, rnd.randint(1, 3))
        glue = rnd.choice([". ", "! ", "\n", " ", "… "])
        text = glue.join(parts) + rnd.choice(["", ".", " ?", "\n"])
        out.append((text, rnd.choice([None, None, "fr", "en", "de", "EN"])))
    out.append(("Lemoine " * (MAX_SCORED_CHARS // 4), None))           # cut at the limit
    out.append(("Lemoine est nul." + " x" * MAX_SCORED_CHARS, "fr"))
    return out


def two_passes(text: str, lang: str | None) -> tuple:
    """What each mention got before: the whole text scored, then the brand sentences again."""
    lang = resolve_lang(text, lang, LANGUAGES)
    return lang, score_text(text, lang), score_brand(text, lang, MATCHER)


def test_one_pass_gives_the_rows_two_passes_gave_on_a_mixed_corpus():
    items = corpus()
    assert [score_one(text, lang, LANGUAGES, MATCHER) for text, lang in items] == [
        two_passes(text, lang) for text, lang in items]
    # Some one-sentence brand posts took the shortcut, some multi-sentence ones did not.
    assert any(score_brand(t, "fr", MATCHER) is not None and "." not in t.strip(".") for t, _ in items)


def test_the_batch_form_gives_the_same_rows_in_order():
    items = corpus(300, seed=9) * 2
    assert score_many(items, LANGUAGES, MATCHER, workers=1) == [two_passes(t, lang) for t, lang in items]
