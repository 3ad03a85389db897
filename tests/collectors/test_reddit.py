"""Reddit collector: the real praw, read-only, against a local server on 127.0.0.1."""

from __future__ import annotations

import threading

import pytest
from werkzeug import Request, Response

from ambassade.errors import BadPayload, SourceError, SourceUnavailable
from ambassade.text.terms import TermMatcher
from collectors.base import run_collector
from collectors.reddit import (RedditCollector, RedditRssCollector, from_settings, make_reddit,
                               mention_from_thing, offline_reddit, things_from_listing)
from store import state
from store.mentions import insert_mentions
from tests.collectors.conftest import make_settings, payload

MATCHER = TermMatcher(["Lemoine", "#LemoineLife"])
SEARCH = "search:Lemoine"


class FakeReddit:
    """Answers the token grant and the listings from recorded payloads; logs every request."""

    def __init__(self, server) -> None:
        self.requests: list[Request] = []
        self.overrides: list[Response] = []
        self.later = False
        self.failing: Response | None = None       # every search answers this while set
        server.expect_request("/api/v1/access_token", method="POST").respond_with_data(
            payload("reddit", "access_token.json"), content_type="application/json")
        server.expect_request("/r/france/search/").respond_with_handler(self.search)
        server.expect_request("/r/france/comments/").respond_with_handler(self.comments)
        self.url = server.url_for("/").rstrip("/")

    def _json(self, name: str) -> Response:
        return Response(payload("reddit", name), content_type="application/json",
                        headers={"x-ratelimit-remaining": "95", "x-ratelimit-used": "5",
                                 "x-ratelimit-reset": "300"})

    def search(self, request: Request) -> Response:
        self.requests.append(request)
        if self.failing is not None:
            return self.failing
        if self.overrides:
            return self.overrides.pop(0)
        if request.args.get("after") == "t3_1h0aac":
            return self._json("search_new__page2.json")
        return self._json("search_new__newer.json" if self.later else "search_new__page1.json")

    def comments(self, request: Request) -> Response:
        self.requests.append(request)
        return self._json("comments_new.json")


@pytest.fixture
def fake(httpserver) -> FakeReddit:
    return FakeReddit(httpserver)


def settings_for(fake: FakeReddit, extra: str = ""):
    return make_settings(f'[reddit]\nqueries = ["Lemoine"]\nsubreddits = ["france"]\n'
                         f'comment_subreddits = ["france"]\noauth_url = "{fake.url}"\n'
                         f'reddit_url = "{fake.url}"\n' + extra)


def collector(fake: FakeReddit) -> RedditCollector:
    settings = settings_for(fake)
    return RedditCollector(make_reddit(settings, "id", "secret"), ["Lemoine"], ["france"],
                           MATCHER, ["france"])


def ids(store) -> list[str]:
    return [r[0] for r in store._rows("SELECT id FROM mentions ORDER BY id")]


def test_search_newest_first_over_pages_then_comments(fake, store):
    stats = run_collector(collector(fake), store)
    assert ids(store) == ["reddit:t1_lz0001", "reddit:t1_lz0003", "reddit:t3_1h0aaa",
                          "reddit:t3_1h0aab", "reddit:t3_1h0aac", "reddit:t3_1h0aad",
                          "reddit:t3_1h0aae"]
    first = fake.requests[0].args
    assert (first["q"], first["sort"], first["restrict_sr"], first["raw_json"]) == (
        "Lemoine", "new", "True", "1")
    assert fake.requests[1].args["after"] == "t3_1h0aac"
    assert stats.skipped == 1                  # the comment that names no brand term
    row = store._rows("SELECT text, author, url FROM mentions WHERE id = 'reddit:t3_1h0aae'")[0]
    assert row == ("MAISON LEMOINE à Lyon, ça vaut le coup ?\nOn y va samedi & vous ?",
                   "boulangerfan", "https://www.reddit.com/r/france/comments/1h0aae/slug/")
    assert state.load_cursor(store, "reddit", SEARCH) == {
        "created_utc": "1795915400.0", "fullname": "t3_1h0aae"}


def test_next_run_stops_at_the_high_water_mark(fake, store):
    run_collector(collector(fake), store)
    fake.later = True
    before = len(fake.requests)
    second = run_collector(collector(fake), store)
    assert "reddit:t3_1h0aaf" in ids(store) and second.items == 1
    assert len(fake.requests) - before == 2    # one search page, one comments page
    assert state.load_cursor(store, "reddit", SEARCH)["fullname"] == "t3_1h0aaf"


