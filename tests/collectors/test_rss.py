"""RSS/Atom collector: feeds served from 127.0.0.1, parsed by the real feedparser."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from werkzeug import Response

from ambassade.errors import BadPayload, SourceError, SourceUnavailable
from ambassade.text.terms import TermMatcher
from collectors.base import run_collector
from collectors.rss import RssCollector, decode_google_news, read_feed
from store import state
from tests.collectors.conftest import feed_handler, mention_rows, payload

MATCHER = TermMatcher(["Lemoine", "#LemoineLife"], ["Lemoine avocat"])


def collector(*feeds: str) -> RssCollector:
    return RssCollector(list(feeds), [], MATCHER)


def test_keeps_matching_entries_as_plain_text_in_utc(httpserver, store):
    httpserver.expect_request("/feed").respond_with_handler(
        feed_handler(payload("rss", "listening_rss2.xml")))
    stats = run_collector(collector(httpserver.url_for("/feed")), store)
    rows = mention_rows(store)
    assert [r[0] for r in rows] == ["rss:actu-1001", "rss:actu-1002"]
    assert rows[0][1] == "MAISON LEMOINE ouvre à Lyon\n\nLa boulangerie ouvre & recrute."
    assert rows[0][3] == "2026-11-23T07:30:00Z"
    assert rows[1][2] == ["Lemoine"]                      # "lémoine" matches "Lemoine"
    assert (stats.items, stats.skipped, stats.status) == (2, 1, "ok")


def test_second_run_sends_validators_and_304_stores_nothing(httpserver, store):
    seen: list[dict] = []
    httpserver.expect_request("/feed").respond_with_handler(
        feed_handler(payload("rss", "listening_rss2.xml"), log=seen))
    url = httpserver.url_for("/feed")
    run_collector(collector(url), store)
    cursor_before = state.load_cursor(store, "rss", url)
    second = run_collector(collector(url), store)
    assert seen[1]["If-None-Match"] == '"v1"'
    assert seen[1]["If-Modified-Since"] == "Mon, 23 Nov 2026 08:00:00 GMT"
    assert (second.items, second.pages) == (0, 0)
    assert state.load_cursor(store, "rss", url) == cursor_before
    assert len(mention_rows(store)) == 2


def test_feed_without_validators_dedupes_by_entry_id(httpserver, store):
    httpserver.expect_request("/atom").respond_with_data(
        payload("rss", "listening_atom.xml"), content_type="application/atom+xml")
    url = httpserver.url_for("/atom")
    first = run_collector(collector(url), store)
    second = run_collector(collector(url), store)
    ids = [r[0] for r in mention_rows(store)]
    assert len(ids) == 3 and first.items == 3 and second.items == 0
    assert "rss:https://blog.example.com/visit" in ids         # no id: the link is the id
    assert any(i.startswith("rss:sha256:") for i in ids)        # no id, no link: a hash


def test_bozo_feed_is_kept_logged_and_counted(httpserver, store):
    httpserver.expect_request("/loose").respond_with_data(payload("rss", "bozo_unclosed.xml"))
    stats = run_collector(collector(httpserver.url_for("/loose")), store)
    assert [r[0] for r in mention_rows(store)] == ["rss:loose-1", "rss:loose-2"]
    assert stats.errors == 1 and "malformed feed kept" in stats.messages[0]


def test_hostile_feed_gives_plain_text_only(httpserver, store):
    httpserver.expect_request("/hostile").respond_with_data(payload("rss", "hostile.xml"))
    run_collector(collector(httpserver.url_for("/hostile")), store)
    texts = " ".join(r[1] for r in mention_rows(store))
    assert "steal()" not in texts and "body{}" not in texts and "<img" not in texts
    assert "root:" not in texts and "\x07" not in texts
    assert '=HYPERLINK("http://evil.example","Lemoine")' in texts


@pytest.mark.parametrize("name", ["not_a_feed.html", "truncated.xml"])
def test_unreadable_feed_fails_its_partition_only(httpserver, store, name):
    httpserver.expect_request("/bad").respond_with_data(payload("rss", name))
    httpserver.expect_request("/good").respond_with_data(payload("rss", "listening_atom.xml"))
    stats = run_collector(collector(httpserver.url_for("/bad"), httpserver.url_for("/good")), store)
    ids = [r[0] for r in mention_rows(store)]
    if name == "truncated.xml":                 # the loose parser saves the complete item
        assert any(i.endswith("cut-1") for i in ids)
    else:
        assert stats.errors == 1 and state.load_cursor(store, "rss", httpserver.url_for("/bad")) is None
    assert len([i for i in ids if "blog.example.com" in i or "sha256" in i or "uuid" in i]) == 3


@pytest.mark.parametrize("status, error", [(401, SourceError), (403, SourceError),
                                           (404, SourceError), (500, SourceUnavailable),
                                           (503, SourceUnavailable)])
def test_http_errors_are_counted_and_keep_the_cursor(httpserver, store, status, error):
    httpserver.expect_request("/feed").respond_with_data("nope", status=status)
    url = httpserver.url_for("/feed")
    with pytest.raises(error):
        list(collector(url).pages(url, None))
    stats = run_collector(collector(url), store)
    assert stats.status == "failed" and stats.errors == 1
    assert state.load_cursor(store, "rss", url) is None


def test_429_defers_the_source_until_retry_after(httpserver, store):
    httpserver.expect_request("/feed").respond_with_data("slow down", status=429,
                                                         headers={"Retry-After": "120"})
    stats = run_collector(collector(httpserver.url_for("/feed")), store)
    assert stats.status == "deferred"
    assert stats.retry_at is not None and stats.retry_at > datetime.now(timezone.utc)


def test_timeout_is_a_source_unavailable(httpserver, store):
    import threading

    def slow(request):
        threading.Event().wait(1.0)  # answers after the client has given up
        return Response(payload("rss", "listening_rss2.xml"))

    httpserver.expect_request("/slow").respond_with_handler(slow)
    rss = collector(httpserver.url_for("/slow"))
    for adapter in rss.session.adapters.values():
        adapter.timeout = (0.5, 0.2)
    with pytest.raises(SourceUnavailable):
        list(rss.pages(httpserver.url_for("/slow"), None))


def test_huge_feed_is_refused(httpserver, store, monkeypatch):
    monkeypatch.setattr("collectors.http.MAX_BODY_BYTES", 1000)
    httpserver.expect_request("/huge").respond_with_data(b"<rss>" + b" " * 5000 + b"</rss>")
    from collectors import http

    with pytest.raises(BadPayload):
        http.fetch(http.make_session(), httpserver.url_for("/huge"), max_bytes=1000)


def test_google_news_links_decode_to_the_publisher(httpserver):
    httpserver.expect_request("/gn").respond_with_data(payload("rss", "google_news_search.xml"))
    feed, mentions, skipped = read_feed(httpserver.url_for("/gn"), MATCHER)
    assert mentions[0].url == "https://www.lefigaro.fr/economie/maison-lemoine-ouvre-1234"
    assert mentions[1].url.startswith("https://news.google.com/rss/articles/")
    assert all(m.matched for m in mentions) and skipped == 0


@pytest.mark.parametrize("link", [None, "", "https://news.google.com/rss/articles/%%%",
                                  "https://news.google.com/rss/articles/AAAA",
                                  "https://example.org/rss/articles/CBMiOmh0dHBz", "http://[::1"])
def test_google_news_decoder_leaves_other_links_alone(link):
    assert decode_google_news(link) == link


def test_many_entries_commit_in_pages_and_move_the_cursor_last(httpserver, store):
    items = "".join(f"<item><title>Lemoine {i}</title><guid>big-{i}</guid>"
                    f"<pubDate>Sat, 21 Nov 2026 12:00:00 GMT</pubDate></item>" for i in range(1200))
    body = f'<rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'
    httpserver.expect_request("/big").respond_with_data(body, headers={"ETag": '"big"'})
    url = httpserver.url_for("/big")
    pages = list(collector(url).pages(url, None))
    assert [len(p.mentions) for p in pages] == [500, 500, 200]
    assert [p.cursor for p in pages[:2]] == [None, None]
    assert pages[-1].cursor.state == {"etag": '"big"'}


def test_content_feeds_fill_the_content_library(httpserver, store):
    httpserver.expect_request("/blog").respond_with_data(
        payload("rss", "listening_atom.xml"), content_type="application/atom+xml")
    url = httpserver.url_for("/blog")
    rss = RssCollector([], [url], MATCHER)
    assert rss.partitions() == ["content:" + url]
    first = run_collector(rss, store)
    second = run_collector(rss, store)
    rows = store._rows("SELECT canonical_url, title FROM content ORDER BY canonical_url")
    assert rows == [("https://blog.example.com/croissants", "Lemoine's croissants"),
                    ("https://blog.example.com/visit", "Visiting #LemoineLife")]
    assert first.items == 2 and second.items == 0
    assert first.skipped == 1 and mention_rows(store) == []   # the entry without a link


@hsettings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_google_news_decoder_never_raises(token):
    link = "https://news.google.com/rss/articles/" + token
    decoded = decode_google_news(link)
    assert decoded == link or decoded.startswith(("http://", "https://"))


@hsettings(max_examples=50, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_are_a_feed_or_a_bad_payload(body):
    from collectors.rss import parse_feed

    try:
        feed = parse_feed(body, "https://example.org/feed")
    except BadPayload:
        return
    for entry in feed.entries:
        mention_from_entry_safe(entry, feed)


def mention_from_entry_safe(entry, feed):
    from collectors.rss import mention_from_entry

    mention = mention_from_entry(entry, feed, "https://example.org/feed", MATCHER)
    assert mention.created_at.tzinfo is not None


def test_an_entry_naming_only_a_competitor_is_kept_with_its_competitor(httpserver, store):
    httpserver.expect_request("/feed").respond_with_handler(
        feed_handler(payload("rss", "listening_rss2.xml")))
    matcher = TermMatcher(["Lemoine", "#LemoineLife"], ["Lemoine avocat"], {"Les Blés d'Or": ["blé"]})
    stats = run_collector(RssCollector([httpserver.url_for("/feed")], [], matcher), store)
    rows = dict(store._rows("SELECT id, competitors FROM mentions"))
    assert rows == {"rss:actu-1001": [], "rss:actu-1002": [], "rss:actu-1003": ["Les Blés d'Or"]}
    assert stats.skipped == 0
    with store.transaction() as db:       # the competitor's, not the brand's
        assert db._rows("SELECT id FROM brand_mentions ORDER BY id") == [("rss:actu-1001",), ("rss:actu-1002",)]
