"""The content library: proposed -> approved -> expired | rejected; only approved, unexpired items offered."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ambassade.errors import InputError
from collectors.urls import canonical_url
from store.library import decide, decisions, library_items, offered_content
from store.programme import Content, content_library, upsert_content

NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)


def item(path: str, **kw) -> Content:
    url = f"https://www.maisonlemoine.fr/{path}"
    return Content(url, canonical_url(url), path.title(), **kw)


@pytest.fixture
def library(db):
    with db.transaction():
        upsert_content(db, [item("a", tags=("recettes",)), item("b"), item("c"), item("d")], NOW)
    return db


def ids(items) -> list[str]:
    return sorted(i.canonical_url.rsplit("/", 1)[1] for i in items)


def test_new_items_are_proposed_and_never_offered(library):
    assert {i.state for i in library_items(library, NOW)} == {"proposed"}
    assert offered_content(library, NOW) == []
    assert content_library(library, now=NOW).empty
    assert [d.state for d in decisions(library, item("a").id)] == ["proposed"]


def test_only_approved_unexpired_items_are_offered(library):
    a, b, c, d = (item(x).id for x in "abcd")
    with library.transaction():
        decide(library, a, "approved", "Agnès", None, NOW)
        decide(library, b, "approved", "Agnès", "offre d'emploi", NOW, expires_at=NOW + timedelta(days=2))
        decide(library, c, "rejected", "Agnès", "hors ligne éditoriale", NOW)
    assert ids(offered_content(library, NOW + timedelta(days=1))) == ["a", "b"]
    later = NOW + timedelta(days=3)
    assert ids(offered_content(library, later)) == ["a"]
    assert {i.canonical_url[-1]: i.state for i in library_items(library, later)} == {
        "a": "approved", "b": "expired", "c": "rejected", "d": "proposed"}
    assert list(content_library(library, now=later)["title"]) == ["A"]


def test_every_decision_says_who_when_and_why(library):
    a = item("a").id
    with library.transaction():
        decide(library, a, "approved", "Agnès", "bon contenu", NOW, findings=[{"clause": "x"}])
        decide(library, a, "expired", "Agnès", "plus d'actualité", NOW + timedelta(days=1))
    trail = [(d.state, d.decided_by, d.why, d.at) for d in decisions(library, a)]
    assert trail[1:] == [("approved", "Agnès", "bon contenu", NOW),
                         ("expired", "Agnès", "plus d'actualité", NOW + timedelta(days=1))]
    assert decisions(library, a)[1].findings == [{"clause": "x"}]
    assert offered_content(library, NOW + timedelta(days=1)) == []


@pytest.mark.parametrize("first, then, message", [
    ("rejected", "expired", "is rejected: it cannot be expired"),
    ("approved", "approved", "is approved: it cannot be approved"),
    (None, "expired", "is proposed: it cannot be expired"),
])
def test_transitions_that_make_no_sense_are_refused(library, first, then, message):
    a = item("a").id
    if first:
        with library.transaction():
            decide(library, a, first, "Agnès", "raison", NOW)
    with pytest.raises(InputError, match=message):
        decide(library, a, then, "Agnès", "raison", NOW)


def test_a_decision_needs_a_who_and_a_rejection_a_why(library):
    a = item("a").id
    with pytest.raises(InputError, match="who decides"):
        decide(library, a, "approved", "  ", None, NOW)
    with pytest.raises(InputError, match="why it is rejected"):
        decide(library, a, "rejected", "Agnès", "", NOW)
    with pytest.raises(InputError, match="no content"):
        decide(library, "content:nope", "approved", "Agnès", None, NOW)
    with pytest.raises(InputError, match="expiry is in the past"):
        decide(library, a, "approved", "Agnès", None, NOW, expires_at=NOW - timedelta(days=1))
    assert [d.state for d in decisions(library, a)] == ["proposed"]


def test_a_known_url_keeps_its_state_when_the_feed_brings_it_again(library):
    a = item("a").id
    with library.transaction():
        decide(library, a, "rejected", "Agnès", "non", NOW)
        assert upsert_content(library, [item("a")], NOW) == 0
    assert [i.state for i in library_items(library, NOW) if i.id == a] == ["rejected"]