def test_stopped_run_resumes_from_after(fake, store, monkeypatch):
    monkeypatch.setattr("collectors.reddit.PAGE_ITEMS", 2)
    reddit = collector(fake)
    pages = reddit.pages(SEARCH, None)
    first = next(pages)                         # then the process "dies"
    pages.close()
    assert first.cursor.state == {"after": "t3_1h0aad", "run_created_utc": "1795915400.0",
                                  "run_fullname": "t3_1h0aae"}
    with store.transaction() as con:
        state.save_cursor(con, "reddit", SEARCH, first.cursor.state)
    rest = list(reddit.pages(SEARCH, type(first.cursor)("reddit", SEARCH, first.cursor.state)))
    assert any(r.args.get("after") == "t3_1h0aad" for r in fake.requests)
    assert rest[-1].cursor.state == {"created_utc": "1795915400.0", "fullname": "t3_1h0aae"}


@pytest.mark.parametrize("status, error", [(401, SourceError), (403, SourceError),
                                           (404, SourceError), (500, SourceUnavailable),
                                           (503, SourceUnavailable)])
def test_http_errors_become_source_errors(fake, store, status, error):
    fake.failing = Response('{"message": "err", "error": %d}' % status, status=status,
                            content_type="application/json")
    with pytest.raises(error):
        list(collector(fake).pages(SEARCH, None))
    stats = run_collector(collector(fake), store)
    assert state.load_cursor(store, "reddit", SEARCH) is None
    assert stats.errors >= 1


def test_429_defers_with_the_reset(fake, store):
    fake.overrides.append(Response("Too Many Requests", status=429,
                                   headers={"retry-after": "600", "x-ratelimit-reset": "600"}))
    stats = run_collector(collector(fake), store)
    assert stats.status == "deferred" and stats.retry_at is not None
    assert ids(store) == []


def test_truncated_json_is_a_bad_payload(fake):
    fake.overrides.append(Response(payload("reddit", "search_new__truncated.json"),
                                   content_type="application/json"))
    with pytest.raises(BadPayload):
        list(collector(fake).pages(SEARCH, None))


def test_timeout_is_source_unavailable(fake, httpserver):
    release = threading.Event()

    def slow(request):
        release.wait(10)                  # answers only after the client has given up
        return Response("{}", content_type="application/json")

    fake.overrides = []
    settings = settings_for(fake, "timeout_seconds = 1\n")
    httpserver.clear_all_handlers()
    httpserver.expect_request("/api/v1/access_token", method="POST").respond_with_data(
        payload("reddit", "access_token.json"), content_type="application/json")
    httpserver.expect_request("/r/france/search/").respond_with_handler(slow)
    reddit = RedditCollector(make_reddit(settings, "id", "secret"), ["Lemoine"], ["france"], MATCHER)
    try:
        with pytest.raises(SourceUnavailable, match="timed out"):
            list(reddit.pages(SEARCH, None))
    finally:
        release.set()


def test_without_a_key_reads_public_rss_slowly(httpserver, store, sleeps):
    httpserver.expect_request("/r/france/search.rss").respond_with_data(
        payload("reddit", "search.rss.xml"), content_type="application/atom+xml")
    httpserver.expect_request("/r/france/comments/.rss").respond_with_data(
        payload("reddit", "search.rss.xml"), content_type="application/atom+xml")
    settings = make_settings(f'[reddit]\nqueries = ["Lemoine"]\nsubreddits = ["france"]\n'
                             f'comment_subreddits = ["france"]\n'
                             f'reddit_url = "{httpserver.url_for("/").rstrip("/")}"\n')
    rss = from_settings(settings)
    assert isinstance(rss, RedditRssCollector) and "REDDIT_CLIENT_ID" in rss.notice
    run_collector(rss, store)
    assert ids(store) == ["reddit:t3_1h0aad", "reddit:t3_1h0aae"]
    assert store._rows("SELECT author, text FROM mentions WHERE id = 'reddit:t3_1h0aae'") == [
        ("boulangerfan", "MAISON LEMOINE à Lyon, ça vaut le coup ?\nOn y va samedi & vous ?")]
    assert sleeps and 9 <= sleeps[0] <= 10      # the second feed waited its turn
    assert httpserver.log[0][0].args["sort"] == "new"


def test_rss_fallback_can_be_disabled(monkeypatch):
    from ambassade.errors import MissingCredentials

    with pytest.raises(MissingCredentials, match="REDDIT_CLIENT_ID"):
        from_settings(make_settings("[reddit]\nrss_fallback = false\n"))


def test_praw_env_variables_count_as_a_key(monkeypatch):
    monkeypatch.setenv("praw_client_id", "abc")
    monkeypatch.setenv("praw_client_secret", "def")
    assert isinstance(from_settings(make_settings()), RedditCollector)


def test_parsers_kept_for_the_demo_builder():
    import json

    listing = json.loads(payload("reddit", "comments_new.json"))
    things = things_from_listing(offline_reddit(), listing)
    mentions = [mention_from_thing(t, MATCHER) for t in things]
    assert [m.native_id for m in mentions] == ["t1_lz0003", "t1_lz0002", "t1_lz0001"]


