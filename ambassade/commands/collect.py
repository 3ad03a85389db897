"""`ambassade collect [SOURCE…]`: one incremental pass, or `--dry-run --jsonl` to print entries."""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections.abc import Iterator

import click

from ambassade.errors import InputError, MissingCredentials, SourceError, StoreError, one_line
from ambassade.model import Mention
from ambassade.settings import lock_retry_seconds
from ambassade.text.terms import TermMatcher

log = logging.getLogger(__name__)


@click.command()
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@click.option("--url", "urls", multiple=True, metavar="URL_OR_PATH",
              help="With `rss --dry-run`: read these feeds (URL or local file) instead of the config's.")
@click.option("--dry-run", is_flag=True, help="Fetch and print normalised entries; store nothing.")
@click.option("--jsonl", is_flag=True, help="One JSON object a line on stdout.")
@click.pass_obj
def collect(app, sources: tuple[str, ...], urls: tuple[str, ...], dry_run: bool, jsonl: bool) -> None:
    """One incremental pass of the configured collectors (all of them when no SOURCE is named).

    Sources: rss, reddit, x, shares, and the open ones: mastodon, hn, jetstream, gdelt,
    bluesky (off until their section names something to read). A source whose credentials
    are not set is skipped with one line saying what to set; the others run. With --dry-run, nothing is stored and every
    entry is printed with the brand terms it matched.
    """
    import collectors

    names = list(dict.fromkeys(s.lower() for s in sources)) or collectors.names()
    for name in names:
        collectors.factory(name)                      # unknown names fail before any work
    if urls and (not dry_run or names != ["rss"]):
        raise InputError("--url works only with `collect rss --dry-run`")
    if dry_run:
        sys.exit(_dry_run(app, names, urls, jsonl))
    sys.exit(_collect(app, names, jsonl))


def _dry_run(app, names: list[str], urls: tuple[str, ...], jsonl: bool) -> int:
    import collectors
    from collectors.rss import BENIGN_BOZO, read_feed

    settings = app.settings(required=not urls)
    from collectors.base import brand_matcher

    matcher = brand_matcher(settings) if settings else TermMatcher([])
    read_any, failures = False, 0
    if urls:
        for url in urls:
            try:
                feed, mentions, skipped = read_feed(url, matcher)
            except SourceError as exc:
                click.echo(f"ambassade: {one_line(exc)}", err=True)
                failures += 1
                continue
            read_any = True
            if feed.bozo and feed.bozo not in BENIGN_BOZO:
                click.echo(f"ambassade: {url}: malformed feed ({feed.bozo}), "
                           f"{len(mentions)} entries kept", err=True)
            if skipped:
                click.echo(f"ambassade: {url}: {skipped} entries skipped", err=True)
            _print(mentions, jsonl)
        if not read_any:
            raise SourceError(f"none of the {len(urls)} feeds could be read")
        return 0
    for name in names:
        try:
            collector = collectors.build(name, settings, None)
        except MissingCredentials as exc:
            click.echo(f"ambassade: {name}: skipped: {one_line(exc)}", err=True)
            continue
        for query in collector.partitions():
            try:
                for page in _preview_pages(collector, query):
                    _print(page, jsonl)
                read_any = True
            except SourceError as exc:
                click.echo(f"ambassade: {name}: {one_line(exc)}", err=True)
                failures += 1
    if failures and not read_any:
        return 1
    return 0


def _preview_pages(collector, query: str) -> Iterator[list[Mention]]:
    """Mentions of one partition from the start (no cursor); X stops after one page (paid)."""
    yield from collector.preview(query)


def _print(mentions: list[Mention], jsonl: bool) -> None:
    for m in mentions:
        if jsonl:
            click.echo(json.dumps(m.to_json(), ensure_ascii=False))
        else:
            first = m.text.splitlines()[0][:100] if m.text else ""
            click.echo(f"{m.id}\t{m.created_at:%Y-%m-%d %H:%M}\t{','.join(m.matched) or '-'}\t{first}")


def _collect(app, names: list[str], jsonl: bool) -> int:
    import collectors
    from collectors.base import run_collector
    from store.state import ShortLivedStore, record_skip

    from collectors.http import allow_fetches

    settings = app.settings(required=True)
    stop = threading.Event()
    allow_fetches()
    previous = _on_signals(stop)
    failed = ran = 0
    try:
        path = app.db_path(settings_required=True)
        app.open_store(settings_required=True).close()   # create or upgrade it; bad paths fail here
        store = ShortLivedStore(path, retry_seconds=lock_retry_seconds())
        for name in names:
            if stop.is_set():
                break
            try:
                collector = collectors.build(name, settings, store)
            except MissingCredentials as exc:
                click.echo(f"ambassade: {name}: skipped: {one_line(exc)}", err=True)
                with store.transaction() as db:
                    record_skip(db, f"collect:{name}", one_line(exc))
                continue
            if collector.notice:
                click.echo(f"ambassade: {collector.notice}", err=True)
            ran += 1
            try:
                stats = run_collector(collector, store, stop=stop, progress=_progress())
            except StoreError:
                raise
            except Exception as exc:  # one broken source never stops the others
                log.debug("%s failed", name, exc_info=True)
                click.echo(f"ambassade: failed: {name}: {type(exc).__name__}: {one_line(exc)}",
                           err=True)
                failed += 1
                continue
            failed += stats.status == "failed"
            if jsonl:
                click.echo(json.dumps({"source": name, "status": stats.status,
                                       "new": stats.items, "fetched": stats.seen,
                                       "pages": stats.pages, "skipped": stats.skipped,
                                       "errors": stats.errors, "reads": stats.reads}))
            click.echo(f"ambassade: {stats.status}: {stats.summary()}", err=True)
        if not stop.is_set():
            from store.passes import catch_up

            catch_up(store)    # the word index and the authors' numbers catch up (short transactions)
    finally:
        _restore(previous)
    if stop.is_set():
        return 130
    return 1 if failed or not ran else 0


def _progress():
    """A progress line on stderr every few pages (overwritten in place on a terminal)."""
    tty = sys.stderr.isatty()

    def show(stats) -> None:
        if tty:
            click.echo(f"\r{stats.source}: {stats.pages} pages, {stats.items} new", err=True, nl=False)
        elif stats.pages % 20 == 0:
            click.echo(f"ambassade: {stats.source}: {stats.pages} pages, {stats.items} new", err=True)

    return show


def _on_signals(stop: threading.Event):
    """SIGINT/SIGTERM set `stop`: the page in hand is committed whole, then the run ends; a
    fetch in flight gives up at once, and the process exits within a few seconds whatever
    else is in flight (ambassade.stopping)."""
    from ambassade.stopping import on_stop_signals

    return on_stop_signals(stop.set)


def _restore(previous) -> None:
    from ambassade.stopping import restore

    restore(previous)
