"""`ambassade suggest`: one employee's ranked, explained suggestions with share texts."""

from __future__ import annotations

from datetime import datetime, timezone

import click


@click.command()
@click.argument("employee_id")
@click.option("--json", "as_json", is_flag=True,
              help='Print [{"content_id", "title", "url", "score", "reasons", "texts"}].')
@click.option("--limit", type=click.IntRange(1, 100), default=None,
              help="At most N suggestions (default: [programme] limit).")
@click.pass_obj
def suggest(app, employee_id: str, as_json: bool, limit: int | None) -> None:
    """Suggestions for EMPLOYEE_ID, best first, each with its reasons and a text per network.

    Only approved, unexpired content they have not shared yet; every text carries the
    disclosure and passes the charter. Anyone not enrolled, or enrolled without the
    "shares" scope, gets [] (exit 0); an unknown id exits 2.
    """
    from charter.config import checker_from_settings
    from programme.display import json_text, terminal_safe
    from programme.suggest import suggest as ranked

    settings = app.settings(required=True)
    checker = checker_from_settings(settings)

    def passes(text: str, lang: str) -> bool:
        result = checker.check(text, lang)
        return result.ok and not any(f.category == "disclosure" for f in result.findings)

    # One transaction: the share links a suggestion mints are stored with it, or not at all.
    with app.open_store() as store, store.transaction() as db:
        found = ranked(db, settings, employee_id, datetime.now(timezone.utc), passes, limit)
    if as_json:
        click.echo(json_text([s.as_json() for s in found]))
        return
    if not found:
        click.echo("no suggestions")
    for n, s in enumerate(found, 1):
        click.echo(f"{n}. {terminal_safe(s.title)}  ({s.score:.2f})  {terminal_safe(s.url)}")
        click.echo("   " + "; ".join(terminal_safe(r) for r in s.reasons))
        for network, text in s.texts.items():
            click.echo(f"   [{network}] {terminal_safe(text)}".replace("\n", "\n   "))
