"""`ambassade purge` and `ambassade erase`: retention limits and the right to erasure."""

from __future__ import annotations

from datetime import datetime, timezone

import click

from ambassade.errors import InputError
from ambassade.settings import PrivacySettings


def _report(gone: dict[str, int]) -> str:
    removed = {table: n for table, n in gone.items() if n}
    if not removed:
        return "nothing to remove"
    return ", ".join(f"{n} {table}" for table, n in removed.items()) + " removed"


@click.command()
@click.pass_obj
def purge(app) -> None:
    """Delete records older than [privacy] retention_days; erase employees who withdrew before then."""
    from store.retention import purge_expired

    settings = app.settings(required=False)
    days = (settings.privacy if settings else PrivacySettings()).retention_days
    from store.rewrite import rewrite_file

    with app.open_store() as store:
        with store.transaction() as db:
            gone = purge_expired(db, days, datetime.now(timezone.utc))
        if gone.get("employees"):       # someone was erased: leave nothing of them in freed blocks
            rewrite_file(store)
    click.echo(f"retention {days} days: {_report(gone)}")


@click.command()
@click.argument("employee_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def erase(app, employee_id: str, yes: bool) -> None:
    """Erase one employee everywhere (enrolment, handles, posts, shares, links, clicks, signals)."""
    from store.programme import employee_exists  # DuckDB and Arrow: loaded only by the commands that use them
    from store.retention import erase_employee
    from store.rewrite import rewrite_file

    with app.open_store() as store:
        if not employee_exists(store, employee_id):
            raise InputError(f"no enrolled employee with id {employee_id!r} (see the dashboard's programme table)")
        if not yes:
            click.confirm(f"Erase {employee_id} and everything collected for them?", abort=True, err=True)
        with store.transaction() as db:
            gone = erase_employee(db, employee_id)
        # The tables are clean; the file's freed blocks are not until it is rewritten.
        rewrite_file(store)
    click.echo(f"{employee_id}: {_report(gone)}")
