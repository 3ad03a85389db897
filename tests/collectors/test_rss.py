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
from collectors.rss import RssCollector, decode_google_news, parse_feed, read_feed
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


def test_a_429_from_one_feed_defers_that_host_only_and_the_other_feeds_are_read(httpserver, store):
    """Feeds are many hosts: one host's 429 must not leave every other feed unread."""
    httpserver.expect_request("/busy").respond_with_data("slow down", status=429,
                                                         headers={"Retry-After": "600"})
    httpserver.expect_request("/busy-too").respond_with_data("slow down", status=429)
    httpserver.expect_request("/feed").respond_with_handler(
        feed_handler(payload("rss", "listening_rss2.xml")))
    busy = httpserver.url_for("/busy")                                   # localhost
    other = httpserver.url_for("/feed").replace("localhost", "127.0.0.1")  # another host
    same_host = httpserver.url_for("/busy-too")
    stats = run_collector(collector(busy, other, same_host), store)
    assert stats.status == "ok", stats.messages
    assert [r[0] for r in mention_rows(store)] == ["rss:actu-1001", "rss:actu-1002"]
    assert stats.status == "ok" and stats.items == 2
    assert stats.retry_at is not None and stats.retry_at > datetime.now(timezone.utc)
    assert any("429" in m for m in stats.messages)
    # The busy host is asked once: its second feed waits without a request.
    assert [r.path for r, _ in httpserver.log].count("/busy-too") == 0
    assert state.load_cursor(store, "rss", other) is not None


