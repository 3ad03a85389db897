"""GDELT DOC 2.0 article search: news coverage, per query and source language.

`GET /api/v2/doc/doc?query=<q> sourcelang:<language>&mode=artlist&format=json&sort=datedesc
&maxrecords=250&startdatetime=…&enddatetime=…` lists articles (url, title, seendate, domain,
language, sourcecountry), newest first, at most 250 a request, through `collectors.http`.
A search is the listening: every article is a mention (GDELT matches on text we do not see,
so `matched` may be empty).

Cursor (STYLE.md): `since`, the newest `seendate` stored. A run fixes its window on its
first request (`upper`, the time it started) and walks down it: when a page is full, the next
asks for articles seen before that page's oldest (`end`); each page stores `since`, `upper`
and `end`, so a stopped run resumes below what it stored, and the last page moves `since` to
the run's newest article. GDELT updates every 15 minutes and asks for at most one request
every five seconds: requests are spaced, and a window starts 15 minutes before `since`
(the overlap is stored once).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar
from urllib.parse import urlencode

import requests

from ambassade.errors import BadPayload
from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from collectors.base import Cursor, Lookups, Page, brand_matcher, every_page, parse_each
from collectors.http import DEFAULT_TIMEOUT, fetch, make_session
from collectors.text import plain_text

log = logging.getLogger(__name__)
NAME = "gdelt"
BASE_URL = "https://api.gdeltproject.org/api/v2/doc/doc"
MAX_RECORDS = 250
OVERLAP = timedelta(minutes=15)
STAMP = "%Y%m%d%H%M%S"
# GDELT's language names -> ISO 639-1, for the languages Ambassade scores.
LANGS = {"french": "fr", "english": "en", "german": "de", "spanish": "es", "italian": "it",
         "dutch": "nl", "portuguese": "pt"}


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime(STAMP)


def _seen(value: str) -> datetime:
    """GDELT's `seendate` ("20261120T081500Z") in UTC."""
    return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)


