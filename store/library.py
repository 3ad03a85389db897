"""The content library's governance and the reads that suggestions rank with.

An item's life: proposed -> approved -> expired | rejected (`content_state()` in migration
0007 makes an approved item past its expiry expired). Every decision is a row of
`content_decisions`: who, when, why, and the charter's findings on its suggested texts.
Only approved, unexpired items are ever offered (`offered_content`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa

from ambassade.errors import InputError
from store.connect import Store

STATES = ("proposed", "approved", "expired", "rejected")
# Which decision may follow which state (an expired or rejected item may be approved again).
_ALLOWED = {
    "approved": {"proposed", "expired", "rejected"},
    "rejected": {"proposed", "approved"},
    "expired": {"approved"},
}
_TS = pa.timestamp("us", tz="UTC")
_COLUMNS = ("id, url, canonical_url, title, summary, lang, tags, published_at, expires_at, "
            "content_state(state, expires_at, $now) AS state, origin, image_url, added_at, mention_id")


@dataclass(frozen=True)
class LibraryItem:
    """One item of the library as of a given time."""

    id: str
    url: str
    canonical_url: str
    title: str
    summary: str | None
    lang: str | None
    tags: tuple[str, ...]
    published_at: datetime | None
    expires_at: datetime | None
    state: str
    origin: str
    image_url: str | None
    added_at: datetime | None
    mention_id: str | None = None


@dataclass(frozen=True)
class Decision:
    content_id: str
    at: datetime
    state: str
    decided_by: str
    why: str | None
    findings: list | None


def _items(db: Store, where: str, params: dict) -> list[LibraryItem]:
    rows = db._rows(f"SELECT {_COLUMNS} FROM content {where}", params)
    return [LibraryItem(*row[:6], tuple(row[6] or ()), *row[7:]) for row in rows]


def library_items(db: Store, now: datetime, state: str | None = None, limit: int = 500) -> list[LibraryItem]:
    """Items of the library (in `state`, if given), newest first."""
    if state is not None and state not in STATES:
        raise InputError(f"unknown state {state!r} (states: {', '.join(STATES)})")
    where = "WHERE content_state(state, expires_at, $now) = $state " if state else ""
    return _items(db, where + "ORDER BY coalesce(published_at, added_at) DESC NULLS LAST, id LIMIT $limit",
                  {"now": now, "limit": limit, **({"state": state} if state else {})})


def library_item(db: Store, content_id: str, now: datetime) -> LibraryItem | None:
    found = _items(db, "WHERE id = $id", {"id": content_id, "now": now})
    return found[0] if found else None


def offered_content(db: Store, now: datetime) -> list[LibraryItem]:
    """What may be offered to employees at `now`: approved and not expired. Nothing else, ever."""
    return library_items(db, now, "approved", limit=10_000)


def content_url(db: Store, content_id: str) -> str | None:
    """The canonical URL of one item (what a suggested text links to without `[links] base_url`)."""
    rows = db._rows("SELECT canonical_url FROM content WHERE id = ?", [content_id])
    return rows[0][0] if rows else None


def decide(db: Store, content_id: str, state: str, decided_by: str, why: str | None, now: datetime,
           findings: list | None = None, expires_at: datetime | None = None) -> LibraryItem:
    """Approve, reject or expire one item; the decision is recorded. InputError when the
    transition is not allowed (e.g. rejecting what is already rejected) or says nothing of who."""
    if state not in _ALLOWED:
        raise InputError(f"cannot decide {state!r} (decisions: {', '.join(_ALLOWED)})")
    decided_by = (decided_by or "").strip()
    if not decided_by:
        raise InputError("say who decides (--by)")
    if state == "rejected" and not (why or "").strip():
        raise InputError("say why it is rejected (--why): the proposer sees it")
    item = library_item(db, content_id, now)
    if item is None:
        raise InputError(f"no content with id {content_id!r} (see `ambassade content list`)")
    if item.state not in _ALLOWED[state]:
        raise InputError(f"{content_id} is {item.state}: it cannot be {state} now")
    if expires_at is not None and expires_at <= now and state == "approved":
        raise InputError("the expiry is in the past: an item approved so would never be offered")
    if state == "approved":
        db._rows("UPDATE content SET state = 'approved', expires_at = coalesce($exp, "
                 "CASE WHEN expires_at > $now THEN expires_at END) WHERE id = $id",
                 {"exp": expires_at, "now": now, "id": content_id})
    elif state == "expired":
        db._rows("UPDATE content SET state = 'expired', expires_at = least(coalesce(expires_at, $now), $now) "
                 "WHERE id = $id", {"now": now, "id": content_id})
    else:
        db._rows("UPDATE content SET state = ? WHERE id = ?", [state, content_id])
    record_decisions(db, [(content_id, state, decided_by, why, findings)], now)
    return library_item(db, content_id, now)


def set_tags(db: Store, content_id: str, tags: Sequence[str]) -> None:
    """Replace an item's topics (lower-case, trimmed, de-duplicated)."""
    clean = list(dict.fromkeys(t.strip().lower() for t in tags if t and t.strip()))
    db._rows("UPDATE content SET tags = ? WHERE id = ?", [clean, content_id])


