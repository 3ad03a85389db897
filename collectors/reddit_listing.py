"""Reddit listing items (praw's Submission and Comment) into Mentions, from the listing alone.

praw fills each item from the listing JSON, and any attribute the listing did not carry
(old payloads, `[deleted]` authors, fields Reddit dropped) makes praw fetch the item again,
one HTTP request each. So fields are read from what praw already stored (`vars(thing)`),
never through attribute access, with defaults for the ones that may be missing; an item
without an id or a creation time cannot be normalised and is a BadPayload.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import praw
from praw.models import Comment, Submission

from ambassade.errors import BadPayload
from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from collectors.text import clean_text, plain_text

NAME = "reddit"
BASE_URL = "https://www.reddit.com"


def offline_reddit() -> praw.Reddit:
    """A praw client that never talks to Reddit: for turning recorded JSON into praw objects."""
    return praw.Reddit(client_id="offline", client_secret="offline",
                       user_agent="ambassade offline parser", check_for_updates=False)


def things_from_listing(reddit: praw.Reddit, listing: dict[str, Any]) -> list[Submission | Comment]:
    """praw objects from one listing JSON (`{"kind": "Listing", "data": {"children": [...]}}`)."""
    parsed = reddit._objector.objectify(data=listing)  # praw's own JSON-to-model step
    return list(parsed)


def listing_fields(thing: Any) -> dict[str, Any]:
    """The fields the listing gave for `thing`, as praw stored them (reading them fetches nothing)."""
    if not isinstance(thing, (Submission, Comment)):
        raise BadPayload(f"Reddit: listing item of unexpected kind ({type(thing).__name__})")
    return vars(thing)


def identity(thing: Any) -> tuple[str, str]:
    """(created_utc, fullname) of one item, from the listing; BadPayload when it lacks either."""
    data = listing_fields(thing)
    kind = "t3" if isinstance(thing, Submission) else "t1"
    fullname = data.get("name") or (f"{kind}_{data['id']}" if data.get("id") else None)
    created = data.get("created_utc", data.get("created"))
    if not isinstance(fullname, str) or not isinstance(created, (int, float)) \
            or isinstance(created, bool):
        raise BadPayload(f"Reddit: item {fullname or '?'} without a fullname or creation time")
    # An item dated in the future would lift the high-water mark past every real item to
    # come: it counts as created when it was collected (as Mention does).
    now = datetime.now(timezone.utc).timestamp()
    return str(min(float(created), now)), fullname


def author_name(data: dict[str, Any]) -> str | None:
    """The author's name; None for `[deleted]` (praw gives None) or a missing author."""
    author = data.get("author")
    if author is None or isinstance(author, str):
        return None if author in (None, "", "[deleted]") else author
    return vars(author).get("name")          # a praw Redditor: its name is set, not fetched


def mention_from_thing(thing: Submission | Comment, matcher: TermMatcher) -> Mention:
    """One submission (title, then body) or comment, normalised from its listing fields."""
    created, fullname = identity(thing)
    data = listing_fields(thing)
    if isinstance(thing, Submission):
        text = clean_text(f"{plain_text(data.get('title'))}\n\n{plain_text(data.get('selftext'))}")
        metrics = {"score": data.get("score"), "num_comments": data.get("num_comments")}
    else:
        text = plain_text(data.get("body"))
        metrics = {"score": data.get("score")}
    author = author_name(data)
    permalink = data.get("permalink") or _permalink(thing, data, fullname)
    matched, competitors = matcher.scan(text)   # one pass for both
    return Mention(
        source=NAME,
        native_id=fullname,
        author=author,
        author_id=data.get("author_fullname") or (author.lower() if author else None),
        text=text,
        url=BASE_URL + permalink if permalink else None,
        created_at=datetime.fromtimestamp(float(created), tz=timezone.utc),
        lang=None,
        matched=matched,
        competitors=competitors,
        metrics={k: int(v) for k, v in metrics.items() if isinstance(v, (int, float))},
        raw=_public_fields(data),
    )


def _permalink(thing: Any, data: dict[str, Any], fullname: str) -> str | None:
    """A listing item without its permalink: Reddit's short form, when the ids allow."""
    ident = fullname.split("_", 1)[-1]
    if isinstance(thing, Submission):
        return f"/comments/{ident}/"
    link = data.get("link_id")
    return f"/comments/{link.split('_', 1)[-1]}/_/{ident}/" if isinstance(link, str) else None


def _public_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items()
            if not k.startswith("_") and isinstance(v, (str, int, float, bool, type(None)))}
