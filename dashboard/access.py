"""Who a signed-in person is to Ambassade: their roles, the person they are, the teams they lead.

Pure rules, no Streamlit, so they are tested alone. Roles come from two places only:
- the configuration: `[dashboard] admins` (the communications team) and `[exports] managers`
  (team -> its managers' e-mails: the same list that receives the weekly files);
- the enrolment records: an employee is the person whose record carries the e-mail.

An identity may hold several roles (a manager who is also enrolled); one that holds none sees
nothing but a line asking them to see their comms team.
"""

from __future__ import annotations

from dataclasses import dataclass

from ambassade.settings import Settings

ROLES = ("comms", "employee", "manager")


@dataclass(frozen=True)
class Access:
    """What one visitor may see. `signed_in` is False only for the loopback demo's switcher."""

    roles: tuple[str, ...]
    signed_in: bool
    email: str | None = None
    employee_id: str | None = None         # the signed-in employee (None: the demo's picker)
    teams: tuple[str, ...] | None = None    # the teams a manager leads (None: every team, demo)

    def may(self, role: str) -> bool:
        return role in self.roles

    def visible_teams(self, teams: list[str]) -> list[str]:
        """`teams` narrowed to those this visitor leads, in the same order."""
        if self.teams is None:
            return list(teams)
        return [team for team in teams if team in self.teams]


# Without sign-in (127.0.0.1 only) the demo's visible switcher offers every role and person.
DEMO = Access(roles=ROLES, signed_in=False)


def normal_email(email: object) -> str | None:
    """An address compared without case or surrounding spaces; None for anything that is not one."""
    if not isinstance(email, str):
        return None
    email = email.strip().lower()
    return email if "@" in email and len(email) <= 320 and not any(c.isspace() for c in email) else None


def resolve(email: str | None, settings: Settings | None, employee_id: str | None) -> Access:
    """The signed-in visitor's access. `employee_id` is the person whose enrolment record carries
    `email` (store.enrolment.employee_for_email), or None."""
    address = normal_email(email)
    if address is None:
        return Access(roles=(), signed_in=True, teams=())
    admins = {normal_email(a) for a in settings.dashboard.admins} if settings else set()
    managers = settings.exports.managers if settings else {}
    teams = tuple(sorted(team for team, addresses in managers.items()
                         if address in {normal_email(a) for a in addresses}))
    held = {"comms": address in admins, "employee": employee_id is not None, "manager": bool(teams)}
    roles = tuple(role for role in ROLES if held[role])
    return Access(roles=roles, signed_in=True, email=address,
                  employee_id=employee_id if held["employee"] else None, teams=teams)
