"""Enrolment by consent: invitations, the employee's own acceptance, scope changes, withdrawal.

An invitation is not an enrolment: it has no opt-in time, and nothing of the person is read.
Only `accept` (called by the employee's own page) enrols someone, with the scopes they chose
and the handles they declared. Every change is a row of `consent_events` (what, when,
through which screen). `withdraw` is one call, has no other effect, and takes the person out
of `sharing_handles` at once, so share collection stops reading their handles (the
collector checks again before each page).

States and views are defined once in the schema (migration 0007): `employee_state()`,
`enrolled_employees`, `coaching_employees`, `sharing_employees`, `sharing_handles`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa

from ambassade.errors import InputError
from store.connect import Store
from store.daily import recount_own_voice

# shares: shares and recognition; coaching: coaching on their own brand mentions;
# named: named in manager exports and leaderboards, and recognised as a talent ("who to ask");
# digest: the weekly digest of suggestions by e-mail (migration 0011; it needs "shares" too).
SCOPES = ("shares", "coaching", "named", "digest")
# Networks whose handles an employee may declare (LinkedIn has no public API to read).
NETWORKS = ("x", "reddit", "mastodon", "bluesky")
STATES = ("invited", "enrolled", "withdrawn")
_HANDLE = re.compile(r"^[A-Za-z0-9_.@-]{1,100}$")
_TS = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True)
class Invitation:
    """A person invited to the programme (from the import file): nobody is enrolled by it."""

    id: str
    display_name: str
    email: str | None
    team: str
    lang: str


@dataclass(frozen=True)
class Member:
    """One person of the programme as the comms team's list shows them."""

    id: str
    display_name: str
    team: str
    lang: str | None
    state: str                       # invited | enrolled | withdrawn
    scopes: tuple[str, ...]          # empty unless enrolled

    def as_json(self) -> dict:
        return {"id": self.id, "display_name": self.display_name, "team": self.team,
                "lang": self.lang, "state": self.state, "scopes": list(self.scopes)}


@dataclass(frozen=True)
class ImportResult:
    new: int
    updated: int


def invite(db: Store, invitations: Sequence[Invitation], screen: str, now: datetime) -> ImportResult:
    """Record invitations in one batch: new people are `invited`; known ones get their name,
    team, e-mail and language updated and keep their consent exactly as it is."""
    if not invitations:
        return ImportResult(0, 0)
    unique = {i.id: i for i in invitations}
    table = pa.table({
        "id": list(unique),
        "display_name": [i.display_name for i in unique.values()],
        "email": [i.email for i in unique.values()],
        "team": [i.team for i in unique.values()],
        "lang": [i.lang for i in unique.values()],
    })
    with db._registered("_invitations", table):
        known = {row[0] for row in db._rows(
            "SELECT e.id FROM employees e JOIN _invitations i ON i.id = e.id")}
        db._rows(
            "UPDATE employees e SET display_name = i.display_name, email = i.email, team = i.team, "
            "lang = i.lang FROM _invitations i WHERE e.id = i.id")
        db._rows(
            "INSERT INTO employees (id, display_name, team, email, lang, invited_at) "
            "SELECT id, display_name, team, email, lang, $now FROM _invitations "
            "WHERE id NOT IN (SELECT id FROM employees)", {"now": now})
    new = [i for i in unique if i not in known]
    _record(db, [(ident, "invited", (), ()) for ident in new], screen, now)
    return ImportResult(len(new), len(unique) - len(new))


def accept(db: Store, employee_id: str, scopes: Iterable[str], handles: Mapping[str, str],
           screen: str, now: datetime) -> Member:
    """The employee's own acceptance (or change of mind): the scopes they chose, the handles
    they declared per network. A withdrawn employee who accepts again is enrolled anew from `now`."""
    scopes = _scopes(scopes)
    handles = _handles(handles)
    row = db._rows("SELECT employee_state(opted_in_at, withdrawn_at) FROM employees WHERE id = ?",
                   [employee_id])
    if not row:
        raise InputError(f"no invited employee with id {employee_id!r}")
    state = row[0][0]
    for network, handle in handles.items():
        taken = db._rows("SELECT employee_id FROM employee_handles WHERE source = ? AND handle = ? "
                         "AND employee_id <> ?", [network, handle, employee_id])
        if taken:
            raise InputError(f"{network} handle {handle!r} is already declared by someone else")
    flags = {"shares_ok": "shares" in scopes, "coaching_ok": "coaching" in scopes,
             "named_ok": "named" in scopes, "digest_ok": "digest" in scopes}
    if state == "enrolled":
        db._rows("UPDATE employees SET shares_ok = $shares_ok, coaching_ok = $coaching_ok, "
                 "named_ok = $named_ok, digest_ok = $digest_ok WHERE id = $id", {**flags, "id": employee_id})
    else:
        db._rows("UPDATE employees SET opted_in_at = $now, withdrawn_at = NULL, shares_ok = $shares_ok, "
                 "coaching_ok = $coaching_ok, named_ok = $named_ok, digest_ok = $digest_ok WHERE id = $id",
                 {**flags, "id": employee_id, "now": now})
    db._rows("DELETE FROM employee_handles WHERE employee_id = ?", [employee_id])
    if handles:
        table = pa.table({"source": list(handles), "handle": list(handles.values()),
                          "employee_id": [employee_id] * len(handles)})
        with db._registered("_handles", table):
            db._rows("INSERT INTO employee_handles (source, handle, employee_id) "
                     "SELECT source, handle_key(handle), employee_id FROM _handles")
    recount_own_voice(db)     # the daily counts' own-voice flag of the handles that came or went (0021)
    event = "changed" if state == "enrolled" else "accepted"
    _record(db, [(employee_id, event, scopes, tuple(sorted(handles)))], screen, now)
    return member(db, employee_id)


