"""Tracked share links: minting, the redirector's code map, ingested hits, value and recognition.

The redirector never calls these while serving: it loads `redirect_targets` read-only at
start and on refresh, and its clicks come back through `record_hits` at ingestion.
Counted clicks are the `clicks` table (every reader of clicks counts humans only); every
hit, bots and repeats included, is in `link_hits`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pyarrow as pa

from ambassade.errors import InputError
from links.codes import new_code
from links.share import check_network
from store.connect import Store
from store.programme import ShareLink

if TYPE_CHECKING:

    from links.spool import Hit

_TS = pa.timestamp("us", tz="UTC")


def share_link_for(db: Store, employee_id: str, content_id: str, network: str, now: datetime, *,
                   expire_days: int = 365) -> ShareLink:
    """The one share link of this employee × content × network: the existing one, else a new
    one with fresh random codes (the /l/ code and a distinct utm_content code).

    Only for enrolled employees and known content (InputError otherwise). Call it inside a
    transaction: get-or-create is then one step.
    """
    network = check_network(network)
    if not db._rows("SELECT count(*) FROM enrolled_employees WHERE id = ?", [employee_id])[0][0]:
        raise InputError(f"no enrolled employee with id {employee_id!r}")
    if not db._rows("SELECT count(*) FROM content WHERE id = ?", [content_id])[0][0]:
        raise InputError(f"no content with id {content_id!r}")
    found = db._rows(
        "SELECT code, epoch_us(created_at) FROM share_links WHERE employee_id = ? AND content_id = ? "
        "AND network = ? ORDER BY created_at, code LIMIT 1", [employee_id, content_id, network])
    if found:
        created = datetime.fromtimestamp(found[0][1] / 1e6, tz=timezone.utc)
        return ShareLink(found[0][0], employee_id, content_id, network, created)
    link = ShareLink(new_code(), employee_id, content_id, network, now.astimezone(timezone.utc))
    db._rows("INSERT INTO share_links (code, employee_id, content_id, network, created_at) "
             "VALUES (?, ?, ?, ?, ?)", [link.code, employee_id, content_id, network, link.created_at])
    db._rows("INSERT INTO share_link_tracking (code, utm_code, expires_at) VALUES (?, ?, ?)",
             [link.code, new_code(), link.created_at + timedelta(days=expire_days)])
    return link


def add_tracking(db: Store, rows: Sequence[tuple[str, str, datetime | None]]) -> int:
    """(code, utm_code, expires_at) for links inserted with store.programme.insert_share_links."""
    if not rows:
        return 0
    table = pa.table({"code": [r[0] for r in rows], "utm_code": [r[1] for r in rows],
                      "expires_at": pa.array([r[2] for r in rows], _TS)})
    with db._registered("_tracking", table):
        return int(db._rows("INSERT INTO share_link_tracking SELECT code, utm_code, expires_at FROM _tracking "
                            "ON CONFLICT DO NOTHING")[0][0])


def employee_links(db: Store, employee_id: str) -> dict[tuple[str, str], str]:
    """(content id, network) -> code of the employee's existing links."""
    return {(c, n): code for code, c, n in db._rows(
        "SELECT code, content_id, network FROM share_links WHERE employee_id = ?", [employee_id])}


@dataclass(frozen=True)
class Target:
    """Where one code redirects: the content URL, the link's network and utm_content code."""

    code: str
    url: str
    network: str
    utm_code: str
    expires_at: float | None      # epoch seconds; None: never


def redirect_targets(db: Store) -> list[Target]:
    """Every code the redirector may answer: links of enrolled employees to known content.

    A withdrawn or erased employee's links, and links to content that is gone, are absent
    (the redirector answers 404). Expiry is checked by the redirector at each request.
    """
    return [Target(code, url, network, utm, None if expires is None else expires / 1e6)
            for code, url, network, utm, expires in db._rows(
                """SELECT l.code, c.url, l.network, coalesce(t.utm_code, l.code), epoch_us(t.expires_at)
                   FROM share_links l JOIN enrolled_employees e ON e.id = l.employee_id
                   JOIN content c ON c.id = l.content_id
                   LEFT JOIN share_link_tracking t ON t.code = l.code""")]


@dataclass(frozen=True)
class HitCounts:
    """What one ingestion added."""

    clicks: int = 0          # human clicks, counted
    others: int = 0          # bots, previews and repeats, kept apart
    known: int = 0           # already ingested (a re-read spool line)
    unknown_code: int = 0    # no such link any more (erased, purged): dropped


def record_hits(db: Store, hits: Sequence[Hit]) -> HitCounts:
    """Store spooled hits once each (by click id): every hit in link_hits, humans in clicks too.

    Hits of codes that are no longer links (erased between the click and ingestion) are
    dropped and counted, so an erased person's clicks never come back.
    """
    if not hits:
        return HitCounts()
    unique = {h.id: h for h in hits}
    table = pa.table({
        "id": list(unique),
        "code": [h.code for h in unique.values()],
        "hit_at": pa.array([h.at for h in unique.values()], _TS),
        "kind": [h.kind for h in unique.values()],
        "ua_class": [h.ua for h in unique.values()],
    })
    with db._registered("_hits", table):
        known = int(db._rows("SELECT count(*) FROM _hits WHERE id IN (SELECT id FROM link_hits)")[0][0])
        unknown = int(db._rows("SELECT count(*) FROM _hits WHERE code NOT IN (SELECT code FROM share_links)"
                               " AND id NOT IN (SELECT id FROM link_hits)")[0][0])
        db._rows("""CREATE TEMP TABLE _new_hits AS SELECT * FROM _hits
                    WHERE code IN (SELECT code FROM share_links) AND id NOT IN (SELECT id FROM link_hits)""")
    try:
        db._rows("INSERT INTO link_hits SELECT id, code, hit_at, kind, ua_class FROM _new_hits")
        clicks = int(db._rows(
            "INSERT INTO clicks (id, code, clicked_at) SELECT id, code, hit_at FROM _new_hits "
            "WHERE kind = 'human' AND id NOT IN (SELECT id FROM clicks)")[0][0])
        total = int(db._rows("SELECT count(*) FROM _new_hits")[0][0])
    finally:
        db._rows("DROP TABLE _new_hits")
    return HitCounts(clicks=clicks, others=total - clicks, known=known, unknown_code=unknown)


def hit_counts(db: Store, code: str | None = None) -> dict[str, int]:
    """Hits by kind (human, bot, repeat), for one code or all."""
    rows = db._rows("SELECT kind, count(*) FROM link_hits WHERE $code IS NULL OR code = $code GROUP BY 1",
                    {"code": code})
    return {"human": 0, "bot": 0, "repeat": 0} | {k: int(n) for k, n in rows}