class GdeltCollector:
    """`[gdelt] queries` × `languages`, each a partition "<query> sourcelang:<language>"."""

    name: ClassVar[str] = NAME
    reads_source: ClassVar[str] = NAME
    paused: str | None = None
    notice: str | None = None

    def __init__(self, queries: list[str], languages: list[str], matcher: TermMatcher, *,
                 base_url: str = BASE_URL, first_days: int = 3, max_records: int = MAX_RECORDS,
                 max_pages: int = 20, min_interval: float = 5.0,
                 session: requests.Session | None = None,
                 timeout: tuple[float, float] = DEFAULT_TIMEOUT,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                 sleep: Callable[[float], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.queries = list(dict.fromkeys(q.strip() for q in queries if q.strip()))
        self.languages = list(dict.fromkeys(lang.strip().lower() for lang in languages if lang.strip()))
        self.matcher = matcher
        self.base_url = base_url
        self.first_days, self.max_records, self.max_pages = first_days, max_records, max_pages
        self.min_interval = min_interval
        self.session = make_session(session, timeout)
        self.now, self.clock = now, clock
        self.sleep = sleep or (lambda seconds: time.sleep(seconds))
        self._last_request: float | None = None

    def partitions(self) -> list[str]:
        return [f"{q} sourcelang:{lang}" for q in self.queries for lang in self.languages]

    def pages(self, query: str, cursor: Cursor | None) -> Iterator[Page]:
        state = dict(cursor.state) if cursor else {}
        since = datetime.strptime(state["since"], STAMP).replace(tzinfo=timezone.utc) if state.get("since") else None
        upper = datetime.strptime(state["upper"], STAMP).replace(tzinfo=timezone.utc) if state.get("upper") else None
        end = datetime.strptime(state["end"], STAMP).replace(tzinfo=timezone.utc) if state.get("end") else None
        newest = state.get("newest")
        if upper is None:
            upper, end, newest = self.now(), None, None
        start = (since - OVERLAP) if since else upper - timedelta(days=self.first_days)
        for _ in range(self.max_pages):
            articles = self._search(query, start, end or upper)
            read, skipped = parse_each(articles, lambda a: mention_from_article(a, self.matcher),
                                       f"GDELT {query}", log)
            mentions = [mention for _, mention in read]
            times = [mention.created_at for mention in mentions]
            if times:
                top = _stamp(max(times))
                newest = max(newest or top, top)
            # Full: more may be older in the window. No progress (a full page of one seendate,
            # GDELT's times are coarse) ends the walk rather than asking the same page again.
            full = (len(articles) >= self.max_records and bool(times) and min(times) > start
                    and (end is None or min(times) < end))
            if full:
                end = min(times)                     # the next page: seen before this one's oldest
                state = {"since": _stamp(since) if since else "", "upper": _stamp(upper),
                         "end": _stamp(end), "newest": newest or ""}
            else:
                state = {"since": newest or (_stamp(since) if since else "")}
            yield Page(mentions, Cursor(NAME, query, {k: v for k, v in state.items() if v}),
                       skipped=skipped)
            if not full:
                return
        yield Page([], Cursor(NAME, query, {"since": newest} if newest else {}))

    def preview(self, query: str) -> Iterator[list[Mention]]:
        """The partition's pages over the first-run window, storing nothing."""
        return every_page(self, query)

    def search_url(self, query: str, start: datetime, end: datetime) -> str:
        params = {"query": query, "mode": "artlist", "format": "json", "sort": "datedesc",
                  "maxrecords": self.max_records, "startdatetime": _stamp(start),
                  "enddatetime": _stamp(end)}
        return f"{self.base_url}?{urlencode(params)}"

    def _search(self, query: str, start: datetime, end: datetime) -> list[Any]:
        self._space_out()
        fetched = fetch(self.session, self.search_url(query, start, end))
        text = fetched.body.decode("utf-8", errors="replace").strip()
        if not text or text == "{}":
            return []                                  # GDELT's answer when nothing matched
        try:
            body = json.loads(text, strict=False)      # GDELT leaves control characters in titles
        except ValueError:
            # GDELT answers query errors as plain text with status 200 ("Your search ...").
            if not text.startswith(("{", "[")):
                raise BadPayload(f"GDELT {query}: {text.splitlines()[0][:200]}") from None
            raise BadPayload(f"GDELT {query}: response is not valid JSON") from None
        if not isinstance(body, dict) or not isinstance(body.get("articles", []), list):
            raise BadPayload(f"GDELT {query}: response is not an article list")
        return body.get("articles", [])

    def _space_out(self) -> None:
        now = self.clock()
        if self._last_request is not None:
            wait = self.min_interval - (now - self._last_request)
            if wait > 0:
                self.sleep(wait)
        self._last_request = self.clock()


def mention_from_article(article: dict[str, Any], matcher: TermMatcher) -> Mention:
    """One GDELT article: its title, its site as author, source country and language kept."""
    url = str(article["url"]).strip()
    if not url.lower().startswith(("http://", "https://")) or len(url) > 2000:
        raise BadPayload("GDELT: article without an http(s) URL")
    title = plain_text(article.get("title"))
    domain = str(article.get("domain") or "").strip().lower() or None
    language = str(article.get("language") or "").strip().lower()
    return Mention(
        source=NAME, native_id=url, author=domain, author_id=domain, text=title, url=url,
        created_at=_seen(str(article["seendate"])), lang=LANGS.get(language),
        matched=matcher.match(title), metrics={},
        raw={k: article.get(k) for k in ("url", "title", "seendate", "domain", "language",
                                         "sourcecountry", "socialimage")},
        author_name=domain)


def from_settings(settings, lookups: Lookups | None = None) -> GdeltCollector:
    """The collector for `[gdelt] queries` (no account, no key)."""
    section = settings.gdelt
    return GdeltCollector(section.queries, section.languages, brand_matcher(settings),
                          base_url=section.base_url, first_days=section.first_days,
                          max_records=section.max_records)
