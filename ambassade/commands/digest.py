"""`ambassade digest send`: the employees' weekly digest, by e-mail and to the team chat."""

from __future__ import annotations

from datetime import datetime, timezone

import click


@click.group()
def digest() -> None:
    """The weekly digest for employees who chose it (scopes "shares" and "digest")."""


@digest.command()
@click.option("--week", metavar="YYYY-Www", default=None, help="This week (default) or an earlier one, to retry.")
@click.option("--dry-run", is_flag=True, help="Say who would receive it and what the chat post holds; send nothing.")
@click.option("--json", "as_json", is_flag=True,
              help='Print {"week", "sent", "skipped", "failed", "would_send", "post"}.')
@click.pass_obj
def send(app, week: str | None, dry_run: bool, as_json: bool) -> None:
    """E-mail each person who chose the digest their top suggestions, in their language, once
    per week; post newly approved content to AMBASSADE_DIGEST_WEBHOOK (Slack or Teams) if set.

    Every send is journalled: a person never gets the same week twice, failures are retried
    (then reported, exit 1) and tried again by the next run.
    """
    from exports.weeks import parse_week, week_of
    from programme.digest import charter_passes, send_digest
    from programme.display import json_text, terminal_safe

    settings = app.settings(required=True)
    now = datetime.now(timezone.utc)
    tz = settings.brand.timezone
    chosen = parse_week(week, tz, now, allow_current=True) if week is not None else week_of(now, tz)
    with app.open_store() as store:
        report = send_digest(store, settings, chosen, now, charter_passes(settings), dry_run=dry_run)
    if as_json:
        click.echo(json_text(report.as_json()))
    else:
        click.echo(terminal_safe(report.describe()))
        for who in report.would_send:
            click.echo(f"  would send: {terminal_safe(who)}")
    if report.failed:
        raise SystemExit(1)
