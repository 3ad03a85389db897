"""`build_demo`: a fresh demo database, through the real parsers, store writers and scoring."""

from __future__ import annotations

import os
import tempfile
import time as clock
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path

from ambassade.demo import render
from ambassade.demo.corpus import Post, build_competitor_corpus, build_corpus, load
from ambassade.demo.open_sources import open_source_mentions
from ambassade.demo.programme import enrol, govern
from ambassade.demo.proposals import propose
from ambassade.demo.staff import Programme, build_programme
from ambassade.demo.summary import DemoSummary, summarise
from ambassade.errors import ConfigError, StoreError
from ambassade.model import Mention
from ambassade.settings import Settings, load_settings
from ambassade.text.terms import TermMatcher
from collectors import reddit, rss, x
from collectors.base import brand_matcher
from collectors.employees import link_host_of
from collectors.shares import detect_shares, employee_post_allowed, normal_handle
from charter.config import checker_from_settings
from collectors.urls import canonical_url
from programme.governance import propose_mentions
from scoring.batch import score_store
from scoring.signals import refresh_signals
from alerts.incidents import refresh_incidents
from store.connect import Store, is_database_url, open_store, read_only, redact
from store.links import add_tracking
from store.mentions import insert_mentions
from store.passes import catch_up
from store.programme import (
    Content,
    content_id,
    insert_share_links,
    insert_shares,
    upsert_content,
)
from store.state import finish_run, has_run, start_run
from store.daily import keep_zone
from store.voice import set_own_accounts
from store.corrections import correct

Progress = Callable[[str], None]
# The scheduler's signal passes are replayed over this many days: enough to cover the good
# buzz (44 days ago) and the bad buzz; the spike baseline (28 days by default) needs the days
# before them, which the 90 days of data provide. Each pass costs about 0.1 s.
REPLAY_DAYS = 48
EMPLOYEE_REDDIT_IDS = 1_000_000     # employees' Reddit posts are numbered apart from the rest
DEMO_CORRECTOR = "Équipe communication (démo)"
RIVAL_SEQUENCE = 2048              # the competitor search's tweet ids are numbered apart

__all__ = ["DEMO_SETTINGS", "DemoSummary", "build_demo", "demo_settings"]

DEMO_SETTINGS = resources.files("ambassade.demo").joinpath("ambassade.toml")


def demo_settings() -> Settings:
    """The bundled settings describing Maison Lemoine."""
    with resources.as_file(DEMO_SETTINGS) as path:
        return load_settings(path)


@dataclass
class Parsed:
    """What the real parsers made of the rendered payloads."""

    mentions: list[Mention]
    employee_posts: list[Mention]
    content: list[Content]
    dropped_feed_entries: int = 0


