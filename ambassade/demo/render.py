"""Rendering demo posts as the payloads the real APIs answer: X API v2 pages, Reddit listings, RSS/Atom."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

from ambassade.demo.corpus import Post, base36
from ambassade.demo.staff import ContentItem
from collectors.urls import find_urls, host_of

PAGE_SIZE = 100
_TWITTER_EPOCH_MS = 1288834974657
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_MENTION = re.compile(r"(?<![\w@])@(\w{1,15})")


def tweet_id(post: Post, sequence: int) -> str:
    """A snowflake id like X's: milliseconds since X's epoch, then a sequence number.

    Built from the post's time, so a build later the same day keeps every earlier post's id."""
    ms = int(post.created_at.timestamp() * 1000) - _TWITTER_EPOCH_MS
    return str((ms << 22) | (sequence % 4096))


def x_pages(posts: Sequence[Post], page_size: int = PAGE_SIZE, first_sequence: int = 0) -> list[dict]:
    """Recent-search response pages (`expansions=author_id`), newest first as X answers.

    `first_sequence` keeps the ids of another search's posts (the competitor's) apart."""
    newest_first = sorted(posts, key=lambda p: (p.created_at, p.key), reverse=True)
    # Sequence numbers in time order: posts added later (a build later the same day) leave
    # the earlier posts' ids as they were.
    ids = {p.key: tweet_id(p, first_sequence + i) for i, p in enumerate(reversed(newest_first))}
    pages = []
    for start in range(0, len(newest_first), page_size):
        chunk = newest_first[start:start + page_size]
        users = {p.author.uid: _x_user(p) for p in chunk if p.author}
        page: dict = {
            "data": [_tweet(p, ids[p.key]) for p in chunk],
            "includes": {"users": list(users.values())},
            "meta": {"newest_id": ids[chunk[0].key], "oldest_id": ids[chunk[-1].key],
                     "result_count": len(chunk)},
        }
        if start + page_size < len(newest_first):
            page["meta"]["next_token"] = f"b26v89c19zqg8o3f{start // page_size + 1:04d}"
        pages.append(page)
    return pages


def _tweet(post: Post, ident: str) -> dict:
    text, links = _shorten(post)
    tweet = {
        "id": ident,
        "text": text,
        "author_id": post.author.uid if post.author else None,
        "created_at": post.created_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "lang": post.lang,
        "conversation_id": ident,
        "public_metrics": dict(post.metrics) or {"retweet_count": 0, "reply_count": 0,
                                                 "like_count": 0, "quote_count": 0},
        "edit_history_tweet_ids": [ident],
    }
    entities: dict[str, list[dict]] = {}
    if links:
        entities["urls"] = [
            {"start": text.find(short), "end": text.find(short) + len(short), "url": short,
             "expanded_url": expanded, "display_url": _display(expanded)}
            for short, expanded in links]
    for kind, pattern, key in (("hashtags", _HASHTAG, "tag"), ("mentions", _MENTION, "username")):
        found = [{"start": m.start(), "end": m.end(), key: m.group(1)} for m in pattern.finditer(text)]
        if found:
            entities[kind] = found
    if entities:
        tweet["entities"] = entities
    return tweet


def _shorten(post: Post) -> tuple[str, list[tuple[str, str]]]:
    """X shows every link in `text` as a t.co link and gives the real URL in `entities.urls`."""
    text, links = post.text, list(post.links)
    for url in find_urls(post.text):
        if host_of(url) == "t.co":
            continue
        digest = hashlib.sha256(f"{post.key}|{url}".encode()).hexdigest()
        short = "https://t.co/" + base36(int(digest[:15], 16))[:10]
        text = text.replace(url, short, 1)
        links.append((short, url))
    return text, links


def _display(url: str) -> str:
    bare = url.split("://", 1)[-1]
    return bare if len(bare) <= 26 else bare[:25] + "…"


def _x_user(post: Post) -> dict:
    author = post.author
    assert author is not None
    return {"id": author.uid, "username": author.handle, "name": author.name or author.handle,
            "public_metrics": {"followers_count": author.followers or 0, "following_count": 180,
                               "tweet_count": 1200, "listed_count": 3}}


def reddit_listings(posts: Sequence[Post], page_size: int = PAGE_SIZE, first_id: int = 0) -> list[dict]:
    """Search listings of submissions (t3), then comment listings (t1), newest first.

    Ids are numbered in time order from `first_id`; separate calls need separate ranges."""
    ids = _reddit_ids(posts, first_id)
    submissions = [p for p in posts if p.kind == "submission"]
    comments = [p for p in posts if p.kind == "comment"]
    listings = []
    for kind, group in (("t3", submissions), ("t1", comments)):
        ordered = sorted(group, key=lambda p: (p.created_at, p.key), reverse=True)
        for start in range(0, len(ordered), page_size):
            chunk = ordered[start:start + page_size]
            render = _submission if kind == "t3" else _comment
            after = f"{kind}_{ids[chunk[-1].key]}" if start + page_size < len(ordered) else None
            listings.append({"kind": "Listing", "data": {
                "after": after, "before": None, "dist": len(chunk), "modhash": "",
                "geo_filter": "", "children": [{"kind": kind, "data": render(p, ids)} for p in chunk],
            }})
    return listings


def _reddit_ids(posts: Iterable[Post], first_id: int) -> dict[str, str]:
    # Reddit ids are base 36 and grow with time: number them in time order.
    ordered = sorted((p for p in posts if p.source == "reddit"), key=lambda p: (p.created_at, p.key))
    return {p.key: base36(1_900_000_000 + 37 * (first_id + i)) for i, p in enumerate(ordered)}


def _common(post: Post) -> dict:
    author = post.author
    return {
        "author": author.handle if author else "[deleted]",
        "author_fullname": author.uid if author else None,
        "created_utc": float(int(post.created_at.timestamp())),
        "created": float(int(post.created_at.timestamp())),
        "subreddit": post.place,
        "subreddit_name_prefixed": f"r/{post.place}",
        "score": post.metrics.get("score", 1),
        "ups": post.metrics.get("score", 1),
        "downs": 0,
        "archived": False, "locked": False, "stickied": False, "gilded": 0,
        "distinguished": None, "edited": False,
    }


def _submission(post: Post, ids: dict[str, str]) -> dict:
    ident = ids[post.key]
    slug = "_".join("".join(c for c in (post.title or "").lower() if c.isalnum() or c == " ").split()[:8])
    permalink = f"/r/{post.place}/comments/{ident}/{slug}/"
    return _common(post) | {
        "id": ident, "name": f"t3_{ident}", "title": post.title, "selftext": post.text,
        "selftext_html": None, "is_self": True, "num_comments": post.metrics.get("num_comments", 0),
        "permalink": permalink, "url": "https://www.reddit.com" + permalink,
        "upvote_ratio": 0.9, "over_18": False, "spoiler": False, "link_flair_text": None,
        "domain": f"self.{post.place}",
    }


def _comment(post: Post, ids: dict[str, str]) -> dict:
    ident, parent = ids[post.key], post.parent
    assert parent is not None
    parent_id = ids[parent.key]
    return _common(post) | {
        "id": ident, "name": f"t1_{ident}", "body": post.text, "body_html": None,
        "link_id": f"t3_{parent_id}", "parent_id": f"t3_{parent_id}",
        "link_title": parent.title, "permalink": f"/r/{post.place}/comments/{parent_id}/_/{ident}/",
        "is_submitter": False, "controversiality": 0, "depth": 0,
    }


def article_url(post: Post, site: str) -> str:
    slug = "-".join("".join(c if c.isalnum() else " " for c in (post.title or "").lower()).split()[:9])
    return f"{site}/articles/{post.created_at:%Y/%m/%d}/{slug}-{post.key}"


def rss_feed(title: str, site: str, lang: str, items: Sequence[tuple]) -> bytes:
    """RSS 2.0 bytes; items are (link, title, description HTML, published[, language[, categories]])."""
    entries = "".join(
        f"<item><title>{escape(item[1])}</title><link>{escape(item[0])}</link>"
        f"<guid isPermaLink=\"true\">{escape(item[0])}</guid>"
        f"<pubDate>{format_datetime(item[3].astimezone(timezone.utc), usegmt=True)}</pubDate>"
        + (f"<dc:language>{escape(item[4])}</dc:language>" if len(item) > 4 and item[4] else "")
        + "".join(f"<category>{escape(tag)}</category>" for tag in (item[5] if len(item) > 5 else ()))
        + f"<description>{escape(item[2])}</description></item>\n"
        for item in sorted(items, key=lambda i: i[3], reverse=True))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{escape(title)}</title><link>{escape(site)}</link>"
        f"<description>{escape(title)}</description><language>{lang}</language>\n"
        f"{entries}</channel></rss>\n"
    ).encode("utf-8")


def atom_feed(title: str, site: str, lang: str, items: Sequence[tuple]) -> bytes:
    """Atom 1.0 bytes with the same items (link, title, summary HTML, published)."""
    ordered = sorted(items, key=lambda i: i[3], reverse=True)
    updated = _iso(ordered[0][3]) if ordered else "2000-01-01T00:00:00Z"
    entries = "".join(
        f"<entry><title type=\"html\">{escape(t)}</title><link rel=\"alternate\" href=\"{escape(link)}\"/>"
        f"<id>{escape(link)}</id><published>{_iso(when)}</published><updated>{_iso(when)}</updated>"
        f"<summary type=\"html\">{escape(description)}</summary></entry>\n"
        for link, t, description, when, *_ in ordered)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">'
        f"<title>{escape(title)}</title><link href=\"{escape(site)}\"/><id>{escape(site)}/</id>"
        f"<updated>{updated}</updated>\n{entries}</feed>\n"
    ).encode("utf-8")


def _iso(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def news_feeds(posts: Sequence[Post], feeds: Sequence[dict]) -> list[tuple[str, bytes]]:
    """(feed URL, document bytes) for every news feed, articles rendered in its format."""
    out = []
    for feed in feeds:
        items = [(article_url(p, feed["site"]), p.title or "", p.text, p.created_at)
                 for p in posts if p.kind == "article" and p.place == feed["url"]]
        render = atom_feed if feed["format"] == "atom" else rss_feed
        out.append((feed["url"], render(feed["title"], feed["site"], feed["lang"], items)))
    return out


def content_feed(feed: dict, items: Sequence[ContentItem]) -> bytes:
    """The company's own content feed (RSS 2.0)."""
    return rss_feed(feed["title"], feed["site"], feed["lang"],
                    [(i.url, i.title, i.summary, i.published_at, i.lang, i.tags) for i in items])
