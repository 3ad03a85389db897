"""X (Twitter) API v2 recent search: turning response pages into Mentions.

Pages are the raw JSON of `search_recent_tweets` (tweepy `Client(return_type=dict)`), with
`expansions=["author_id"]` so `includes.users` carries handles and follower counts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ambassade.errors import BadPayload
from ambassade.model import Mention
from collectors.text import TermMatcher, clean_text

NAME = "x"
TWEET_FIELDS = ["created_at", "lang", "public_metrics", "author_id", "entities",
                "referenced_tweets", "conversation_id"]
USER_FIELDS = ["username", "name", "public_metrics"]


def mentions_from_page(page: dict[str, Any], matcher: TermMatcher) -> list[Mention]:
    """Every tweet of one search page, normalised (search results are all mentions)."""
    if not isinstance(page, dict):
        raise BadPayload("X: page is not a JSON object")
    users = {u.get("id"): u for u in page.get("includes", {}).get("users", []) if isinstance(u, dict)}
    mentions = []
    for tweet in page.get("data") or []:
        if not isinstance(tweet, dict) or "id" not in tweet or "created_at" not in tweet:
            raise BadPayload("X: tweet without id or created_at")
        mentions.append(mention_from_tweet(tweet, users.get(tweet.get("author_id")), matcher))
    return mentions


def mention_from_tweet(tweet: dict[str, Any], user: dict[str, Any] | None,
                       matcher: TermMatcher) -> Mention:
    text = clean_text(expand_urls(tweet.get("text", ""), tweet))
    handle = user.get("username") if user else None
    tweet_id = str(tweet["id"])
    return Mention(
        source=NAME,
        native_id=tweet_id,
        author=handle,
        author_id=str(tweet["author_id"]) if tweet.get("author_id") else None,
        text=text,
        url=f"https://x.com/{handle or 'i/web'}/status/{tweet_id}",
        created_at=_parse_time(tweet["created_at"]),
        lang=_lang(tweet.get("lang")),
        matched=matcher.match(text),
        metrics={k: int(v) for k, v in (tweet.get("public_metrics") or {}).items()
                 if isinstance(v, int)},
        raw={"tweet": tweet, "user": user},
        author_name=user.get("name") if user else None,
        author_followers=((user or {}).get("public_metrics") or {}).get("followers_count"),
    )


def expand_urls(text: str, tweet: dict[str, Any]) -> str:
    """Replace t.co links by the URLs they stand for (share detection needs the real URL)."""
    for link in (tweet.get("entities") or {}).get("urls", []) or []:
        short, expanded = link.get("url"), link.get("expanded_url")
        if short and expanded:
            text = text.replace(short, expanded)
    return text


def _parse_time(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        raise BadPayload(f"X: bad created_at {value!r}") from None


def _lang(code: str | None) -> str | None:
    # X says "und" or "zxx" when it cannot tell; that is "unknown" for us.
    return code if code and code not in ("und", "zxx", "qme", "qht") else None
