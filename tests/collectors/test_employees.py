"""Employee shares: opted-in handles only, kept posts only, shares recorded with their rows."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from ambassade.errors import MissingCredentials
from ambassade.text.terms import TermMatcher
from collectors.base import lookups, run_collector
from collectors.employees import EmployeeSharesCollector, from_settings, link_host_of
from collectors.urls import canonical_url
from collectors.x import XCollector, make_client
from store.programme import (Content, Employee, ShareLink, insert_share_links, load_programme, upsert_content,
                             upsert_employees)
from tests.collectors.conftest import make_settings, payload

SEARCH = "https://api.twitter.com/2/tweets/search/recent"
OPTED_IN = datetime(2026, 11, 1, tzinfo=timezone.utc)
BLOG = "https://www.maison-lemoine.fr/blog/levain"
PAIN = "https://www.maison-lemoine.fr/blog/pain"


@pytest.fixture
def programme_store(store):
    blog = Content(BLOG, canonical_url(BLOG), "Le levain")
    pain = Content(PAIN, canonical_url(PAIN), "Le pain")
    with store.transaction() as con:
        upsert_employees(con, [
            Employee("emp:claire", "Claire", "Marketing", OPTED_IN, {"x": "@Claire_M"}),
            Employee("emp:paul", "Paul", "Vente", OPTED_IN, {"x": "paul_v"},
                     withdrawn_at=datetime(2026, 11, 10, tzinfo=timezone.utc)),
        ])
        upsert_content(con, [blog, pain])
        insert_share_links(con, [ShareLink("Kx7pQ2", "emp:claire", pain.id, "x", OPTED_IN)])
    return store


@pytest.fixture
def x_api():
    asked: list[str] = []

    def answer(request):
        query = parse_qs(urlsplit(request.url).query)["query"][0]
        asked.append(query)
        return 200, {}, payload("x", "search_recent__employee_claire.json").decode()

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(responses.GET, SEARCH, callback=answer)
        yield asked


def collector(store) -> EmployeeSharesCollector:
    matcher = TermMatcher(["Lemoine"])
    programme = load_programme(store, link_host="go.maison-lemoine.fr")
    x = XCollector(make_client("token"), [], matcher, budget=1000)
    return EmployeeSharesCollector(programme, matcher, x=x)


def test_withdrawn_employees_are_never_searched(programme_store, x_api):
    shares = collector(programme_store)
    assert shares.partitions() == ["x:claire_m"]
    run_collector(shares, programme_store)
    assert x_api == ["from:claire_m -is:retweet"]


def test_keeps_only_posts_with_content_code_or_brand_term(programme_store, x_api):
    stats = run_collector(collector(programme_store), programme_store)
    kept = [r[0] for r in programme_store._rows("SELECT id FROM mentions ORDER BY id")]
    assert kept == ["x:1862100000000000003", "x:1862100000000000004", "x:1862100000000000005"]
    assert stats.skipped == 2      # the private post and the one from before opting in
    assert programme_store._rows("SELECT count(*) FROM mentions WHERE text LIKE '%chat%'") == [(0,)]


def test_records_shares_by_content_url_and_by_code(programme_store, x_api):
    run_collector(collector(programme_store), programme_store)
    shares = programme_store._rows(
        "SELECT s.mention_id, s.employee_id, c.url, s.code FROM shares s "
        "JOIN content c ON c.id = s.content_id ORDER BY s.mention_id")
    assert shares == [
        ("x:1862100000000000004", "emp:claire", PAIN, "Kx7pQ2"),
        ("x:1862100000000000005", "emp:claire", BLOG, None),   # utm_* and case stripped
    ]


def test_reads_count_against_the_x_budget(programme_store, x_api):
    from store import state

    run_collector(collector(programme_store), programme_store)
    assert state.reads_this_month(programme_store, "x") == 5


def test_second_run_adds_nothing_and_cursor_is_per_handle(programme_store, x_api):
    run_collector(collector(programme_store), programme_store)
    again = run_collector(collector(programme_store), programme_store)
    assert again.items == 0
    assert programme_store._rows("SELECT source, query FROM cursors") == [("shares", "x:claire_m")]


def test_without_any_key_the_source_is_skipped_with_what_to_set(programme_store):
    with pytest.raises(MissingCredentials, match="X_BEARER_TOKEN or REDDIT_CLIENT_ID"):
        from_settings(make_settings(), lookups(programme_store))


def test_link_host_comes_from_links_base_url():
    assert link_host_of(make_settings('[links]\nbase_url = "https://Go.Example.fr/"\n')) == "go.example.fr"
    assert link_host_of(make_settings()) is None


def test_reddit_handles_read_the_users_newest_posts(store, httpserver, monkeypatch):
    import json
    import re

    from collectors.reddit import RedditCollector, make_reddit

    def thing(kind, id36, text, created):
        data = {"id": id36, "name": f"{kind}_{id36}", "author": "claire_m", "score": 2,
                "author_fullname": "t2_claire", "created_utc": created, "subreddit": "france",
                "permalink": f"/r/france/comments/{id36}/x/", "num_comments": 0}
        data.update({"title": text, "selftext": ""} if kind == "t3" else
                    {"body": text, "link_id": "t3_zzz", "parent_id": "t3_zzz"})
        return {"kind": kind, "data": data}

    created = OPTED_IN.timestamp() + 3600
    answers = {
        "submitted": [thing("t3", "s2", "Fière de Lemoine", created + 2),
                      thing("t3", "s1", "Mes vacances", created + 1)],
        "comments": [thing("t1", "c1", "Lisez https://www.maison-lemoine.fr/blog/levain/", created)],
    }
    seen: list[str] = []

    def listing(request):
        from werkzeug import Response

        seen.append(request.path)
        kind = "comments" if request.path.rstrip("/").endswith("/comments") else "submitted"
        body = {"kind": "Listing", "data": {"after": None, "children": answers[kind]}}
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/api/v1/access_token", method="POST").respond_with_data(
        payload("reddit", "access_token.json"), content_type="application/json")
    httpserver.expect_request(re.compile(r"^/user/claire_m/.*")).respond_with_handler(listing)
    url = httpserver.url_for("/").rstrip("/")
    with store.transaction() as con:
        upsert_employees(con, [Employee("emp:claire", "Claire", "Marketing", OPTED_IN,
                                        {"reddit": "Claire_M"})])
        upsert_content(con, [Content(BLOG, canonical_url(BLOG), "Le levain")])
    settings = make_settings(f'[reddit]\noauth_url = "{url}"\nreddit_url = "{url}"\n')
    matcher = TermMatcher(["Lemoine"])
    reddit = RedditCollector(make_reddit(settings, "id", "secret"), [], [], matcher)
    shares = EmployeeSharesCollector(load_programme(store), matcher, reddit=reddit)
    assert shares.partitions() == ["reddit:claire_m", "reddit-comments:claire_m"]
    stats = run_collector(shares, store)
    assert [r[0] for r in store._rows("SELECT id FROM mentions ORDER BY id")] == [
        "reddit:t1_c1", "reddit:t3_s2"]
    assert store._rows("SELECT mention_id FROM shares") == [("reddit:t1_c1",)]
    assert stats.skipped == 1 and len(seen) == 2


def test_withdrawal_during_a_run_stops_collection_at_once(programme_store, x_api):
    from store.programme import Employee, is_enrolled, upsert_employees

    shares = collector(programme_store)

    def withdrawn_now(employee_id: str) -> bool:
        with programme_store.transaction() as con:
            upsert_employees(con, [Employee("emp:claire", "Claire", "Marketing", OPTED_IN,
                                            {"x": "@Claire_M"},
                                            withdrawn_at=datetime(2026, 11, 23, tzinfo=timezone.utc))])
            return is_enrolled(con, employee_id)

    shares.still_enrolled = withdrawn_now
    run_collector(shares, programme_store)
    assert x_api == [] and programme_store._rows("SELECT count(*) FROM mentions") == [(0,)]


def test_mastodon_handles_read_the_public_profile_feed(store, httpserver):
    from collectors.employees import mastodon_feed_url

    from tests.collectors.conftest import feed_handler

    httpserver.expect_request("/@claire.rss").respond_with_handler(
        feed_handler(payload("rss", "mastodon_profile.rss"), headers={"ETag": '"m1"'}))
    with store.transaction() as con:
        upsert_employees(con, [Employee("emp:claire", "Claire", "Marketing", OPTED_IN,
                                        {"mastodon": "@Claire@piaille.fr"})])
        upsert_content(con, [Content(BLOG, canonical_url(BLOG), "Le levain")])
    programme = load_programme(store)
    assert mastodon_feed_url("claire@piaille.fr") == "https://piaille.fr/@claire.rss"
    shares = EmployeeSharesCollector(programme, TermMatcher(["Lemoine"]), feed_urls={
        "mastodon": lambda handle: httpserver.url_for("/@claire.rss")})
    assert shares.partitions() == ["mastodon:claire@piaille.fr"]
    first = run_collector(shares, store)
    second = run_collector(shares, store)
    assert [r[0] for r in store._rows("SELECT id FROM mentions ORDER BY id")] == [
        "mastodon:piaille.fr/@claire/113500000000000002",
        "mastodon:piaille.fr/@claire/113500000000000003"]
    assert store._rows("SELECT mention_id FROM shares") == [
        ("mastodon:piaille.fr/@claire/113500000000000003",)]
    assert (first.skipped, second.pages) == (1, 0)          # the 304 stores nothing
    assert httpserver.log[1][0].headers["If-None-Match"] == '"m1"'


@pytest.mark.parametrize("handle", ["claire", "claire@", "@x@localhost", "a b@piaille.fr",
                                    "claire@piaille.fr/../evil", "claire@127.0.0.1"])
def test_odd_mastodon_handles_are_not_fetched(handle):
    from collectors.employees import mastodon_feed_url

    assert mastodon_feed_url(handle) is None


def test_bluesky_handles_map_to_the_public_profile_feed():
    from collectors.employees import bluesky_feed_url

    assert bluesky_feed_url("@claire.bsky.social") == "https://bsky.app/profile/claire.bsky.social/rss"
    assert bluesky_feed_url("claire/../../x") is None
