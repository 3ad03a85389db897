"""`ambassade employees`: invitations, the programme's people and their state, withdrawal.

Nobody is enrolled from here: an invitation only lets a person accept on their own page,
choosing their scopes and declaring their handles (store.enrolment.accept).
"""

from __future__ import annotations

from datetime import datetime, timezone

import click

from ambassade.errors import InputError


@click.group()
def employees() -> None:
    """The programme's people: invite them, list their state, record a withdrawal."""


@employees.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.pass_obj
def import_(app, file: str) -> None:
    """Invite the people of FILE.csv (columns id, display_name, email, team, lang).

    Invitations, not enrolments: each person joins only by accepting on their own page.
    All or nothing: when a row is bad, every bad row is listed on stderr and nothing is
    written (exit 2). Re-importing updates names, teams, e-mails and languages, never consent.
    """
    from programme.display import terminal_safe
    from programme.people_csv import read_invitations
    from store.enrolment import invite

    settings = app.settings(required=False)
    languages = settings.brand.languages if settings else ["fr", "en"]
    invitations, problems = read_invitations(file, languages)
    if problems:
        for problem in problems:
            click.echo(f"ambassade: {terminal_safe(file)}: {terminal_safe(str(problem))}", err=True)
        raise InputError(f"{file}: {len(problems)} bad row{'s' if len(problems) > 1 else ''}; "
                         "nothing imported (fix them and import the file again)")
    if not invitations:
        raise InputError(f"{file}: no rows after the header")
    with app.open_store() as store, store.transaction() as db:
        result = invite(db, invitations, "cli:employees import", datetime.now(timezone.utc))
    click.echo(f"{result.new} invited, {result.updated} updated; nobody is enrolled until they "
               "accept on their own page")


@employees.command("list")
@click.option("--json", "as_json", is_flag=True,
              help='Print [{"id", "display_name", "team", "lang", "state", "scopes"}].')
@click.pass_obj
def list_(app, as_json: bool) -> None:
    """Everyone invited, enrolled or withdrawn, with the scopes they chose."""
    from programme.display import json_text, terminal_safe
    from store.enrolment import members

    with app.open_store() as store:
        people = members(store)
    if as_json:
        click.echo(json_text([p.as_json() for p in people]))
        return
    for p in people:
        click.echo("\t".join(terminal_safe(x) for x in (p.id, p.display_name, p.team, p.lang or "-", p.state,
                                                         ",".join(p.scopes) or "-")))


@employees.command("withdraw")
@click.argument("employee_id")
@click.pass_obj
def withdraw(app, employee_id: str) -> None:
    """Record EMPLOYEE_ID's withdrawal: collection of their handles stops at once.

    It has no other consequence; their data is erased after [privacy] retention_days, or at
    once with `ambassade erase`.
    """
    from programme.display import terminal_safe
    from store.enrolment import withdraw as withdraw_employee

    with app.open_store() as store, store.transaction() as db:
        done = withdraw_employee(db, employee_id, "cli:employees withdraw", datetime.now(timezone.utc))
    who = terminal_safe(employee_id)
    click.echo(f"{who}: withdrawn; their handles are no longer read" if done else f"{who}: had already withdrawn")
