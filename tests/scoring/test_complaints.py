"""Complaints aimed at the brand count against it, in French and English; praise is left alone."""

from __future__ import annotations

import pytest

from ambassade.text.terms import TermMatcher
from scoring.sentiment import score_brand

MATCHER = TermMatcher(["Lemoine", "Maison Lemoine", "@maisonlemoine"])


@pytest.mark.parametrize("text, lang", [
    ("Acheté un flan hier, mal au ventre toute la nuit. Maison Lemoine doit communiquer", "fr"),
    ("Maison Lemoine qui ne répond plus aux messages", "fr"),
    ("Toujours pas remboursé par Lemoine", "fr"),
    ("Lemoine, pourquoi vous ne répondez pas ?", "fr"),
    ("Aucune réponse de @maisonlemoine depuis une semaine", "fr"),
    ("Still no refund from Lemoine", "en"),
    ("Lemoine not answering my emails", "en"),
    ("Sick all night after the flan. Lemoine needs to explain", "en"),
    ("Why is Lemoine silent about the recall?", "en"),
])
def test_complaints_aimed_at_the_brand_are_negative(text, lang):
    assert score_brand(text, lang, MATCHER) <= -0.05


@pytest.mark.parametrize("text, lang", [
    ("Quelqu'un a testé le flan de Lemoine ?", "fr"),
    ("Lemoine, quand ouvrez-vous à Bordeaux ?", "fr"),
    ("Lemoine ouvre à Lyon. Le métro était en panne.", "fr"),
    ("Has anyone tried the new Lemoine shop?", "en"),
])
def test_questions_and_unrelated_bad_news_are_not_complaints(text, lang):
    assert score_brand(text, lang, MATCHER) > -0.05


@pytest.mark.parametrize("text, lang", [
    ("Super croissant chez Lemoine. Le voisin est nul.", "fr"),
    ("Lemoine answered my email in ten minutes, great service", "en"),
])
def test_praise_stays_positive(text, lang):
    assert score_brand(text, lang, MATCHER) >= 0.05


def test_hostile_and_huge_text_is_scored_in_bounded_time():
    text = "Lemoine ne répond plus. " * 5000 + "\x00\u202e=cmd|' /C calc'!A0"
    assert -1.0 <= score_brand(text, "fr", MATCHER) <= 1.0
