"""`ambassade content`: the content library's governance (proposed -> approved -> expired | rejected)."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import click

from ambassade.errors import InputError, SourceError

# Checked by the store with a one-line error (exit 2), not by click: every command's
# options may come in any order around --config and --db.
_BY = click.option("--by", "by", default=None, metavar="WHO", help="Who decides (required; recorded with the decision).")


@click.group()
def content() -> None:
    """The content library: add pages, approve or reject items, see their state."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _id(value: str) -> str:
    value = value.strip()
    return value if value.startswith("content:") else "content:" + value


def _date(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        day = datetime.strptime(value.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise InputError(f"--expires: {value[:40]!r} is not a date (YYYY-MM-DD)") from None
    return datetime.combine(day + timedelta(days=1), time(0), timezone.utc)   # offered through that day


@content.command("list")
@click.option("--state", type=click.Choice(["proposed", "approved", "expired", "rejected"]), default=None,
              help="Only items in this state.")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of items.")
@click.pass_obj
def list_(app, state: str | None, as_json: bool) -> None:
    """Items of the library with their state, newest first."""
    from programme.display import json_text, terminal_safe
    from store.library import library_items

    with app.open_store() as store:
        items = library_items(store, _now(), state)
    if as_json:
        click.echo(json_text([{"id": i.id, "title": i.title, "url": i.canonical_url, "state": i.state,
                               "lang": i.lang, "tags": list(i.tags), "origin": i.origin,
                               "expires_at": i.expires_at.isoformat() if i.expires_at else None}
                              for i in items]))
        return
    for i in items:
        click.echo("\t".join(terminal_safe(x) for x in (i.id, i.state, i.lang or "-", ",".join(i.tags) or "-",
                                                         i.title, i.canonical_url)))


@content.command("add")
@click.argument("url")
@_BY
@click.option("--tag", "tags", multiple=True, help="A topic (repeat, or separate with commas).")
@click.option("--lang", default=None, help="The page's language (default: what the page says).")
@click.pass_obj
def add(app, url: str, by: str | None, tags: tuple[str, ...], lang: str | None) -> None:
    """Add URL as a proposed item: title, description and image from its OpenGraph tags.

    The page is fetched with the collectors' timeouts and size cap; a page that cannot be
    read (an error status, too large, no title) is reported in one line and nothing is written.
    """
    from programme.display import terminal_safe
    from programme.governance import add_url

    settings = app.settings(required=True)
    if lang is not None and lang not in settings.brand.languages:
        raise InputError(f"--lang: {lang[:8]!r} is not one of {', '.join(settings.brand.languages)}")
    with app.open_store() as store:
        try:
            with store.transaction() as db:
                item = add_url(db, settings, url, by, _now(), tags, lang)
        except SourceError as exc:
            raise InputError(f"cannot add it: {exc}") from None
    click.echo(f"{item.id}: proposed: {terminal_safe(item.title)}")


@content.command("approve")
@click.argument("content_id")
@_BY
@click.option("--why", default=None, help="Why (recorded with the decision).")
@click.option("--expires", default=None, metavar="YYYY-MM-DD",
              help="Last day it is offered (default: [programme] expiry_days from now).")
@click.option("--tag", "tags", multiple=True, help="Set its topics (repeat, or separate with commas).")
@click.pass_obj
def approve(app, content_id: str, by: str | None, why: str | None, expires: str | None, tags: tuple[str, ...]) -> None:
    """Approve CONTENT_ID: its suggested texts are checked with the charter and the findings shown.

    Texts that the charter blocks are never offered; fix the title or summary, or reject it.
    """
    from charter.config import checker_from_settings
    from programme.display import terminal_safe
    from programme.governance import approve as approve_item

    settings = app.settings(required=True)
    checker = checker_from_settings(settings)
    with app.open_store() as store, store.transaction() as db:
        done = approve_item(db, settings, checker.check, _id(content_id), by, why, _now(),
                            _date(expires), list(tags) if tags else None)
    item = done.item
    click.echo(f"{item.id}: approved until {item.expires_at:%Y-%m-%d}: {terminal_safe(item.title)}")
    if not done.findings:
        click.echo("charter: no findings on its suggested texts")
    for f in done.findings:
        click.echo(f"charter: {f['severity']} {f['clause']} ({f['category']}, {f['network']}, {f['lang']}): "
                   f"« {terminal_safe(f['evidence'])} »")
    if done.blocks:
        click.echo(f"charter: {done.blocks} blocking finding(s): those texts will not be offered", err=True)


@content.command("reject")
@click.argument("content_id")
@_BY
@click.option("--why", default=None, help="Why (required; recorded, and the proposer sees it).")
@click.pass_obj
def reject(app, content_id: str, by: str | None, why: str | None) -> None:
    """Reject CONTENT_ID: it is never offered."""
    from store.library import decide

    with app.open_store() as store, store.transaction() as db:
        item = decide(db, _id(content_id), "rejected", by, why, _now())
    click.echo(f"{item.id}: rejected")


@content.command("expire")
@click.argument("content_id")
@_BY
@click.option("--why", default=None, help="Why (recorded with the decision).")
@click.pass_obj
def expire(app, content_id: str, by: str | None, why: str | None) -> None:
    """Stop offering CONTENT_ID now (before its expiry date)."""
    from store.library import decide

    with app.open_store() as store, store.transaction() as db:
        item = decide(db, _id(content_id), "expired", by, why, _now())
    click.echo(f"{item.id}: expired")


@content.command("propose-mentions")
@click.option("--days", type=click.IntRange(1, 365), default=14, help="Mentions of the last N days.")
@click.option("--limit", type=click.IntRange(1, 200), default=20, help="At most N proposals.")
@click.pass_obj
def propose_mentions(app, days: int, limit: int) -> None:
    """Propose positive public mentions worth amplifying (the comms team then decides)."""
    from programme.display import terminal_safe
    from programme.governance import propose_mentions as propose

    settings = app.settings(required=True)
    now = _now()
    with app.open_store() as store, store.transaction() as db:
        items = propose(db, settings, now - timedelta(days=days), now, limit)
    for i in items:
        click.echo(f"{i.id}: proposed: {terminal_safe(i.title)}")
    click.echo(f"{len(items)} mention(s) proposed")
