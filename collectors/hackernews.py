"""Hacker News: stories and comments by date, through the public Algolia search API.

`GET /api/v1/search_by_date?query=…&tags=(story,comment)&numericFilters=created_at_i>…`
answers newest first, 100 hits a page, through `collectors.http` (timeouts, 5xx retries,
429 as RateLimited). The search is the listening: every hit is a mention.

Cursor (STYLE.md): `since` is the creation time (epoch seconds) below which everything was
stored. A run fixes its window on its first page (`upper`, the newest hit's time) and reads
`since - LAG < created_at_i <= upper` page by page, so pages do not shift while new items
arrive; each page stores `page`, `since` and `upper`, so a stopped run resumes on the next
page; the last page moves `since` to `upper`. The window starts `LAG` seconds before `since`
because Algolia indexes HN with a delay: an item indexed late is still read, and the primary
key makes the overlap harmless.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any, ClassVar
from urllib.parse import urlencode

import requests

from ambassade.errors import BadPayload
from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from collectors.base import Cursor, Lookups, Page, brand_matcher, every_page, parse_each, parsing
from collectors.http import DEFAULT_TIMEOUT, fetch, make_session
from collectors.text import clean_text, plain_text

log = logging.getLogger(__name__)
NAME = "hn"
BASE_URL = "https://hn.algolia.com/api/v1"
HITS_PER_PAGE = 100
LAG = 600                 # seconds of overlap: Algolia indexes HN items a few minutes late
ITEM_URL = "https://news.ycombinator.com/item?id={}"


class HackerNewsCollector:
    """`[hn] queries` searched by date (stories and comments); see the module's cursor rule."""

    name: ClassVar[str] = NAME
    reads_source: ClassVar[str] = NAME      # free: counted under its own name
    paused: str | None = None
    notice: str | None = None

    def __init__(self, queries: list[str], matcher: TermMatcher, *, base_url: str = BASE_URL,
                 max_pages: int = 10, session: requests.Session | None = None,
                 timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> None:
        self.queries = list(dict.fromkeys(q for q in queries if q.strip()))
        self.matcher = matcher
        self.base_url = base_url.rstrip("/")
        self.max_pages = max_pages
        self.session = make_session(session, timeout)

    def partitions(self) -> list[str]:
        return self.queries

    def pages(self, query: str, cursor: Cursor | None) -> Iterator[Page]:
        state = dict(cursor.state) if cursor else {}
        since = int(state["since"]) if state.get("since") else None
        upper = int(state["upper"]) if state.get("upper") else None
        page = int(state.get("page", 0)) if upper is not None else 0
        while True:
            body = self._search(query, since, upper, page)
            with parsing(f"Hacker News {query}"):
                hits = body["hits"]
                pages = int(body.get("nbPages") or 0)
                if not isinstance(hits, list):
                    raise TypeError("hits is not a list")
                if upper is None:           # the run's window: up to the newest hit now
                    upper = max((h["created_at_i"] for h in hits if isinstance(h, dict)
                                 and isinstance(h.get("created_at_i"), int)), default=since)
            read, skipped = parse_each(hits, lambda hit: mention_from_hit(hit, self.matcher),
                                       f"Hacker News {query}", log)
            mentions = [mention for _, mention in read]
            page += 1
            last = page >= pages or not hits or page >= self.max_pages
            if last:
                high = upper if upper is not None else since
                state = {"since": str(high)} if high is not None else {}
            else:
                state = {"since": str(since) if since is not None else "",
                         "upper": str(upper), "page": str(page)}
            yield Page(mentions, Cursor(NAME, query, {k: v for k, v in state.items() if v}),
                       skipped=skipped)
            if last:
                return

    def preview(self, query: str) -> Iterator[list[Mention]]:
        """Every page from the start (reads are free), storing nothing."""
        return every_page(self, query)

    def search_url(self, query: str, since: int | None, upper: int | None, page: int) -> str:
        filters = []
        if since is not None:
            filters.append(f"created_at_i>{since - LAG}")
        if upper is not None:
            filters.append(f"created_at_i<={upper}")
        params = {"query": query, "tags": "(story,comment)", "hitsPerPage": HITS_PER_PAGE,
                  "page": page}
        if filters:
            params["numericFilters"] = ",".join(filters)
        return f"{self.base_url}/search_by_date?{urlencode(params)}"

    def _search(self, query: str, since: int | None, upper: int | None, page: int) -> dict:
        url = self.search_url(query, since, upper, page)
        fetched = fetch(self.session, url)
        try:
            body = json.loads(fetched.body)
        except ValueError:
            raise BadPayload(f"Hacker News {query}: response is not valid JSON") from None
        if not isinstance(body, dict):
            raise BadPayload(f"Hacker News {query}: response is not a JSON object")
        return body


def mention_from_hit(hit: dict[str, Any], matcher: TermMatcher) -> Mention:
    """One Algolia hit (story or comment) as a Mention; a story is its title, then its text."""
    ident = str(hit["objectID"])
    if not ident.isdigit():
        raise BadPayload(f"Hacker News: objectID {ident[:40]!r} is not an item id")
    tags = hit.get("_tags") or []
    if "comment" in tags or hit.get("comment_text"):
        text = plain_text(hit.get("comment_text"))
        context = hit.get("story_url") or ""
    else:
        title = plain_text(hit.get("title"))
        text = clean_text(f"{title}\n\n{plain_text(hit.get('story_text'))}".strip())
        context = hit.get("url") or ""
        if context:
            text = clean_text(f"{text}\n{context}")
            context = ""
    created = datetime.fromtimestamp(int(hit["created_at_i"]), tz=timezone.utc)
    author = hit.get("author") or None
    metrics = {k: int(hit[k]) for k in ("points", "num_comments")
               if isinstance(hit.get(k), int) and not isinstance(hit.get(k), bool)}
    raw = {k: v for k, v in hit.items() if k != "_highlightResult"}
    return Mention(source=NAME, native_id=ident, author=author, author_id=author, text=text,
                   url=ITEM_URL.format(ident), created_at=created, lang=None,
                   matched=matcher.match(f"{text}\n{context}"), metrics=metrics, raw=raw)


def from_settings(settings, lookups: Lookups | None = None) -> HackerNewsCollector:
    """The collector for `[hn] queries` (no account, no key)."""
    section = settings.hn
    return HackerNewsCollector(section.queries, brand_matcher(settings), base_url=section.base_url,
                               max_pages=section.max_pages)
