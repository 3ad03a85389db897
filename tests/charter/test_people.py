"""A person named in a complaint is a respect block; a person thanked by name is fine."""

from __future__ import annotations

import pytest

from ambassade.text.folding import fold_text
from charter import Checker
from charter.people import named_people


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(brand_name="Maison Lemoine", brand_terms=["Lemoine", "@maisonlemoine"])


def names(text: str) -> list[str]:
    folded = fold_text(text)
    return [text[slice(*folded.span(s, e))] for s, e, _ in named_people(folded)]


@pytest.mark.parametrize("text, name", [
    ("Mon chef Paul est nul", "Paul"),
    ("Notre directeur Marc Dubreuil est incompétent", "Marc Dubreuil"),
    ("La nouvelle collègue, Inès, est une vraie incapable", "Inès"),
    ("Mon N+1 Thomas est de mauvaise foi", "Thomas"),
    ("Encore une fois Kevin n'a pas fait la mise en place", "Kevin"),
    ("Merci Nathalie pour ce planning", "Nathalie"),
    ("My manager Steve is a joke", "Steve"),
    ("Franchement @julien_b tu es le pire", "@julien_b"),
])
def test_people_are_found_where_the_sentence_treats_a_word_as_a_person(text, name):
    assert name in names(text)


@pytest.mark.parametrize("text", ["Il est nul", "mon chef paul est nul", "Le PDG est parti",
                                  "Les clients de Lyon sont nuls", "Elle n'a pas aimé"])
def test_pronouns_lower_case_words_and_acronyms_are_not_people(text):
    assert names(text) == []


@pytest.mark.parametrize("draft, evidence", [
    ("Mon chef Paul est nul, il change le planning sans prévenir.", "Paul"),
    ("Ma responsable Sandrine nous parle comme à des chiens.", "Sandrine"),
    ("Franchement @julien_b tu es le pire manager que j'aie eu.", "@julien_b"),
    ("Our shift lead Karen is hopeless, can't even count the till.", "Karen"),
])
def test_a_person_named_in_a_complaint_blocks(checker, draft, evidence):
    result = checker.check(draft)
    named = [f for f in result.findings if f.clause == "respect" and f.evidence == evidence]
    assert named and named[0].severity == "block" and not result.ok
    assert draft[named[0].start:named[0].end] == evidence


@pytest.mark.parametrize("draft", [
    "Bravo à ma cheffe Sandrine pour son énergie pendant le rush de Noël !",
    "Merci Paul pour ta patience avec les apprentis.",
    "Huge thanks to @dave_kitchen for covering my shift on Sunday.",
])
def test_a_person_thanked_by_name_is_fine(checker, draft):
    assert checker.check(draft).findings == ()


def test_the_brands_own_handle_is_not_a_colleague(checker):
    result = checker.check("@maisonlemoine est nul ce matin, le site ne marche pas")
    assert [f.evidence for f in result.findings if f.check == "named-in-complaint"] == []


def test_hostile_text_of_capitals_and_handles_stays_bounded(checker):
    draft = ("Merci Paul " * 5000 + "@a " * 5000 + "Mon chef Paul est nul. " * 1000)[:100_000]
    result = checker.check(draft)
    assert any(f.check == "named-in-complaint" for f in result.findings)
    assert all(draft[f.start:f.end] == f.evidence for f in result.findings)