def build_demo(db_path: Path, today: date | None = None, progress: Progress | None = None,
               now: datetime | None = None, hostile: bool = False) -> DemoSummary:
    """Replace `db_path` with a demo database for the 90 days ending `today` (UTC).

    `now` (default: the clock) only matters when `today` is its day: nothing is dated after it.
    `hostile` adds the corpus's pipeline-breaking posts (markup, formulas): for tests only.
    """
    say = progress or (lambda line: None)
    db_path = db_path if is_database_url(db_path) else Path(db_path)
    check_replaceable(db_path)  # fail before any work, with the store's one-line error
    started = clock.perf_counter()
    now = now or datetime.now(timezone.utc)
    today = today or now.astimezone(timezone.utc).date()
    # A demo of a past day ends at that day's midnight; today's ends now.
    end = min(now, datetime.combine(today + timedelta(days=1), datetime.min.time(), timezone.utc))
    settings = demo_settings()
    matcher = brand_matcher(settings)

    posts = _posted_by(build_corpus(today, hostile=hostile), end)
    rivals = _posted_by(build_competitor_corpus(today), end)   # the competitor's own X search
    link_host = link_host_of(settings)
    if link_host is None:
        raise ConfigError("the demo settings need [links] base_url")
    programme = build_programme(today, lambda url: content_id(canonical_url(url)), link_host)
    programme.posts = _posted_by(programme.posts, end)
    programme.visits = sorted((v for v in programme.visits if v.at <= end), key=lambda v: v.at)
    programme.links = [link for link in programme.links if link.created_at <= end]
    # Someone enrolled without the shares scope never shares through the programme, and
    # their handles are never read (the timeline generator does not know scopes).
    sharing = {e.id for e in programme.employees if e.shares_ok}
    programme.links = [link for link in programme.links if link.employee_id in sharing]
    codes = {link.code for link in programme.links}
    programme.visits = [v for v in programme.visits if v.code in codes]
    say(f"demo: {len(posts)} public posts and {len(programme.posts)} employee posts "
        f"for the 90 days ending {today.isoformat()}")

    parsed = parse_payloads(posts, programme, matcher)
    parsed.mentions.extend(m for page in render.x_pages(rivals, first_sequence=RIVAL_SEQUENCE)
                           for m in x.mentions_from_page(page, matcher))
    # Mastodon statuses and Hacker News hits (issue 15), read back by their collectors' parsers.
    parsed.mentions.extend(open_source_mentions(today, end, matcher))
    say(f"demo: parsed {len(parsed.mentions)} mentions from X, Reddit, RSS, Mastodon and Hacker News payloads "
        f"({parsed.dropped_feed_entries} feed entries without brand terms dropped)")

    kept, shares = _advocacy(parsed, programme, matcher)
    say(f"demo: kept {len(kept)} of {len(parsed.employee_posts)} employee posts, "
        f"{len(shares)} shares detected")

    store = _fresh_store(db_path)
    try:
        with store.transaction() as db:
            run = start_run(db, "demo")
            set_own_accounts(db, settings.brand.own_account_keys())
            keep_zone(db, settings.brand.timezone)     # the daily counts' local days (store/daily.py)
            insert_mentions(db, parsed.mentions + kept, collected_at=end)
            enrol(db, programme)
            for item in sorted(parsed.content, key=lambda c: (c.published_at or end, c.id)):
                upsert_content(db, [item], now=item.published_at or end)   # as the feed brought them
            reviews = govern(db, settings, checker_from_settings(settings).check, programme.content)
            insert_share_links(db, programme.links)
            add_tracking(db, [(link.code, programme.utm_codes[link.code],
                               link.created_at + timedelta(days=settings.links.expire_days))
                              for link in programme.links])
            insert_shares(db, shares)
            finish_run(db, run, "ok", items=len(parsed.mentions) + len(kept))
        say(f"demo: {len(programme.employees)} enrolled by their own acceptance, "
            f"{len(programme.invited)} invitations; content reviews {reviews}")
        _visit_links(store, programme, settings, say)
        with store.transaction() as db:
            corrected = _corrections(db, parsed.mentions, end)
        say(f"demo: {corrected} mentions corrected by the comms team")
        _score(store, settings, matcher, end, say)
        with store.transaction() as db:
            proposed = propose_mentions(db, settings, end - timedelta(days=21), end, limit=3)
        say(f"demo: {len(proposed)} positive public mentions proposed for amplifying")
        with store.transaction() as db:
            ideas = propose(db, settings, checker_from_settings(settings).check, end)
        say(f"demo: employees' proposals {ideas}")
        # Last, after the corrections' recounts: the file as a pass leaves it.
        catch_up(store)     # the explorer's word index (migration 0026), the authors' numbers (0030)
        summary = summarise(store, clock.perf_counter() - started)
    finally:
        store.close()
    say(f"demo: built {redact(db_path)} in {summary.seconds:.1f} s")
    return summary


def _corrections(db: Store, mentions: Sequence[Mention], end: datetime) -> int:
    """The comms team's corrections: sarcastic price complaints ("…, non merci !") that the
    scorer may read as positive are set negative."""
    sarcastic = sorted((m for m in mentions if "non merci" in m.text.lower()), key=lambda m: m.id)[:6]
    for m in sarcastic:
        correct(db, m.id, label="negative", by=DEMO_CORRECTOR, at=end - timedelta(days=1))
    return len(sarcastic)


def parse_payloads(posts: Sequence[Post], programme: Programme, matcher: TermMatcher) -> Parsed:
    """Render every payload in its API's shape, then read it back with the collectors' parsers."""
    mentions: list[Mention] = []
    for page in render.x_pages([p for p in posts if p.source == "x"]):
        mentions.extend(x.mentions_from_page(page, matcher))
    client = reddit.offline_reddit()
    for listing in render.reddit_listings([p for p in posts if p.source == "reddit"]):
        mentions.extend(reddit.mention_from_thing(thing, matcher)
                        for thing in reddit.things_from_listing(client, listing))
    dropped = 0
    for url, body in render.news_feeds(posts, load("news.json")["feeds"]):
        feed = rss.parse_feed(body, url)
        for entry in feed.entries:
            mention = rss.mention_from_entry(entry, feed, url, matcher)
            if mention.matched or mention.competitors:   # what names the brand or a competitor
                mentions.append(mention)
            else:
                dropped += 1
    # Employees' declared handles: their X timelines, and their Reddit posts.
    employee_posts = [m for page in render.x_pages([p for p in programme.posts if p.source == "x"])
                      for m in x.mentions_from_page(page, matcher)]
    staff_reddit = [p for p in programme.posts if p.source == "reddit"]
    for listing in render.reddit_listings(staff_reddit, first_id=EMPLOYEE_REDDIT_IDS):
        employee_posts.extend(reddit.mention_from_thing(thing, matcher)
                              for thing in reddit.things_from_listing(client, listing))
    feed_meta = load("content.json")["feed"]
    content_feed = rss.parse_feed(render.content_feed(feed_meta, programme.content), feed_meta["url"])
    content = [rss.content_from_entry(e, feed_meta["url"], content_feed) for e in content_feed.entries]
    return Parsed(mentions, employee_posts, content, dropped)


