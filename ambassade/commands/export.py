"""`ambassade export weekly`: the managers' weekly CSV files."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click

from ambassade.errors import InputError


@click.group()
def export() -> None:
    """Files for managers (weekly CSV, opened in Excel or LibreOffice)."""


@export.command()
@click.option("--week", metavar="YYYY-Www", help="ISO week (default: the last complete week, [brand] timezone).")
@click.option("--out", "out", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the files (default: [exports] out, else ./exports).")
@click.option("--team", "teams", multiple=True, metavar="T", help="Only this team (may repeat).")
@click.option("--send", is_flag=True, help="Also e-mail each manager of [exports] managers their teams' files.")
@click.pass_obj
def weekly(app, week: str | None, out: Path | None, teams: tuple[str, ...], send: bool) -> None:
    """Write the week's files: OUT/<week>/<team>/summary, content, participation, themes, public voices.

    Teams under [privacy] min_group_size enrolled people get no files; only people who agreed
    are named. The same week gives byte-identical files.
    """
    from exports.options import WeeklyOptions
    from exports.run import run_weekly
    from exports.weeks import last_complete_week, parse_week
    from store.managers import teams as known_teams

    options = WeeklyOptions.from_settings(app.settings(required=False))
    now = datetime.now(timezone.utc)
    chosen = parse_week(week, options.timezone, now) if week else last_complete_week(now, options.timezone)
    with app.open_store() as store:
        existing = known_teams(store)
        unknown = [t for t in teams if t not in existing]
        if unknown:
            raise InputError(f"no team {unknown[0]!r} in the programme (teams: {', '.join(existing) or 'none'})")
        done = run_weekly(store, options, chosen, out or options.out, list(teams) or None, send=send)
    for note in done.export.notes:
        click.echo(note)
    click.echo(f"{chosen.label}: {len(done.written)} files in {out or options.out}")
    if done.delivery is not None:
        click.echo(f"delivery: {done.delivery.describe()}")
        if done.delivery.failed:
            raise SystemExit(1)
