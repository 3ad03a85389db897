"""Employees' proposals: ideas checked with the charter, and the comms team's decisions.

An idea with a blocking charter finding is refused (the findings come with the refusal, so
the page can show them). Approving a link proposal adds the link to the content library
(origin "proposal", title from the proposer's note or the link itself; nothing is fetched)
and approves it through the library's governance (`programme.governance.approve`): its
suggested texts are checked and the decision recorded as for any other item. A link already
in the library is approved there unless it already is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from ambassade.errors import InputError
from ambassade.settings import Settings
from collectors.urls import canonical_url
from programme.governance import approve
from store.connect import Store
from store.enrolment import member
from store.library import library_item
from store.programme import Content, content_id, upsert_content
from store.proposals import Proposal, proposal, record_decision
from store.proposals import propose_idea as store_idea

TITLE_MAX_CHARS = 140


class IdeaRefused(InputError):
    """The charter blocks the idea; `findings` say where and why."""

    def __init__(self, findings: list[dict]) -> None:
        clauses = ", ".join(sorted({f["clause"] for f in findings if f["severity"] == "block"}))
        super().__init__(f"the charter blocks this idea ({clauses})")
        self.findings = findings


@dataclass(frozen=True)
class Decided:
    proposal: Proposal
    findings: list[dict] = field(default_factory=list)   # charter findings on an approved link's texts


def propose_idea(db: Store, settings: Settings, check: Callable, employee_id: str, text: str,
                 now: datetime) -> tuple[Proposal, list[dict]]:
    """Check the idea with the charter in the proposer's language; refuse it (IdeaRefused) on a
    blocking finding, else record it. Returns the proposal and the non-blocking findings."""
    who = member(db, employee_id)
    lang = who.lang if who and who.lang in ("fr", "en") else (settings.brand.languages or ["fr"])[0]
    findings = [{"clause": f.clause, "category": f.category, "severity": f.severity,
                 "evidence": f.evidence, "coaching": f.coaching}
                for f in check((text or "").strip(), lang).findings]
    if any(f["severity"] == "block" for f in findings):
        raise IdeaRefused(findings)
    return store_idea(db, employee_id, text, now), findings


def decide(db: Store, settings: Settings, check: Callable, proposal_id: int, verdict: str, by: str,
           why: str | None, now: datetime) -> Decided:
    """Approve or decline one pending proposal (the proposer sees the reason)."""
    verdict = {"approve": "approved", "decline": "declined"}.get(verdict, verdict)
    found = proposal(db, proposal_id, now)
    if found is None:
        raise InputError(f"no proposal {proposal_id} (see `ambassade proposals list`)")
    if verdict != "approved" or found.kind != "link" or found.state != "pending":
        return Decided(record_decision(db, proposal_id, verdict, by, why, now))
    if not (by or "").strip():
        raise InputError("say who decides (--by)")
    canonical = canonical_url(found.url)
    ident = content_id(canonical)
    if library_item(db, ident, now) is None:
        upsert_content(db, [Content(url=found.url, canonical_url=canonical, title=_title(found),
                                    origin="proposal")], now,
                       decided_by="ambassade (an employee's proposal)")
    findings: list[dict] = []
    if library_item(db, ident, now).state != "approved":
        findings = approve(db, settings, check, ident, by, why, now).findings
    return Decided(record_decision(db, proposal_id, "approved", by, why, now, content_id=ident), findings)


def _title(found: Proposal) -> str:
    first = " ".join((found.body or "").split("\n", 1)[0].split())
    if not first:
        parts = urlsplit(found.url or "")
        first = (parts.hostname or "") + (parts.path if parts.path != "/" else "")
    return first if len(first) <= TITLE_MAX_CHARS else first[:TITLE_MAX_CHARS - 1].rstrip() + "…"
