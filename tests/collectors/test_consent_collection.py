"""Consent rules at collection: a handle declared without the shares scope is never read, and a
withdrawal stops collection before the next page (real X client, requests answered locally)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from ambassade.text.terms import TermMatcher
from collectors.base import lookups, run_collector
from collectors.employees import EmployeeSharesCollector
from collectors.urls import canonical_url
from collectors.x import XCollector, make_client
from store.enrolment import Invitation, accept, invite, withdraw
from store.programme import Content, load_programme, upsert_content
from tests.collectors.conftest import payload

SEARCH = "https://api.twitter.com/2/tweets/search/recent"
OPTED_IN = datetime(2026, 11, 1, tzinfo=timezone.utc)
BLOG = "https://www.maison-lemoine.fr/blog/levain"


@pytest.fixture
def people(store):
    with store.transaction() as db:
        invite(db, [Invitation("emp:claire", "Claire", None, "Marketing", "fr"),
                    Invitation("emp:theo", "Théo", None, "Marketing", "fr")], "test", OPTED_IN)
        accept(db, "emp:claire", ["shares"], {"x": "claire_m"}, "dashboard:consent", OPTED_IN)
        # Théo declared his handle but chose coaching and being named, not shares.
        accept(db, "emp:theo", ["coaching", "named"], {"x": "theo_r"}, "dashboard:consent", OPTED_IN)
        upsert_content(db, [Content(BLOG, canonical_url(BLOG), "Le levain")])
    return store


def _pages() -> list[str]:
    """Claire's timeline in two pages: the recorded page, then the same posts shifted, with a next_token."""
    first = json.loads(payload("x", "search_recent__employee_claire.json"))
    first["meta"]["next_token"] = "page2"
    second = json.loads(payload("x", "search_recent__employee_claire.json"))
    for tweet in second["data"]:
        tweet["id"] = tweet["id"][:-1] + "9"
    second["meta"] = {"result_count": len(second["data"])}
    return [json.dumps(first), json.dumps(second)]


@pytest.fixture
def x_api():
    asked: list[dict] = []
    pages = _pages()

    def answer(request):
        query = parse_qs(urlsplit(request.url).query)
        asked.append(query)
        return 200, {}, pages[1] if "next_token" in query else pages[0]

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(responses.GET, SEARCH, callback=answer)
        yield asked


def _collector(store) -> EmployeeSharesCollector:
    matcher = TermMatcher(["Lemoine"])
    x = XCollector(make_client("token"), [], matcher, budget=1000)
    return EmployeeSharesCollector(load_programme(store), matcher, x=x,
                                   still_enrolled=lookups(store).is_enrolled)


def test_a_handle_declared_without_the_shares_scope_is_never_read(people, x_api):
    shares = _collector(people)
    assert shares.partitions() == ["x:claire_m"]
    run_collector(shares, people)
    assert all(q["query"] == ["from:claire_m -is:retweet"] for q in x_api)
    assert not any("theo" in str(q) for q in x_api)


def test_taking_the_shares_scope_away_mid_run_stops_that_handle(people, x_api):
    shares = _collector(people)
    with people.transaction() as db:
        accept(db, "emp:claire", ["coaching"], {"x": "claire_m"}, "dashboard:consent", OPTED_IN + timedelta(days=20))
    run_collector(shares, people)
    assert x_api == []


def test_withdrawal_stops_collection_before_the_next_page(people, x_api):
    shares = _collector(people)
    pages_done: list[int] = []

    def after_each_page(stats) -> None:
        pages_done.append(stats.pages)
        if stats.pages == 1:       # the employee withdraws on their page between two pages
            with people.transaction() as db:
                withdraw(db, "emp:claire", "dashboard:consent", datetime.now(timezone.utc))

    stats = run_collector(shares, people, progress=after_each_page)
    assert len(x_api) == 1 and "next_token" not in x_api[0]        # page 2 was never asked for
    assert pages_done == [1] and stats.pages == 1
    ids = [r[0] for r in people._rows("SELECT id FROM mentions ORDER BY id")]
    assert ids and all(not i.endswith("9") for i in ids)          # nothing of page 2


def test_without_withdrawal_both_pages_are_read(people, x_api):
    stats = run_collector(_collector(people), people)
    assert len(x_api) == 2 and stats.pages == 2
