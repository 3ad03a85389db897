"""The demo's programme through the same store functions as real use: invitations, each
employee's own acceptance (scopes, handles) and withdrawals, and the comms team's decisions
on the content library (approved with the charter's findings, expired, rejected, proposed).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from ambassade.demo.staff import ContentItem, Programme, email_of
from ambassade.settings import Settings
from collectors.urls import canonical_url
from programme.governance import approve
from store.connect import Store
from store.enrolment import Invitation, accept, invite, withdraw
from store.library import decide
from store.programme import content_id

COMMS = "Agnès Morel (communication)"       # the demo's comms admin (not an employee)
CONSENT_SCREEN = "dashboard:consent"         # where employees accept: their own page


def enrol(db: Store, programme: Programme) -> None:
    """Invitations three days before each acceptance; acceptances and withdrawals on their dates."""
    for e in programme.employees:
        invite(db, [Invitation(e.id, e.display_name, email_of(e.id), e.team, programme.langs.get(e.id, "fr"))],
               "cli:employees import", e.opted_in_at - timedelta(days=3))
        scopes = ((["shares"] if e.shares_ok else []) + (["coaching"] if e.coaching_ok else [])
                  + (["named"] if e.named_ok else []))
        accept(db, e.id, scopes, e.handles, CONSENT_SCREEN, e.opted_in_at)
        if e.withdrawn_at is not None:
            withdraw(db, e.id, CONSENT_SCREEN, e.withdrawn_at)
    for p in programme.invited:
        invite(db, [Invitation(p.id, p.display_name, email_of(p.id), p.team, p.lang)],
               "cli:employees import", p.invited_at)
        if p.declined_at is not None:
            withdraw(db, p.id, CONSENT_SCREEN, p.declined_at)


def govern(db: Store, settings: Settings, check: Callable, items: list[ContentItem]) -> dict[str, int]:
    """Each feed item's review, an hour after publication (default: approved)."""
    done: dict[str, int] = {}
    for item in items:
        review = item.review or {"state": "approved"}
        ident = content_id(canonical_url(item.url))
        at = item.published_at + timedelta(hours=1)
        state = review["state"]
        if state in ("approved", "expired"):
            days = review.get("expires_after_days")
            approve(db, settings, check, ident, COMMS, review.get("why"), at,
                    expires_at=item.published_at + timedelta(days=days) if days else None)
        elif state == "rejected":
            decide(db, ident, "rejected", COMMS, review["why"], at)
        done[state] = done.get(state, 0) + 1
    return done
