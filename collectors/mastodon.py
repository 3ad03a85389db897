"""Mastodon: hashtag timelines of the configured instances, and search where a token is set.

Uses Mastodon.py. A hashtag timeline is search-based, like X and Reddit searches: every
status it returns is a mention. Since Mastodon 4.5 an instance chooses who may read its
hashtag timelines (`configuration.timelines_access` of `GET /api/v2/instance`); where
anonymous reads are refused, the collector says so and uses MASTODON_ACCESS_TOKEN if that
token belongs to the instance, else the partition is refused with one line saying what to set.

Ids: a status has a local id on every instance that knows it, so the mention's native id is
its public URL without the scheme (`mastodon.social/@name/1234`), the same on every instance
and the same the employee-shares collector gives a post from a profile feed: reading one
post through two instances, or through both collectors, stores it once.

Boosts: a boost is amplification, not a new mention. Timelines and search rarely return one,
but when they do the boosted original is taken instead and counted once (its own id); the
boost itself is dropped and counted as skipped.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar
from urllib.parse import urlsplit

from mastodon import Mastodon
from mastodon import errors as merr

from ambassade.errors import BadPayload, MissingCredentials, RateLimited, SourceError, SourceUnavailable
from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from collectors.base import Cursor, Lookups, Page, brand_matcher, parsing
from collectors.http import USER_AGENT, make_session
from collectors.shares import consented_shares
from collectors.text import plain_text

log = logging.getLogger(__name__)
NAME = "mastodon"
PAGE_SIZE = 40                       # Mastodon's largest timeline page
TAG = "tag:"
SEARCH = "search:"


def partition(instance: str, kind: str, what: str) -> str:
    """"<instance URL> tag:<hashtag>" or "<instance URL> search:<query>"."""
    return f"{instance} {kind}{what}"


def split_partition(query: str) -> tuple[str, str, str]:
    instance, _, rest = query.partition(" ")
    kind = TAG if rest.startswith(TAG) else SEARCH
    return instance, kind, rest[len(kind):]


def _id_key(status_id: Any) -> int:
    try:
        return int(str(status_id))
    except ValueError:
        raise BadPayload(f"Mastodon: status id {str(status_id)[:40]!r} is not a number") from None


class MastodonCollector:
    """Newest first through `max_id`, down to the stored `since_id`.

    Cursor (STYLE.md): the last page of a run sets `since_id` to the run's newest status id;
    pages before it keep the old `since_id` and carry `max_id` (the oldest id read so far) and
    `run_newest`, so a stopped run resumes below what it stored. A first run reads at most
    `max_pages` pages per partition.
    """

    name: ClassVar[str] = NAME
    reads_source: ClassVar[str] = NAME       # Mastodon bills no reads
    paused: str | None = None                # never pauses itself

    def __init__(self, instances: list[str], hashtags: list[str], queries: list[str],
                 matcher: TermMatcher, *, token: str | None = None,
                 token_instance: str | None = None, max_pages: int = 10,
                 timeout: float = 30.0, programme=None) -> None:
        self.instances = list(dict.fromkeys(i.rstrip("/") for i in instances))
        self.hashtags = list(dict.fromkeys(h.strip().lstrip("#") for h in hashtags if h.strip("# ")))
        self.queries = list(dict.fromkeys(q for q in queries if q.strip()))
        self.matcher = matcher
        self.token = token
        self.token_instance = (token_instance or (self.instances[0] if self.instances else "")).rstrip("/")
        self.max_pages = max_pages
        self.timeout = timeout
        self.programme = programme
        self.notice: str | None = None
        if self.queries and not token:
            self.notice = "mastodon: search needs MASTODON_ACCESS_TOKEN; only hashtag timelines are read"
        self._clients: dict[tuple[str, bool], Mastodon] = {}
        self._anonymous_ok: dict[str, bool] = {}

    def partitions(self) -> list[str]:
        found = [partition(i, TAG, t) for i in self.instances for t in self.hashtags]
        if self.token and self.token_instance:
            found += [partition(self.token_instance, SEARCH, q) for q in self.queries]
        return found

    def pages(self, query: str, cursor: Cursor | None) -> Iterator[Page]:
        instance, kind, what = split_partition(query)
        state = dict(cursor.state) if cursor else {}
        since_id = state.get("since_id")
        max_id = state.get("max_id")
        run_newest = state.get("run_newest") if max_id else None
        client = self._client_for(instance, kind)
        for _ in range(self.max_pages if not since_id else 10_000):
            with mastodon_errors(f"Mastodon {query}", client):
                statuses = self._fetch(client, kind, what, since_id, max_id)
            with parsing(f"Mastodon {query}"):
                ids = [_id_key(s["id"]) for s in statuses]
                # Search has no since_id: stop at what an earlier run stored.
                fresh = [(k, s) for k, s in zip(ids, statuses) if not since_id or k > int(since_id)]
                if fresh:
                    newest = max(k for k, _ in fresh)
                    run_newest = str(max(newest, int(run_newest or 0)))
                mentions, skipped = self._mentions(instance, [s for _, s in fresh])
            more = len(fresh) == len(statuses) and bool(statuses)
            if more:
                max_id = str(min(ids))
                new = {"since_id": since_id, "max_id": max_id, "run_newest": run_newest}
            else:
                new = {"since_id": run_newest or since_id}
            yield Page(mentions, Cursor(NAME, query, {k: v for k, v in new.items() if v}),
                       shares=consented_shares(mentions, self.programme), skipped=skipped)
            if not more:
                return
        # A first run's depth is spent: the next run starts above what this one stored.
        if run_newest:
            yield Page([], Cursor(NAME, query, {"since_id": run_newest}))

    def preview(self, query: str) -> Iterator[list[Mention]]:
        """The partition's pages from the start (reads are free; a first run's depth)."""
        for page in self.pages(query, None):
            yield page.mentions

    def _fetch(self, client: Mastodon, kind: str, what: str, since_id: str | None,
               max_id: str | None) -> list:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")     # Mastodon.py warns about access; we decided
            if kind == TAG:
                return list(client.timeline_hashtag(what, since_id=since_id, max_id=max_id,
                                                    limit=PAGE_SIZE))
            found = client.search_v2(what, resolve=False, result_type="statuses", max_id=max_id,
                                     limit=PAGE_SIZE)
        return list(found["statuses"])

    def _mentions(self, instance: str, statuses: list) -> tuple[list[Mention], int]:
        mentions: dict[str, Mention] = {}
        skipped = 0
        for status in statuses:
            if status.get("reblog"):
                skipped += 1                    # the boost; its original is counted once
                status = status["reblog"]
            mention = mention_from_status(status, instance, self.matcher)
            if mention.id in mentions:
                skipped += 1
                continue
            mentions[mention.id] = mention
        return list(mentions.values()), skipped

    def _client_for(self, instance: str, kind: str) -> Mastodon:
        """Anonymous where the instance lets anyone read hashtag timelines, else the token."""
        owns_token = bool(self.token) and instance == self.token_instance
        if kind == SEARCH:
            return self._client(instance, True)
        if instance not in self._anonymous_ok:
            self._anonymous_ok[instance] = self._anonymous_allowed(instance)
        if self._anonymous_ok[instance]:
            return self._client(instance, False)
        if owns_token:
            return self._client(instance, True)
        raise SourceError(f"Mastodon {instance}: hashtag timelines are only for logged-in users "
                          "there (timelines_access); set MASTODON_ACCESS_TOKEN and "
                          "[mastodon] token_instance to read them")

    def _anonymous_allowed(self, instance: str) -> bool:
        """Whether `timelines_access.hashtag_feeds` lets anyone read (instances before 4.5 do)."""
        client = self._client(instance, False)
        try:
            with mastodon_errors(f"Mastodon {instance}", client):
                info = client.instance_v2()
        except SourceError as exc:
            if "access refused" not in str(exc) and "not found" not in str(exc):
                raise
            return "not found" in str(exc)      # no v2 instance API: an older, open instance
        try:
            feeds = info["configuration"]["timelines_access"]["hashtag_feeds"]
        except (KeyError, TypeError):
            return True
        refused = [where for where in ("local", "remote") if str(feeds.get(where)) != "public"]
        if refused:
            with_token = bool(self.token) and instance == self.token_instance
            line = (f"mastodon: {instance} lets only logged-in users read its "
                    f"{' and '.join(refused)} hashtag timelines; "
                    + ("reading them with MASTODON_ACCESS_TOKEN" if with_token
                       else "set MASTODON_ACCESS_TOKEN to read them"))
            log.info(line)
            self.notice = line
        return not refused

    def _client(self, instance: str, authed: bool) -> Mastodon:
        key = (instance, authed)
        if key not in self._clients:
            session = make_session()
            session.headers["User-Agent"] = USER_AGENT
            self._clients[key] = Mastodon(
                api_base_url=instance, access_token=self.token if authed else None,
                ratelimit_method="throw", request_timeout=self.timeout, session=session,
                version_check_mode="none", user_agent=USER_AGENT)
        return self._clients[key]


@contextmanager
def mastodon_errors(what: str, client: Mastodon | None = None) -> Iterator[None]:
    """Mastodon.py's exceptions as Ambassade's SourceErrors (429 with its reset time)."""
    try:
        yield
    except merr.MastodonRatelimitError:
        reset = _reset_of(client)
        raise RateLimited(f"{what}: rate limited until {reset:%H:%M:%S} UTC", reset) from None
    except merr.MastodonUnauthorizedError:
        raise SourceError(f"{what}: access refused (401); check MASTODON_ACCESS_TOKEN") from None
    except merr.MastodonNotFoundError:
        raise SourceError(f"{what}: not found (404)") from None
    except merr.MastodonServerError as exc:
        raise SourceUnavailable(f"{what}: server error ({_status(exc)})") from None
    except merr.MastodonNetworkError as exc:
        kind = "timed out" if "timed out" in str(exc).lower() or "timeout" in str(exc).lower() else "cannot connect"
        raise SourceUnavailable(f"{what}: {kind}") from None
    except merr.MastodonAPIError as exc:
        if "Could not parse response as JSON" in str(exc):
            raise BadPayload(f"{what}: response is not valid JSON") from None
        code = _status(exc)
        if code == 403:
            raise SourceError(f"{what}: access refused (403)") from None
        raise SourceError(f"{what}: HTTP {code}") from None
    except (merr.MastodonIllegalArgumentError, merr.MastodonVersionError) as exc:
        raise SourceError(f"{what}: refused by Mastodon.py ({exc})") from None


def _status(exc: Exception) -> Any:
    return exc.args[1] if len(exc.args) > 1 else "?"


def _reset_of(client: Mastodon | None) -> datetime:
    now = datetime.now(timezone.utc)
    reset = getattr(client, "ratelimit_reset", None) if client is not None else None
    try:
        at = datetime.fromtimestamp(float(reset), tz=timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return now + timedelta(minutes=5)
    return at if at > now else now + timedelta(minutes=5)


def mention_from_status(status: Any, instance: str, matcher: TermMatcher) -> Mention:
    """One status as a Mention: HTML to text, author `@name@instance`, id from its public URL."""
    account = status["account"]
    url = status.get("url") or status.get("uri") or ""
    native = urlsplit(url)
    if native.scheme not in ("http", "https") or not native.netloc:
        raise BadPayload("Mastodon: status without a public URL")
    native_id = (native.netloc + native.path).rstrip("/")
    text = plain_text(status.get("content"))
    spoiler = plain_text(status.get("spoiler_text"))
    if spoiler:
        text = f"{spoiler}\n\n{text}".strip()
    tags = " ".join("#" + t["name"] for t in status.get("tags") or [] if t.get("name"))
    links = " ".join(filter(None, [(status.get("card") or {}).get("url")]))
    created = status["created_at"]
    if isinstance(created, str):
        created = datetime.fromisoformat(created.replace("Z", "+00:00"))
    if created.tzinfo is None:
        created = created.replace(tzinfo=timezone.utc)
    author = handle_of(account, instance)
    metrics = {k: int(status[k]) for k in ("replies_count", "reblogs_count", "favourites_count")
               if isinstance(status.get(k), int)}
    return Mention(
        source=NAME, native_id=native_id, author=author, author_id=author.lower(),
        text=text, url=url, created_at=created,
        lang=(status.get("language") or None), matched=matcher.match(f"{text}\n{tags}\n{links}"),
        metrics=metrics, raw=_plain(status), author_name=account.get("display_name") or None,
        author_followers=account.get("followers_count") if isinstance(account.get("followers_count"), int) else None)


def handle_of(account: Any, instance: str) -> str:
    """`@name@instance`: `acct` is "name" for the instance's own users, "name@host" else."""
    acct = str(account["acct"]).lstrip("@")
    if "@" in acct:
        return "@" + acct
    host = urlsplit(account.get("url") or "").hostname or urlsplit(instance).netloc
    return f"@{acct}@{host}"


def _plain(value: Any) -> Any:
    """Mastodon.py's attribute dicts as plain JSON-able values for the raw payload."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def from_settings(settings, lookups: Lookups | None = None) -> MastodonCollector:
    """The collector for `[mastodon]`; the token (MASTODON_ACCESS_TOKEN) is optional."""
    from ambassade.settings import secret  # noqa: PLC0415

    section = settings.mastodon
    try:
        token = secret("mastodon_access_token")
    except MissingCredentials:
        token = None
    programme = None
    if lookups is not None and section.instances:
        from collectors.employees import link_host_of  # noqa: PLC0415

        programme = lookups.programme(link_host_of(settings))
    return MastodonCollector(section.instances, section.hashtags, section.queries,
                             brand_matcher(settings), token=token,
                             token_instance=section.token_instance, max_pages=section.max_pages,
                             timeout=section.timeout_seconds, programme=programme)
