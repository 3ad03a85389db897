"""Employees' proposals (a link, or a short idea) and colleagues' likes.

Who may do what is checked here, where the data is: only enrolled employees propose and like;
nobody likes their own proposal, and a colleague likes one proposal once. The comms team's
queue is ranked by `proposal_rank()` (migration 0010): (likes + 1) halved every 7 days of age.
Approving a link into the library is `programme.proposals.decide`, which uses the library's
governance; this module records the decision on the proposal itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from ambassade.errors import InputError
from store.connect import Store

KINDS = ("link", "idea")
STATES = ("pending", "approved", "declined")
IDEA_MAX_CHARS = 1000
NOTE_MAX_CHARS = 500
URL_MAX_CHARS = 2000
WHY_MAX_CHARS = 1000


@dataclass(frozen=True)
class Proposal:
    id: int
    employee_id: str
    proposer: str                    # display name (the comms team's queue and colleagues see it)
    kind: str                        # link | idea
    url: str | None
    body: str | None                 # the note of a link, the text of an idea
    proposed_at: datetime
    state: str                       # pending | approved | declined
    decided_at: datetime | None
    decided_by: str | None
    why: str | None
    content_id: str | None
    likes: int
    rank: float

    def as_json(self) -> dict:
        return {"id": self.id, "proposer": self.proposer, "kind": self.kind, "url": self.url,
                "body": self.body, "proposed_at": self.proposed_at.isoformat(), "state": self.state,
                "decided_at": self.decided_at.isoformat() if self.decided_at else None,
                "decided_by": self.decided_by, "why": self.why, "content_id": self.content_id,
                "likes": self.likes, "rank": round(self.rank, 4)}


_SELECT = """
    SELECT p.id, p.employee_id, e.display_name, p.kind, p.url, p.body, p.proposed_at, p.state,
           p.decided_at, p.decided_by, p.why, p.content_id, coalesce(l.n, 0) AS likes,
           proposal_rank(coalesce(l.n, 0), p.proposed_at, $now) AS rank
    FROM proposals p JOIN employees e ON e.id = p.employee_id
    LEFT JOIN (SELECT proposal_id, count(*) AS n FROM proposal_likes GROUP BY 1) l ON l.proposal_id = p.id
"""


def _proposals(db: Store, where: str, params: dict) -> list[Proposal]:
    rows = db._rows(_SELECT + where, params)
    return [Proposal(*row[:12], int(row[12]), float(row[13])) for row in rows]


def _clean(text: str | None, limit: int, what: str) -> str | None:
    text = " ".join((text or "").split()) if what == "url" else (text or "").strip()
    if not text:
        return None
    if len(text) > limit:
        raise InputError(f"the {what} is {len(text)} characters long: at most {limit}")
    if any(not (c.isprintable() or c in "\n\t") for c in text):
        raise InputError(f"the {what} holds control characters")
    return text


def _enrolled(db: Store, employee_id: str) -> None:
    if not db._rows("SELECT 1 FROM enrolled_employees WHERE id = ?", [employee_id]):
        raise InputError(f"{employee_id[:60]!r} is not enrolled in the programme")


def clean_url(url: str | None) -> str:
    """An http(s) URL with a host, or InputError."""
    url = _clean(url, URL_MAX_CHARS, "url")
    if url is None:
        raise InputError("give the link's URL")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or " " in url:
        raise InputError(f"{url[:60]!r} is not an http(s) link")
    return url


def propose_link(db: Store, employee_id: str, url: str, note: str | None, now: datetime) -> Proposal:
    """An enrolled employee proposes a link to share (with an optional note)."""
    _enrolled(db, employee_id)
    return _insert(db, employee_id, "link", clean_url(url), _clean(note, NOTE_MAX_CHARS, "note"), now)


def propose_idea(db: Store, employee_id: str, text: str, now: datetime) -> Proposal:
    """An enrolled employee proposes an idea (the charter check is the caller's:
    `programme.proposals.propose_idea`)."""
    _enrolled(db, employee_id)
    body = _clean(text, IDEA_MAX_CHARS, "idea")
    if body is None:
        raise InputError("write the idea")
    return _insert(db, employee_id, "idea", None, body, now)


def _insert(db: Store, employee_id: str, kind: str, url: str | None, body: str | None,
            now: datetime) -> Proposal:
    ident = db._rows("INSERT INTO proposals (employee_id, kind, url, body, proposed_at) "
                     "VALUES (?, ?, ?, ?, ?) RETURNING id", [employee_id, kind, url, body, now])[0][0]
    return proposal(db, ident, now)


def proposal(db: Store, proposal_id: int, now: datetime) -> Proposal | None:
    found = _proposals(db, "WHERE p.id = $id", {"id": proposal_id, "now": now})
    return found[0] if found else None


def queue(db: Store, now: datetime, state: str | None = None, limit: int = 500) -> list[Proposal]:
    """Proposals (in `state`, if given) by rank, best first: the comms team's queue."""
    if state is not None and state not in STATES:
        raise InputError(f"unknown state {state!r} (states: {', '.join(STATES)})")
    where = "WHERE p.state = $state " if state else ""
    return _proposals(db, where + "ORDER BY rank DESC, p.proposed_at DESC, p.id LIMIT $limit",
                      {"now": now, "limit": limit, **({"state": state} if state else {})})


