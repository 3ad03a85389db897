"""Content governance: adding an item by URL, approving (with the charter's findings on its
suggested texts), rejecting, expiring, and proposing positive public mentions for amplifying.

Decisions are recorded by `store.library.decide` (who, when, why, findings).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests

from ambassade.errors import InputError
from ambassade.settings import Settings
from collectors.urls import canonical_url
from programme.opengraph import fetch_card
from programme.texts import Source, compose
from store.connect import Store
from store.library import LibraryItem, amplifiable_mentions, decide, library_item, set_tags
from store.programme import Content, content_id, upsert_content

# Texts checked at approval: a few employees' variants per network, so that the findings
# shown are those employees would meet (texts vary from one person to the next).
SAMPLE_AUTHORS = ("sample:1", "sample:2", "sample:3")
SAMPLE_URL = "https://example.org/"


@dataclass(frozen=True)
class Approval:
    item: LibraryItem
    findings: list[dict]           # {network, lang, clause, category, severity, evidence, text}

    @property
    def blocks(self) -> int:
        return sum(1 for f in self.findings if f["severity"] == "block")


def add_url(db: Store, settings: Settings, url: str, by: str, now: datetime,
            tags: Sequence[str] = (), lang: str | None = None,
            session: requests.Session | None = None) -> LibraryItem:
    """Fetch the page's OpenGraph card and add it as a proposed item (nothing is written when
    the page cannot be read). InputError when the URL is already in the library."""
    if not (by or "").strip():
        raise InputError("say who adds it (--by)")
    card = fetch_card(url, session, max_bytes=settings.programme.page_max_bytes)
    canonical = canonical_url(card.url)
    ident = content_id(canonical)
    known = library_item(db, ident, now)
    if known is not None:
        raise InputError(f"already in the library as {ident} ({known.state})")
    upsert_content(db, [Content(url=card.url, canonical_url=canonical, title=card.title,
                                summary=card.description, lang=lang or card.lang, published_at=None,
                                feed=None, tags=_tags(tags), origin="admin", image_url=card.image_url)],
                   now, decided_by=by.strip())
    return library_item(db, ident, now)


def approve(db: Store, settings: Settings, check: Callable, content: str, by: str, why: str | None,
            now: datetime, expires_at: datetime | None = None, tags: Sequence[str] | None = None) -> Approval:
    """Approve one item: its suggested texts are checked with the charter first and the findings
    recorded with the decision. `check(text, lang)` is `charter.check.Checker.check`."""
    item = library_item(db, content, now)
    if item is None:
        raise InputError(f"no content with id {content!r} (see `ambassade content list`)")
    if tags is not None:
        set_tags(db, content, _tags(tags))
        item = library_item(db, content, now)
    findings = text_findings(item, settings, check)
    expires = expires_at or now + timedelta(days=settings.programme.expiry_days)
    decided = decide(db, content, "approved", by, why, now, findings=findings, expires_at=expires)
    return Approval(decided, findings)


def text_findings(item: LibraryItem, settings: Settings, check: Callable) -> list[dict]:
    """The charter's findings on the item's suggested texts, in each of the brand's languages."""
    found: dict[tuple, dict] = {}
    for lang in [x for x in settings.brand.languages if x in ("fr", "en")] or ["fr"]:
        src = Source(item.title, item.summary, item.tags, settings.brand.name, lang)
        for author in SAMPLE_AUTHORS:
            for network in settings.programme.networks:
                text = compose(src, author, item.id, network, SAMPLE_URL)
                for f in check(text, lang).findings:
                    key = (f.clause, f.severity, f.evidence.lower(), lang)
                    found.setdefault(key, {"network": network, "lang": lang, "clause": f.clause,
                                           "category": f.category, "severity": f.severity,
                                           "evidence": f.evidence, "text": text})
    return list(found.values())


def propose_mentions(db: Store, settings: Settings, since: datetime, now: datetime,
                     limit: int = 20) -> list[LibraryItem]:
    """Positive public mentions worth amplifying, added as proposed items (the comms team decides)."""
    found = amplifiable_mentions(db, since, settings.programme.mention_min_compound, limit)
    items = []
    for m in found:
        title = " ".join(m["text"].split())
        title = title if len(title) <= 140 else title[:139].rstrip() + "…"
        items.append(Content(url=m["url"], canonical_url=canonical_url(m["url"]), title=title,
                             summary=None, lang=m["lang"], published_at=m["created_at"], feed=None,
                             origin="mention", mention_id=m["mention_id"]))
    known = {i.id for i in items if library_item(db, i.id, now) is not None}
    fresh = [i for i in items if i.id not in known]
    upsert_content(db, fresh, now, decided_by="ambassade (positive public mention)")
    return [library_item(db, i.id, now) for i in fresh]


def _tags(tags: Sequence[str]) -> tuple[str, ...]:
    clean = []
    for tag in tags:
        for part in str(tag).split(","):
            part = " ".join(part.split()).lower()
            if part and len(part) <= 60 and part.isprintable():
                clean.append(part)
    return tuple(dict.fromkeys(clean))
