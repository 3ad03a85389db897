"""Reddit through praw: turning submissions and comments into Mentions."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import praw
from praw.models import Comment, Submission

from ambassade.model import Mention
from collectors.text import TermMatcher, clean_text, plain_text

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


def mention_from_thing(thing: Submission | Comment, matcher: TermMatcher) -> Mention:
    """One submission (title, then body) or comment, normalised."""
    if isinstance(thing, Submission):
        text = clean_text(f"{plain_text(thing.title)}\n\n{plain_text(thing.selftext)}")
        metrics = {"score": thing.score, "num_comments": thing.num_comments}
    else:
        text = plain_text(thing.body)
        metrics = {"score": thing.score}
    author = thing.author.name if thing.author else None
    return Mention(
        source=NAME,
        native_id=thing.fullname,
        author=author,
        author_id=getattr(thing, "author_fullname", None) or (author.lower() if author else None),
        text=text,
        url=BASE_URL + thing.permalink,
        created_at=datetime.fromtimestamp(float(thing.created_utc), tz=timezone.utc),
        lang=None,
        matched=matcher.match(text),
        metrics={k: int(v) for k, v in metrics.items() if v is not None},
        raw=_public_fields(thing),
    )


def _public_fields(thing: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(thing).items()
            if not k.startswith("_") and isinstance(v, (str, int, float, bool, type(None)))}