def own_proposals(db: Store, employee_id: str, now: datetime) -> list[Proposal]:
    """One employee's proposals with their decisions and reasons, newest first."""
    return _proposals(db, "WHERE p.employee_id = $who ORDER BY p.proposed_at DESC, p.id DESC",
                      {"who": employee_id, "now": now})


def colleagues_proposals(db: Store, employee_id: str, now: datetime, limit: int = 200) -> list[Proposal]:
    """Pending proposals of enrolled colleagues (not one's own), by rank: what one may like."""
    return _proposals(db, "WHERE p.state = 'pending' AND p.employee_id <> $who "
                          "AND p.employee_id IN (SELECT id FROM enrolled_employees) "
                          "ORDER BY rank DESC, p.id LIMIT $limit",
                      {"who": employee_id, "now": now, "limit": limit})


def liked_by(db: Store, employee_id: str) -> set[int]:
    """Ids of the proposals this employee likes."""
    return {row[0] for row in db._rows("SELECT proposal_id FROM proposal_likes WHERE employee_id = ?",
                                       [employee_id])}


def like(db: Store, proposal_id: int, employee_id: str, now: datetime) -> bool:
    """An enrolled colleague likes a proposal; False when they already did. InputError for
    one's own proposal, or an unknown one."""
    _enrolled(db, employee_id)
    found = db._rows("SELECT employee_id FROM proposals WHERE id = ?", [proposal_id])
    if not found:
        raise InputError(f"no proposal {proposal_id}")
    if found[0][0] == employee_id:
        raise InputError("one does not like one's own proposal")
    added = db._rows("INSERT INTO proposal_likes (proposal_id, employee_id, liked_at) VALUES (?, ?, ?) "
                     "ON CONFLICT DO NOTHING RETURNING 1", [proposal_id, employee_id, now])
    return bool(added)


def record_decision(db: Store, proposal_id: int, state: str, decided_by: str, why: str | None,
                    now: datetime, content_id: str | None = None) -> Proposal:
    """Approve or decline a pending proposal; a decline needs a reason (the proposer sees it)."""
    if state not in ("approved", "declined"):
        raise InputError(f"cannot decide {state[:20]!r} (decisions: approve, decline)")
    decided_by = _clean(decided_by, 200, "name of who decides") or ""
    if not decided_by:
        raise InputError("say who decides (--by)")
    why = _clean(why, WHY_MAX_CHARS, "reason")
    if state == "declined" and not why:
        raise InputError("say why it is declined (--why): the proposer sees it")
    found = proposal(db, proposal_id, now)
    if found is None:
        raise InputError(f"no proposal {proposal_id} (see `ambassade proposals list`)")
    if found.state != "pending":
        raise InputError(f"proposal {proposal_id} is already {found.state}")
    db._rows("UPDATE proposals SET state = ?, decided_at = ?, decided_by = ?, why = ?, content_id = ? "
             "WHERE id = ?", [state, now, decided_by, why, content_id, proposal_id])
    return proposal(db, proposal_id, now)