def _advocacy(parsed: Parsed, programme: Programme, matcher: TermMatcher):
    """Employee posts that collection may keep, and the shares among them."""
    by_employee = {e.id: e for e in programme.employees}
    # Only the handles of people with the shares scope are read (store: sharing_handles).
    handles = {(source, normal_handle(handle)): e.id
               for e in programme.employees if e.shares_ok for source, handle in e.handles.items()}
    content = {c.canonical_url: c for c in parsed.content}
    codes = {link.code: link for link in programme.links}
    kept = [m for m in parsed.employee_posts
            if (m.source, normal_handle(m.author)) in handles and employee_post_allowed(m, by_employee[handles[(m.source, normal_handle(m.author))]],
                                     content, codes, programme.link_host)]
    known = {m.id for m in parsed.mentions}
    kept = [m for m in kept if m.id not in known]
    shares = detect_shares(parsed.mentions + kept, handles, content, codes, programme.link_host)
    return kept, shares


def _visit_links(store: Store, programme: Programme, settings: Settings, say: Progress) -> None:
    """The demo's clicks, the way real ones come: each visit classified and spooled by the
    redirector's own code, then the spool ingested by the scheduler's ingestion."""
    from links.ingest import ingest_spool  # noqa: PLC0415
    from links.redirector import Redirector  # noqa: PLC0415
    from links.spool import SpoolWriter  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="ambassade-demo-spool-") as folder:
        redirector = Redirector(lambda: [], SpoolWriter(Path(folder)), campaign=settings.links.utm_campaign,
                                dedupe_minutes=settings.links.dedupe_minutes)
        for visit in programme.visits:
            at = visit.at.timestamp()
            redirector.record(visit.code, visit.agent, visit.method, visit.address, at, visitor_clock=at)
        redirector.stop()
        stats = ingest_spool(store, Path(folder))
    say(f"demo: {len(programme.visits)} visits of share links through the redirector: "
        f"{stats.clicks} clicks, {stats.others} bot or repeat hits")


def _score(store: Store, settings: Settings, matcher: TermMatcher, end: datetime,
           say: Progress) -> int:
    """Language and sentiment for every mention, then the signals as the scheduler would have
    computed them: one pass per spike look-back period over the last REPLAY_DAYS, ending at `end`.

    Returns the number of signal passes."""
    score_store(store, matcher, settings.brand.languages, progress=say)
    step = timedelta(hours=settings.scoring.spike_lookback_hours)
    passes = max(1, int(timedelta(days=REPLAY_DAYS) / step))
    for k in range(passes, -1, -1):      # end-aligned, so look-back windows never overlap
        refresh_signals(store, settings, now=end - k * step)
    refresh_incidents(store, settings, now=end)   # the alerts merged into incidents (alerts/)
    say(f"demo: spike and advocacy signals replayed over the last {REPLAY_DAYS} days "
        f"({passes + 1} passes)")
    return passes + 1


def _posted_by(posts: list[Post], end: datetime) -> list[Post]:
    """The posts planned up to `end`: those planned later today are not written yet.

    Moving them before `end` instead piled the rest of the day into its last hours, and a
    build just after midnight showed a volume incident going on (issue 14). Ids come from the
    plan, so a build later the same day keeps every earlier post's id and adds the new ones."""
    return [post for post in posts if post.created_at <= end]


def check_replaceable(db_path: Path | str) -> None:
    """Refuse to replace anything but an earlier demo database: `--db` may point at real data."""
    if is_database_url(db_path):
        from store.postgres import holds_tables

        if holds_tables(db_path):
            _check_is_demo(db_path)
        return
    if db_path.is_dir():
        raise StoreError(f"{db_path}: is a directory, not a database file")
    if not db_path.exists() or db_path.stat().st_size == 0:
        return
    if not os.access(db_path, os.W_OK) or not db_path.stat().st_mode & 0o222:
        raise StoreError(f"{db_path}: database file is read-only")
    _check_is_demo(db_path)


def _check_is_demo(db_path: Path | str) -> None:
    try:
        with read_only(db_path, retry_seconds=0) as store:
            is_demo = has_run(store, "demo")
    except StoreError as exc:
        raise StoreError(f"{exc}; the demo only replaces an earlier demo database") from None
    if not is_demo:
        raise StoreError(
            f"{redact(str(db_path))}: holds data that is not an Ambassade demo; the demo will not replace it "
            "(choose another --db or AMBASSADE_DB)"
        )


def _fresh_store(db_path: Path | str) -> Store:
    """Remove an old database (and its write-ahead log) at `db_path`, then create it anew.
    On PostgreSQL (checked by check_replaceable first) the schema's objects are dropped."""
    if is_database_url(db_path):
        from store.postgres import drop_schema_objects

        drop_schema_objects(db_path)
        return open_store(db_path)
    db_path = Path(db_path)
    if db_path.is_dir():
        raise StoreError(f"{db_path}: is a directory, not a database file")
    for stale in (db_path, db_path.with_name(db_path.name + ".wal")):
        try:
            stale.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreError(f"{stale}: cannot replace ({exc.strerror})") from None
    return open_store(db_path)
