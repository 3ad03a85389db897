"""`ambassade alerts`: the incidents (merged spike alerts) with what drives them."""

from __future__ import annotations

import click


@click.command()
@click.option("--since", metavar="DATE", default=None,
              help="Incidents still going on or ending from this day (YYYY-MM-DD, [brand] timezone) or ISO time.")
@click.option("--json", "as_json", is_flag=True,
              help='Print [{"id", "kinds", "start", "peak", "end", "severity", "mentions", '
                   '"drivers": {"terms", "sources", "authors"}, "mention_ids"}] (ISO 8601 times, UTC).')
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
              help="Language of the table (default: [alerts] lang).")
@click.option("--refresh/--no-refresh", default=True, show_default=True,
              help="Recompute the incidents from the stored alerts first.")
@click.pass_obj
def alerts(app, since: str | None, as_json: bool, lang: str | None, refresh: bool) -> None:
    """Incidents: alerts that overlap in time (any source, any kind) merged into one, with
    their start, peak, end (or ongoing), severity, mentions and drivers (over-represented
    terms, sources, most-followed authors). The table shows times in [brand] timezone."""
    from alerts.incidents import refresh_incidents
    from alerts.view import header, incidents, parse_since
    from programme.display import json_text, terminal_safe

    settings = app.settings(required=True)
    tz = settings.brand.timezone
    lang = lang or settings.alerts.lang
    start = parse_since(since, tz) if since is not None else None
    with app.open_store() as store:
        if refresh:
            refresh_incidents(store, settings)
        with store.transaction() as db:
            found = incidents(db, start)
    if as_json:
        click.echo(json_text([i.as_json(lang) for i in found]))
        return
    if not found:
        click.echo(terminal_safe(f"{'aucun incident' if lang == 'fr' else 'no incident'}"))
        return
    click.echo(header(lang, tz))
    for incident in found:
        click.echo(terminal_safe(incident.line(lang, tz)))
