"""`ambassade talents TOPIC`: who to ask about a topic, and which teams work on it."""

from __future__ import annotations

from datetime import datetime, timezone

import click


@click.command()
@click.argument("topic")
@click.option("--days", type=int, default=365, show_default=True, help="Look back this many days.")
@click.option("--limit", type=click.IntRange(1, 200), default=20, show_default=True, help="At most N people.")
@click.option("--json", "as_json", is_flag=True,
              help='Print {"topic", "days", "people": [...], "teams": [...], "other_teams_shares"}.')
@click.pass_obj
def talents(app, topic: str, days: int, limit: int, as_json: bool) -> None:
    """People who share about TOPIC (a content tag) and are well received, and the teams
    that share on it.

    Only people enrolled with the "shares" and "named" scopes (they agreed to be recognised)
    are named, ranked by shares whose links got human clicks. Teams are counted, never
    listed by person; teams under [privacy] min_group_size are counted together.
    """
    from programme.display import json_text, terminal_safe
    from programme.talents import who_to_ask

    settings = app.settings(required=True)
    with app.open_store() as store, store.transaction() as db:
        found = who_to_ask(db, settings, topic, datetime.now(timezone.utc), days, limit)
    if as_json:
        click.echo(json_text(found.as_json()))
        return
    click.echo(f"who to ask about {terminal_safe(found.topic)} (last {found.days} days):")
    if not found.people:
        click.echo("  nobody who agreed to be recognised shares on it yet")
    for n, p in enumerate(found.people, 1):
        click.echo(f"  {n}. {terminal_safe(p.display_name)} ({terminal_safe(p.team)}): "
                   f"{p.well_received} well-received of {p.shares} shares, {p.clicks} clicks")
    click.echo("teams working on it:")
    if not found.teams and not found.other_teams_shares:
        click.echo("  none")
    for t in found.teams:
        click.echo(f"  {terminal_safe(t.team)}: {t.shares} shares by {t.people} people")
    if found.other_teams_shares:
        click.echo(f"  smaller teams together: {found.other_teams_shares} shares")