def decisions(db: Store, content_id: str) -> list[Decision]:
    """Every decision on one item, oldest first."""
    rows = db._rows("SELECT content_id, decided_at, state, decided_by, why, findings FROM content_decisions "
                    "WHERE content_id = ? ORDER BY decided_at, id", [content_id])
    return [Decision(c, at, s, by, why, json.loads(f) if f else None) for c, at, s, by, why, f in rows]


def record_decisions(db: Store, rows: Sequence[tuple[str, str, str, str | None, list | None]],
                     now: datetime) -> None:
    """(content id, state, who, why, findings) rows, in one batch."""
    if not rows:
        return
    table = pa.table({
        "content_id": [r[0] for r in rows],
        "decided_at": pa.array([now] * len(rows), _TS),
        "state": [r[1] for r in rows],
        "decided_by": [r[2] for r in rows],
        "why": [r[3] for r in rows],
        "findings": [json.dumps(r[4], ensure_ascii=False) if r[4] is not None else None for r in rows],
    })
    with db._registered("_decisions", table):
        db._rows("INSERT INTO content_decisions (content_id, decided_at, state, decided_by, why, findings) "
                 "SELECT content_id, decided_at, state, decided_by, why, findings::JSON FROM _decisions")


def amplifiable_mentions(db: Store, since: datetime, min_compound: float = 0.5,
                         limit: int = 20) -> list[dict]:
    """Positive public mentions of the brand worth amplifying: scored positive towards the
    brand, with a link, not by an employee's declared handle, not already in the library;
    widest reach first."""
    rows = db._rows(
        """
        SELECT m.id, m.url, m.text, m.lang, m.created_at, coalesce(s.brand_compound, s.compound) AS c
        FROM public_mentions m JOIN effective_scores s ON s.mention_id = m.id
        WHERE m.created_at >= $since AND len(m.matched) > 0 AND m.url LIKE 'http%'
          AND coalesce(s.brand_compound, s.compound) >= $min
          AND m.id NOT IN (SELECT mention_id FROM content WHERE mention_id IS NOT NULL)
          AND m.url NOT IN (SELECT url FROM content)
        ORDER BY coalesce(TRY_CAST(m.metrics->>'like_count' AS BIGINT), 0)
                 + coalesce(TRY_CAST(m.metrics->>'score' AS BIGINT), 0) DESC, c DESC, m.id
        LIMIT $limit
        """, {"since": since, "min": min_compound, "limit": limit})
    return [{"mention_id": r[0], "url": r[1], "text": r[2], "lang": r[3], "created_at": r[4],
             "compound": r[5]} for r in rows]


# -- what suggestions rank with ---------------------------------------------------------


def shared_by(db: Store, employee_id: str) -> set[str]:
    """Content ids this employee has already shared."""
    return {row[0] for row in db._rows("SELECT DISTINCT content_id FROM shares WHERE employee_id = ?",
                                       [employee_id])}


def tags_shared_by(db: Store, employee_id: str) -> dict[str, int]:
    """Topic -> how many of this employee's shares carried it (their interests)."""
    return dict(db._rows(
        "SELECT t, count(*) FROM (SELECT unnest(c.tags) AS t FROM shares s "
        "JOIN content c ON c.id = s.content_id WHERE s.employee_id = ?) GROUP BY t", [employee_id]))


def team_tags(db: Store, team: str, except_employee: str) -> dict[str, int]:
    """Topic -> how many shares by the team's other enrolled members carried it (no names)."""
    return dict(db._rows(
        "SELECT t, count(*) FROM (SELECT unnest(c.tags) AS t FROM shares s "
        "JOIN enrolled_employees e ON e.id = s.employee_id JOIN content c ON c.id = s.content_id "
        "WHERE e.team = ? AND e.id <> ?) GROUP BY t", [team, except_employee]))


def clicks_by_content(db: Store) -> dict[str, tuple[tuple[str, ...], int]]:
    """Content id -> (its tags, clicks on every share link to it), for content that got clicks."""
    rows = db._rows(
        "SELECT c.id, c.tags, count(*) FROM clicks k JOIN share_links l ON l.code = k.code "
        "JOIN content c ON c.id = l.content_id GROUP BY c.id, c.tags")
    return {ident: (tuple(tags or ()), int(n)) for ident, tags, n in rows}