def withdraw(db: Store, employee_id: str, screen: str, now: datetime) -> bool:
    """Withdraw from the programme (or decline the invitation): one call, no other consequence.

    Returns False when the person had already withdrawn. Handles are kept (erasure needs them
    to find what was collected) but are out of `sharing_handles` from this moment."""
    row = db._rows("SELECT employee_state(opted_in_at, withdrawn_at) FROM employees WHERE id = ?",
                   [employee_id])
    if not row:
        raise InputError(f"no employee with id {employee_id!r}")
    if row[0][0] == "withdrawn":
        return False
    db._rows("UPDATE employees SET withdrawn_at = ? WHERE id = ?", [now, employee_id])
    networks = tuple(r[0] for r in db._rows(
        "SELECT source FROM employee_handles WHERE employee_id = ? ORDER BY 1", [employee_id]))
    _record(db, [(employee_id, "withdrawn", (), networks)], screen, now)
    return True


def member(db: Store, employee_id: str) -> Member | None:
    """One person's state and scopes, or None."""
    found = members(db, employee_id)
    return found[0] if found else None


def members(db: Store, employee_id: str | None = None) -> list[Member]:
    """Everyone invited, enrolled or withdrawn, by team and name (comms team's list)."""
    where, params = ("WHERE id = ?", [employee_id]) if employee_id is not None else ("", [])
    rows = db._rows(
        "SELECT id, display_name, team, lang, employee_state(opted_in_at, withdrawn_at), "
        f"shares_ok, coaching_ok, named_ok, digest_ok FROM employees {where} ORDER BY team, display_name, id",
        params)
    out = []
    for ident, name, team, lang, state, shares, coaching, named, digest in rows:
        scopes = tuple(s for s, on in zip(SCOPES, (shares, coaching, named, digest)) if on)
        out.append(Member(ident, name, team, lang, state, scopes if state == "enrolled" else ()))
    return out


def employee_for_email(db: Store, email: str) -> str | None:
    """The id of the one person whose enrolment record carries `email` (compared without case or
    surrounding spaces), whatever their state: the dashboard's sign-in maps an identity to a
    person with it. None when nobody has it, or when two records share it (an ambiguous e-mail
    grants nothing)."""
    wanted = email.strip().lower()
    if not wanted:
        return None
    rows = db._rows("SELECT id FROM employees WHERE lower(trim(email)) = ? LIMIT 2", [wanted])
    return rows[0][0] if len(rows) == 1 else None


def consent_history(db: Store, employee_id: str) -> list[dict]:
    """An employee's consent events, oldest first (for their own page and for audits)."""
    rows = db._rows("SELECT changed_at, event, scopes, networks, screen FROM consent_events "
                    "WHERE employee_id = ? ORDER BY changed_at, id", [employee_id])
    return [{"at": at, "event": event, "scopes": list(scopes), "networks": list(networks),
             "screen": screen} for at, event, scopes, networks, screen in rows]


def collects_handles(db: Store, employee_id: str) -> bool:
    """Whether share collection may read this employee's handles right now (enrolled, shares scope)."""
    return bool(db._rows("SELECT count(*) FROM sharing_employees WHERE id = ?", [employee_id])[0][0])


def state_counts(db: Store) -> dict[str, int]:
    """How many people are in each state (counts only: never a list of who refused)."""
    rows = dict(db._rows("SELECT employee_state(opted_in_at, withdrawn_at), count(*) FROM employees "
                         "GROUP BY 1"))
    return {state: int(rows.get(state, 0)) for state in STATES}


def _record(db: Store, events: list[tuple[str, str, tuple, tuple]], screen: str, now: datetime) -> None:
    if not events:
        return
    table = pa.table({
        "employee_id": [e[0] for e in events],
        "changed_at": pa.array([now] * len(events), _TS),
        "event": [e[1] for e in events],
        "scopes": pa.array([list(e[2]) for e in events], pa.list_(pa.string())),
        "networks": pa.array([list(e[3]) for e in events], pa.list_(pa.string())),
        "screen": [screen] * len(events),
    })
    with db._registered("_events", table):
        db._rows("INSERT INTO consent_events (employee_id, changed_at, event, scopes, networks, screen) "
                 "SELECT employee_id, changed_at, event, scopes, networks, screen FROM _events")


def _scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    chosen = {s.strip().lower() for s in scopes if s and s.strip()}
    unknown = sorted(chosen - set(SCOPES))
    if unknown:
        raise InputError(f"unknown scope {unknown[0]!r} (scopes: {', '.join(SCOPES)})")
    if not chosen:
        raise InputError("choose at least one scope to join (or withdraw)")
    return tuple(s for s in SCOPES if s in chosen)


def _handles(handles: Mapping[str, str]) -> dict[str, str]:
    out = {}
    for network, handle in handles.items():
        network = (network or "").strip().lower()
        if network not in NETWORKS:
            raise InputError(f"unknown network {network!r} (networks: {', '.join(NETWORKS)})")
        key = (handle or "").strip().lstrip("@").lower()
        if not key:
            continue
        if not _HANDLE.match(key):
            raise InputError(f"{network}: {key[:40]!r} is not a handle")
        out[network] = key
    return out
