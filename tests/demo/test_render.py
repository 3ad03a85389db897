"""Rendered payloads have the real APIs' shapes, and the collectors' parsers read them back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import feedparser
from praw.models import Comment, Submission

from ambassade.demo import render
from ambassade.demo.corpus import Author, Post
from ambassade.text.terms import TermMatcher
from collectors import reddit, rss, x

T0 = datetime(2026, 3, 1, 12, 30, tzinfo=timezone.utc)
MATCHER = TermMatcher(["Lemoine", "@maisonlemoine"], ["Lemoine Immobilier"])
FAN = Author("x", "julie_gourmande", "1234567890123456789", "Julie 🍰", 12800)
REDDITOR = Author("reddit", "MieDePainLyon", "t2_abc123")


def tweets(n: int) -> list[Post]:
    return [Post(f"x-{i}", "x", "tweet", T0 + timedelta(minutes=i), "fr", "positive",
                 f"Merci Lemoine n°{i}", FAN, metrics={"like_count": i}) for i in range(n)]


def test_x_pages_are_search_pages_newest_first_with_next_tokens():
    pages = render.x_pages(tweets(250))
    assert [p["meta"]["result_count"] for p in pages] == [100, 100, 50]
    assert "next_token" in pages[0]["meta"] and "next_token" not in pages[-1]["meta"]
    first = pages[0]
    assert first["meta"]["newest_id"] == first["data"][0]["id"]
    assert int(first["data"][0]["id"]) > int(first["data"][-1]["id"])
    assert first["includes"]["users"] == [{
        "id": FAN.uid, "username": "julie_gourmande", "name": "Julie 🍰",
        "public_metrics": {"followers_count": 12800, "following_count": 180,
                           "tweet_count": 1200, "listed_count": 3}}]
    tweet = first["data"][0]
    assert tweet["created_at"].endswith(".000Z") and tweet["lang"] == "fr"
    assert set(tweet) >= {"id", "text", "author_id", "created_at", "public_metrics"}


def test_x_parser_reads_pages_and_expands_t_co_links():
    post = Post("e-1", "x", "tweet", T0, "fr", "positive", "À lire https://t.co/AbCdEf1234", FAN,
                links=[("https://t.co/AbCdEf1234", "https://www.maisonlemoine.fr/blog/zero-gaspi")])
    [page] = render.x_pages([post])
    entity = page["data"][0]["entities"]["urls"][0]
    assert (entity["start"], entity["end"]) == (7, 7 + len("https://t.co/AbCdEf1234"))
    [mention] = x.mentions_from_page(page, MATCHER)
    assert mention.text == "À lire https://www.maisonlemoine.fr/blog/zero-gaspi"
    assert mention.author == "julie_gourmande" and mention.author_followers == 12800
    assert mention.created_at == T0.replace(microsecond=0)


def test_reddit_listings_become_praw_submissions_and_comments():
    submission = Post("rs-1", "reddit", "submission", T0, "fr", "negative",
                      "Commande jamais reçue, <b>aucune</b> réponse.", REDDITOR,
                      title="E-shop Lemoine", place="Lyon", metrics={"score": 12, "num_comments": 3})
    comment = Post("rc-2", "reddit", "comment", T0 + timedelta(hours=1), "fr", "negative",
                   "Pareil chez Lemoine.", REDDITOR, place="Lyon", parent=submission,
                   metrics={"score": 2})
    listings = render.reddit_listings([submission, comment])
    assert [child["kind"] for listing in listings for child in listing["data"]["children"]] == ["t3", "t1"]
    client = reddit.offline_reddit()
    things = [t for listing in listings for t in reddit.things_from_listing(client, listing)]
    assert isinstance(things[0], Submission) and isinstance(things[1], Comment)
    first, second = (reddit.mention_from_thing(t, MATCHER) for t in things)
    assert first.text == "E-shop Lemoine\nCommande jamais reçue, aucune réponse."
    assert first.url.startswith("https://www.reddit.com/r/Lyon/comments/")
    assert second.native_id.startswith("t1_") and second.author == "MieDePainLyon"
    assert things[1].link_id == "t3_" + things[0].id
    assert first.created_at == T0 and second.created_at == T0 + timedelta(hours=1)


def test_rss_and_atom_feeds_parse_with_feedparser_and_escape_markup():
    items = [("https://news.example/a?x=1&y=2", "<i>Lemoine</i> & co", "<p>Une <b>boulangerie</b></p>", T0),
             ("https://news.example/b", "Autre sujet", "Rien à voir", T0 - timedelta(days=1))]
    for make in (render.rss_feed, render.atom_feed):
        body = make("Journal", "https://news.example", "fr", items)
        doc = feedparser.parse(body)
        assert not doc.bozo, make.__name__
        feed = rss.parse_feed(body, "https://news.example/feed")
        assert feed.lang == "fr" and len(feed.entries) == 2
        first = rss.mention_from_entry(feed.entries[0], feed, "https://news.example/feed", MATCHER)
        assert first.text == "Lemoine & co\n\nUne boulangerie"
        assert first.url == "https://news.example/a?x=1&y=2" and first.matched == ("Lemoine",)
        assert first.created_at == T0


def test_content_feed_items_carry_their_own_language():
    from ambassade.demo.staff import ContentItem

    items = [ContentItem("https://www.maisonlemoine.fr/en/careers/bakers", "We're hiring", "Join us",
                         "emploi", "en", T0)]
    feed_meta = {"title": "Blog", "site": "https://www.maisonlemoine.fr", "lang": "fr"}
    feed = rss.parse_feed(render.content_feed(feed_meta, items), "https://www.maisonlemoine.fr/blog/feed")
    [entry] = feed.entries
    content = rss.content_from_entry(entry, "https://www.maisonlemoine.fr/blog/feed", feed)
    assert content.lang == "en" and content.title == "We're hiring" and content.published_at == T0
    assert content.canonical_url == "https://www.maisonlemoine.fr/en/careers/bakers"


def test_every_link_in_a_tweet_is_a_t_co_link_in_the_payload_and_parses_back():
    text = ("Zéro gaspi 👉 https://www.maisonlemoine.fr/blog/zero-gaspi?utm_source=x "
            "#LemoineLife @maisonlemoine")
    post = Post("e-2", "x", "tweet", T0, "fr", "positive", text, FAN)
    [page] = render.x_pages([post])
    tweet = page["data"][0]
    assert "maisonlemoine.fr/blog" not in tweet["text"] and "https://t.co/" in tweet["text"]
    [link] = tweet["entities"]["urls"]
    assert tweet["text"][link["start"]:link["end"]] == link["url"]
    assert link["expanded_url"] == "https://www.maisonlemoine.fr/blog/zero-gaspi?utm_source=x"
    assert [h["tag"] for h in tweet["entities"]["hashtags"]] == ["LemoineLife"]
    assert [m["username"] for m in tweet["entities"]["mentions"]] == ["maisonlemoine"]
    [mention] = x.mentions_from_page(page, MATCHER)
    assert mention.text == text
