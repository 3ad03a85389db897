"""Proposals and likes: only enrolled employees propose and like, once each and never their own;
the queue is ranked by (likes + 1) halved every 7 days; a decline carries a reason."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ambassade.errors import InputError
from store import proposals as P
from store.enrolment import Invitation, accept, invite, withdraw
from store.retention import erase_employee

NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)


@pytest.fixture
def people(db):
    with db.transaction() as tx:
        invite(tx, [Invitation(i, i.upper(), None, "t", "fr") for i in ("ana", "ben", "cat", "dan")], "test", NOW)
        for ident in ("ana", "ben", "cat"):
            accept(tx, ident, ["shares"], {}, "test", NOW)
    return db


def test_an_enrolled_employee_proposes_a_link_with_a_note_and_an_idea(people):
    link = P.propose_link(people, "ana", " https://example.org/blog/apprentis ", "  Nos apprentis  ", NOW)
    idea = P.propose_idea(people, "ana", "Un portrait par semaine ?", NOW)
    assert (link.kind, link.url, link.body, link.state, link.likes) == (
        "link", "https://example.org/blog/apprentis", "Nos apprentis", "pending", 0)
    assert (idea.kind, idea.url, idea.body) == ("idea", None, "Un portrait par semaine ?")
    assert [p.id for p in P.own_proposals(people, "ana", NOW)] == [idea.id, link.id]     # newest first


@pytest.mark.parametrize("who", ["dan", "nobody"])
def test_only_enrolled_employees_propose(people, who):
    with pytest.raises(InputError, match="not enrolled"):
        P.propose_idea(people, who, "Une idée", NOW)


def test_a_withdrawn_employee_no_longer_proposes_nor_likes(people):
    mine = P.propose_idea(people, "ana", "Une idée", NOW)
    withdraw(people, "ben", "test", NOW)
    with pytest.raises(InputError, match="not enrolled"):
        P.like(people, mine.id, "ben", NOW)
    assert P.colleagues_proposals(people, "cat", NOW)[0].id == mine.id
    withdraw(people, "ana", "test", NOW)
    assert P.colleagues_proposals(people, "cat", NOW) == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "https://", "example.org",
                                 "", "https://exa mple.org/", "https://example.org/" + "a" * 3000,
                                 "https://example.org/\x00"])
def test_a_link_that_is_not_http_is_refused(people, url):
    with pytest.raises(InputError):
        P.propose_link(people, "ana", url, None, NOW)
    assert P.queue(people, NOW) == []


@pytest.mark.parametrize("text", ["", "   ", "x" * 1001, "bonjour\x1b[31m"])
def test_an_empty_huge_or_hostile_idea_is_refused(people, text):
    with pytest.raises(InputError):
        P.propose_idea(people, "ana", text, NOW)


def test_an_idea_of_1000_characters_is_kept_whole(people):
    assert len(P.propose_idea(people, "ana", "é" * 1000, NOW).body) == 1000


def test_colleagues_like_once_each_and_never_their_own(people):
    mine = P.propose_idea(people, "ana", "Une idée", NOW)
    assert P.like(people, mine.id, "ben", NOW) is True
    assert P.like(people, mine.id, "ben", NOW) is False
    assert P.like(people, mine.id, "cat", NOW) is True
    with pytest.raises(InputError, match="own"):
        P.like(people, mine.id, "ana", NOW)
    with pytest.raises(InputError, match="not enrolled"):
        P.like(people, mine.id, "dan", NOW)
    with pytest.raises(InputError, match="no proposal"):
        P.like(people, 999, "ben", NOW)
    assert P.proposal(people, mine.id, NOW).likes == 2
    assert P.liked_by(people, "ben") == {mine.id}
    assert [p.id for p in P.colleagues_proposals(people, "ana", NOW)] == []
    assert [p.id for p in P.colleagues_proposals(people, "ben", NOW)] == [mine.id]


def test_the_queue_ranks_by_likes_and_freshness(people):
    old_liked = P.propose_idea(people, "ana", "Ancienne, aimée deux fois", NOW - timedelta(days=14))
    fresh = P.propose_idea(people, "ana", "Fraîche, sans like", NOW)
    fresh_liked = P.propose_idea(people, "ben", "Fraîche, aimée une fois", NOW)
    for who in ("ben", "cat"):
        P.like(people, old_liked.id, who, NOW)
    P.like(people, fresh_liked.id, "cat", NOW)
    ranked = P.queue(people, NOW)
    assert [p.id for p in ranked] == [fresh_liked.id, fresh.id, old_liked.id]
    # (likes + 1) * 0.5 ** (age days / 7)
    assert [round(p.rank, 6) for p in ranked] == [2.0, 1.0, 0.75]


def test_a_decline_needs_a_reason_that_the_proposer_sees(people):
    mine = P.propose_idea(people, "ana", "Une idée", NOW)
    with pytest.raises(InputError, match="why"):
        P.record_decision(people, mine.id, "declined", "Agnès", "  ", NOW)
    with pytest.raises(InputError, match="who"):
        P.record_decision(people, mine.id, "declined", " ", "trop tôt", NOW)
    with pytest.raises(InputError, match="cannot decide"):
        P.record_decision(people, mine.id, "deleted", "Agnès", "x", NOW)
    P.record_decision(people, mine.id, "declined", "Agnès", "Déjà prévu en mars", NOW)
    seen = P.own_proposals(people, "ana", NOW)[0]
    assert (seen.state, seen.why, seen.decided_by) == ("declined", "Déjà prévu en mars", "Agnès")
    with pytest.raises(InputError, match="already declined"):
        P.record_decision(people, mine.id, "approved", "Agnès", None, NOW)
    assert [p.id for p in P.queue(people, NOW, "declined")] == [mine.id]
    assert P.queue(people, NOW, "pending") == []
    with pytest.raises(InputError, match="unknown state"):
        P.queue(people, NOW, "rejected")


def test_erasure_removes_their_proposals_the_likes_on_them_and_the_likes_they_gave(people):
    mine = P.propose_idea(people, "ana", "Une idée", NOW)
    theirs = P.propose_idea(people, "ben", "Une autre", NOW)
    P.like(people, mine.id, "ben", NOW)
    P.like(people, theirs.id, "ana", NOW)
    P.like(people, theirs.id, "cat", NOW)
    with people.transaction() as tx:
        gone = erase_employee(tx, "ana")
    assert gone["proposals"] == 1 and gone["proposal_likes"] == 2
    assert [p.id for p in P.queue(people, NOW)] == [theirs.id]
    assert P.proposal(people, theirs.id, NOW).likes == 1