FUTURE_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Futur</title>
<item><title>Lemoine en l'an 9999</title><link>https://futur.example/9999</link>
<guid isPermaLink="false">f-9999</guid><pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate></item>
<item><title>Lemoine en 2100</title><link>https://futur.example/2100</link>
<guid isPermaLink="false">f-2100</guid><pubDate>Fri, 31 Dec 2100 12:00:00 GMT</pubDate></item>
<item><title>Lemoine hier</title><link>https://futur.example/hier</link>
<guid isPermaLink="false">f-hier</guid><pubDate>Sun, 22 Nov 2026 18:00:00 GMT</pubDate></item>
</channel></rss>"""


def test_entries_dated_in_the_future_are_stored_as_collected_with_the_claim_kept(httpserver, store):
    """9999-12-31 or 2100 would move every window of the dashboard past every real mention."""
    from store.mentions import decompress_raw

    httpserver.expect_request("/futur").respond_with_data(FUTURE_FEED,
                                                          content_type="application/rss+xml")
    before = datetime.now(timezone.utc)
    stats = run_collector(collector(httpserver.url_for("/futur")), store)
    after = datetime.now(timezone.utc)
    assert stats.items == 3
    rows = dict((r[0], (r[1], r[2], r[3])) for r in store._rows(
        "SELECT id, created_at, collected_at, raw FROM mentions"))
    for native in ("f-9999", "f-2100"):
        created, collected, raw = rows[f"rss:{native}"]
        assert before <= created <= after and created <= collected
        assert decompress_raw(raw)["claimed_created_at"][:4] in ("9999", "2100")
    assert rows["rss:f-hier"][0] == datetime(2026, 11, 22, 18, tzinfo=timezone.utc)
    [newest] = store._rows("SELECT max(created_at) FROM mentions")[0]
    assert newest <= after


def _feed(title: str, *items: tuple[str, str, str]) -> bytes:
    """An RSS document of (guid, link, title) items, all naming the brand."""
    body = "".join(f'<item><title>Lemoine: {t}</title><link>{link}</link>'
                   f'<guid isPermaLink="false">{guid}</guid>'
                   f'<pubDate>Sun, 22 Nov 2026 18:00:00 GMT</pubDate></item>'
                   for guid, link, t in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{body}'
            '</channel></rss>').encode()


def test_a_guid_shared_by_two_feeds_keeps_both_articles(httpserver, store):
    """Two feeds say <guid>1</guid> for different articles: neither is dropped, on any rerun."""
    httpserver.expect_request("/a").respond_with_data(
        _feed("A", ("1", "https://a.example/ouverture", "ouverture"),
              ("2", "https://a.example/deux", "deux")))
    httpserver.expect_request("/b").respond_with_data(
        _feed("B", ("1", "https://b.example/fermeture", "fermeture")))
    a, b = httpserver.url_for("/a"), httpserver.url_for("/b")
    first = run_collector(collector(a, b), store)
    again = run_collector(collector(a, b), store)
    rows = store._rows("SELECT id, url FROM mentions ORDER BY url")
    from store.mentions import feed_key
    assert rows == [("rss:2", "https://a.example/deux"), ("rss:1", "https://a.example/ouverture"),
                    (f"rss:{feed_key(b)}:1", "https://b.example/fermeture")]
    assert (first.items, again.items) == (3, 0)


def test_two_feeds_carrying_the_same_article_make_one_mention(httpserver, store):
    httpserver.expect_request("/main").respond_with_data(
        _feed("Main", ("art-7", "https://news.example/lemoine", "un article")))
    httpserver.expect_request("/cat").respond_with_data(      # its category feed, tracked link
        _feed("Cat", ("art-7", "https://news.example/lemoine?utm_source=rss", "un article")))
    stats = run_collector(collector(httpserver.url_for("/main"), httpserver.url_for("/cat")), store)
    assert store._rows("SELECT id FROM mentions") == [("rss:art-7",)]
    assert stats.items == 1


def test_rows_stored_before_feed_scoped_ids_keep_their_ids_and_are_not_duplicated(httpserver, store):
    """A database from before: `rss:<guid>` rows stay, and rereading their feed adds nothing."""
    from ambassade.model import Mention
    from store.mentions import insert_mentions

    url = httpserver.url_for("/a")
    old = Mention(source="rss", native_id="1", author="A", author_id="a.example",
                  text="Lemoine: ouverture", url="https://a.example/ouverture",
                  created_at=datetime(2026, 11, 22, 18, tzinfo=timezone.utc), matched=("Lemoine",),
                  raw={"feed": url, "id": "1", "link": "https://a.example/ouverture"})
    with store.transaction() as db:
        insert_mentions(db, [old])
    httpserver.expect_request("/a").respond_with_data(
        _feed("A", ("1", "https://a.example/ouverture", "ouverture")))
    assert run_collector(collector(url), store).items == 0
    assert store._rows("SELECT id FROM mentions") == [("rss:1",)]


def test_a_trickling_feed_is_given_up_at_its_deadline_and_the_next_feeds_are_read(
        trickling, store):
    """Slowloris: one byte every 0.5 s never trips a socket timeout; the deadline does."""
    import time as clock

    trickling.documents["/feed"] = payload("rss", "listening_rss2.xml")
    rss = RssCollector([trickling.url("/trickle"), trickling.url("/feed")], [], MATCHER,
                       deadline=1.5)
    started = clock.monotonic()
    stats = run_collector(rss, store)
    assert clock.monotonic() - started < 10
    assert [r[0] for r in mention_rows(store)] == ["rss:actu-1001", "rss:actu-1002"]
    [message] = [m for m in stats.messages if "/trickle" in m]
    assert "answered 200, then sent" in message and "cannot connect" not in message


def test_a_server_that_accepts_and_never_answers_is_not_a_connection_failure(trickling):
    from collectors.http import fetch, make_session

    with pytest.raises(SourceUnavailable, match="no answer yet") as info:
        fetch(make_session(), trickling.url("/silent"), deadline=1.0)
    assert "cannot connect" not in str(info.value)


def test_a_closed_port_is_cannot_connect():
    from collectors.http import fetch, make_session
    from tests.conftest import free_port

    with pytest.raises(SourceUnavailable, match="cannot connect"):
        fetch(make_session(), f"http://127.0.0.1:{free_port()}/feed", deadline=5.0)


def test_a_gzip_feed_is_read_and_a_gzip_bomb_is_refused(httpserver, store):
    import gzip

    from collectors.http import fetch, make_session

    feed = payload("rss", "listening_rss2.xml")
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(feed), headers={"Content-Encoding": "gzip"})
    httpserver.expect_request("/bomb").respond_with_data(
        gzip.compress(b"\0" * 60_000_000), headers={"Content-Encoding": "gzip"})
    assert fetch(make_session(), httpserver.url_for("/gz")).body == feed
    with pytest.raises(BadPayload, match="larger than"):
        fetch(make_session(), httpserver.url_for("/bomb"), max_bytes=1_000_000)


def _nested(depth: int, broken: bool = False) -> bytes:
    head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title>'
    if broken:
        head += b"<oops & this is not XML>"           # expat gives up here; the scan does not
    item = (b"<item><title>Lemoine</title><description>" + b"<div>" * depth + b"x"
            + b"</div>" * depth + b"</description></item>")
    return head + item + b"</channel></rss>"


@pytest.mark.parametrize("broken", [False, True])
def test_a_deeply_nested_feed_is_a_logged_and_counted_skip(httpserver, store, broken):
    """1.6M nested elements cost feedparser 79 s and 892 MB: refused before it parses."""
    httpserver.expect_request("/deep").respond_with_data(_nested(400_000, broken))
    httpserver.expect_request("/feed").respond_with_handler(
        feed_handler(payload("rss", "listening_rss2.xml")))
    stats = run_collector(collector(httpserver.url_for("/deep"), httpserver.url_for("/feed")),
                          store)
    assert stats.errors == 1 and any("nested deeper than 100" in m for m in stats.messages)
    assert stats.items == 2                                # the next feed is read


def test_ordinary_nesting_and_inline_xhtml_are_read():
    feed = parse_feed(_nested(40), "http://x.example/feed")
    assert len(feed.entries) == 1


def test_a_feed_s_429_is_remembered_so_the_next_run_does_not_ask_it_before_its_reset(httpserver, store):
    httpserver.expect_request("/busy").respond_with_data("slow down", status=429,
                                                         headers={"Retry-After": "600"})
    httpserver.expect_request("/feed").respond_with_handler(
        feed_handler(payload("rss", "listening_rss2.xml")))
    busy = httpserver.url_for("/busy")
    other = httpserver.url_for("/feed").replace("localhost", "127.0.0.1")
    run_collector(collector(busy, other), store)
    assert state.load_cursor(store, "rss", busy)["not_before"] > datetime.now(timezone.utc).isoformat()
    second = run_collector(collector(busy, other), store)
    assert [r.path for r, _ in httpserver.log].count("/busy") == 1
    assert second.status == "ok" and any("not asked again" in m for m in second.messages)


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
