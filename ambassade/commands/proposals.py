"""`ambassade proposals`: employees' proposals (links and ideas), ranked, and the comms team's decisions."""

from __future__ import annotations

from datetime import datetime, timezone

import click

from ambassade.errors import InputError


@click.group()
def proposals() -> None:
    """Employees' proposals: the ranked queue, approve or decline with a reason."""


def _id(value: str) -> int:
    value = value.strip().removeprefix("proposal:")
    if not value.isdigit() or len(value) > 18:
        raise InputError(f"{value[:40]!r} is not a proposal id (see `ambassade proposals list`)")
    return int(value)


@proposals.command("list")
@click.option("--state", type=click.Choice(["pending", "approved", "declined"]), default=None,
              help="Only proposals in this state.")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of proposals.")
@click.pass_obj
def list_(app, state: str | None, as_json: bool) -> None:
    """Proposals ranked by likes and freshness ((likes + 1) halved every 7 days), best first."""
    from programme.display import json_text, terminal_safe
    from store.proposals import queue

    with app.open_store() as store:
        found = queue(store, datetime.now(timezone.utc), state)
    if as_json:
        click.echo(json_text([p.as_json() for p in found]))
        return
    for p in found:
        what = p.url if p.kind == "link" else (p.body or "")
        click.echo("\t".join(terminal_safe(str(x)) for x in (
            p.id, p.state, p.kind, p.likes, f"{p.rank:.2f}", p.proposer, " ".join(what.split())[:120],
            p.why or "-")))


@proposals.command("decide")
@click.argument("proposal_id")
@click.argument("verdict", metavar="approve|decline")
@click.option("--by", "by", default=None, metavar="WHO", help="Who decides (required; recorded).")
@click.option("--why", default=None, metavar="W", help="Why (required to decline; the proposer sees it).")
@click.pass_obj
def decide(app, proposal_id: str, verdict: str, by: str | None, why: str | None) -> None:
    """Approve or decline PROPOSAL_ID. An approved link enters the content library, approved
    with the charter's findings on its suggested texts."""
    from charter.config import checker_from_settings
    from programme.display import terminal_safe
    from programme.proposals import decide as decide_proposal

    ident = _id(proposal_id)
    # Checked here with a one-line error (exit 2), not by click: options may come in any order.
    if verdict not in ("approve", "decline"):
        raise InputError(f"{verdict[:20]!r}: say approve or decline")
    settings = app.settings(required=True)
    checker = checker_from_settings(settings)
    with app.open_store() as store, store.transaction() as db:
        done = decide_proposal(db, settings, checker.check, ident, verdict, by or "", why,
                               datetime.now(timezone.utc))
    p = done.proposal
    click.echo(f"proposal {p.id}: {p.state}" + (f" (library item {p.content_id})" if p.content_id else ""))
    for f in done.findings:
        click.echo(f"charter: {f['severity']} {f['clause']} ({f['category']}, {f['network']}, {f['lang']}): "
                   f"« {terminal_safe(f['evidence'])} »")