def test_public_rss_429_defers_reddit(httpserver, store):
    httpserver.expect_request("/search.rss").respond_with_data(
        "Too Many Requests", status=429, headers={"Retry-After": "300"})
    rss = RedditRssCollector(["Lemoine"], ["all"], MATCHER,
                             base_url=httpserver.url_for("/").rstrip("/"))
    stats = run_collector(rss, store)
    assert stats.status == "deferred" and len(httpserver.log) == 1
    assert ids(store) == []


def sparse_collector(fake: FakeReddit) -> RedditCollector:
    fake.overrides.append(fake._json("search_new__sparse.json"))
    return RedditCollector(make_reddit(settings_for(fake), "id", "secret"), ["Lemoine"],
                           ["france"], MATCHER)          # the search partition only


def test_items_missing_fields_are_read_from_the_listing_without_fetching_them(
        fake, httpserver, store, caplog):
    stats = run_collector(sparse_collector(fake), store)
    paths = [request.path for request, _ in httpserver.log]
    assert paths == ["/api/v1/access_token", "/r/france/search/"]    # no per-item fetch
    assert store._rows("SELECT id, author, author_id, url, metrics::VARCHAR FROM mentions "
                       "ORDER BY id") == [
        ("reddit:t3_1h0ab1", "boulangerfan", "t2_boulan",
         "https://www.reddit.com/r/france/comments/1h0ab1/complet/",
         '{"score": 4, "num_comments": 1}'),
        ("reddit:t3_1h0ab3", "vieuxcompte", "vieuxcompte",           # `created`, no `name`
         "https://www.reddit.com/comments/1h0ab3/", "{}"),
        ("reddit:t3_1h0ab4", None, None,                              # author [deleted]
         "https://www.reddit.com/r/france/comments/1h0ab4/lemoine_ferme/", "{}"),
    ]
    assert (stats.status, stats.items, stats.skipped) == ("ok", 3, 1)
    assert "1 skipped" in stats.summary()
    [warning] = [r for r in caplog.records if r.levelname == "WARNING"]
    assert "t3_1h0ab2" in warning.getMessage() and "creation time" in warning.getMessage()


def test_the_high_water_mark_ignores_the_unreadable_item(fake, store):
    run_collector(sparse_collector(fake), store)
    assert state.load_cursor(store, "reddit", SEARCH) == {
        "created_utc": "1795915800.0", "fullname": "t3_1h0ab4"}


def test_a_comment_without_author_or_permalink_keeps_its_thread_link():
    listing = {"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {
        "id": "lz0009", "body": "Lemoine, encore", "author": "[deleted]", "link_id": "t3_1h0aae",
        "created_utc": 1795916000, "subreddit": "france"}}]}}
    [thing] = things_from_listing(offline_reddit(), listing)
    mention = mention_from_thing(thing, MATCHER)         # offline: a fetch would fail here
    assert (mention.native_id, mention.author, mention.url, mention.metrics) == (
        "t1_lz0009", None, "https://www.reddit.com/comments/1h0aae/_/lz0009/", {})


def test_an_item_dated_in_2100_never_lifts_the_high_water_mark_past_today():
    """A future created_utc as the mark would make every real item after it look stored."""
    import time as clock

    from collectors.reddit_listing import identity

    listing = {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {
        "id": "1h0zzz", "name": "t3_1h0zzz", "title": "Lemoine en 2100", "selftext": "",
        "created_utc": 4_133_894_400, "subreddit": "france"}}]}}
    [thing] = things_from_listing(offline_reddit(), listing)
    created, fullname = identity(thing)
    assert fullname == "t3_1h0zzz" and float(created) <= clock.time()
    assert mention_from_thing(thing, MATCHER).created_at.timestamp() <= clock.time()


EMPTY_LISTING = '{"kind": "Listing", "data": {"after": null, "dist": 0, "children": [], "before": null}}'


def test_a_resume_whose_after_item_is_gone_still_collects_the_rest(fake, store, monkeypatch):
    """A run dies mid-listing; its `after` item vanishes; the empty page must not move the mark."""
    monkeypatch.setattr("collectors.reddit.PAGE_ITEMS", 2)
    reddit = collector(fake)
    pages = reddit.pages(SEARCH, None)
    first = next(pages)                         # stored with its cursor, then the process dies
    pages.close()
    with store.transaction() as con:
        insert_mentions(con, first.mentions)
        state.save_cursor(con, "reddit", SEARCH, first.cursor.state)
    assert first.cursor.state["after"] == "t3_1h0aad"
    fake.overrides.append(Response(EMPTY_LISTING, content_type="application/json"))
    run_collector(collector(fake), store)
    assert [i for i in ids(store) if i.startswith("reddit:t3_")] == [
        "reddit:t3_1h0aaa", "reddit:t3_1h0aab", "reddit:t3_1h0aac", "reddit:t3_1h0aad",
        "reddit:t3_1h0aae"]
    assert state.load_cursor(store, "reddit", SEARCH) == {
        "created_utc": "1795915400.0", "fullname": "t3_1h0aae"}
