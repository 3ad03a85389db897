"""`ambassade correct`: the team corrects a mention's sentiment or marks it irrelevant."""

from __future__ import annotations

import getpass
import json

import click

from ambassade.errors import InputError


@click.command()
@click.argument("mention_id")
@click.option("--sentiment", type=click.Choice(["negative", "neutral", "positive"]),
              help="The mention's true sentiment towards the brand.")
@click.option("--irrelevant", is_flag=True, help="The mention is not about the brand: it leaves every count.")
@click.option("--by", "by", metavar="NAME", help="Who corrects (default: the system user name).")
@click.option("--json", "as_json", is_flag=True, help="Print the stored correction as JSON.")
@click.pass_obj
def correct(app, mention_id: str, sentiment: str | None, irrelevant: bool, by: str | None,
            as_json: bool) -> None:
    """Correct MENTION_ID's sentiment (--sentiment) or mark it --irrelevant.

    The correction is kept with who and when; the latest one wins in every view, advocacy
    class, spike and export from the next read (classes and alerts at their next refresh).
    """
    from programme.display import terminal_safe
    from store.corrections import correct as record

    if bool(sentiment) == irrelevant:
        raise InputError("give --sentiment negative|neutral|positive or --irrelevant (one of them)")
    who = by if by is not None else _user()
    with app.open_store() as store, store.transaction() as db:
        done = record(db, mention_id, label=sentiment, irrelevant=irrelevant, by=who)
    if as_json:
        click.echo(json.dumps({"mention_id": done.mention_id, "sentiment": done.label,
                               "irrelevant": done.irrelevant, "by": done.corrected_by,
                               "at": done.corrected_at.isoformat()}, ensure_ascii=False))
    else:
        what = "irrelevant" if done.irrelevant else done.label
        click.echo(f"{terminal_safe(done.mention_id)}: {what} (by {terminal_safe(done.corrected_by)})")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (a container): say so instead
        return "unknown"
