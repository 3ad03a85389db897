"""Suggestions per employee: ranked, explained in words a person understands, with texts.

Only approved, unexpired items (`store.library.offered_content`) are candidates, and never
one the employee already shared. Each candidate's score adds up signals, each with its reason:

| signal | value | reason (fr) |
| --- | --- | --- |
| freshness | 0.5 ** (age / half_life_days) | "nouveau cette semaine" (under fresh_days) |
| the employee's interests | share of their past shares on the item's topics | "vous partagez souvent sur : recettes" |
| the team's topics | share of the team's other shares on them | "sujet de votre équipe : recrutement" |
| language | 1 when the item is in the employee's language | "dans votre langue" |
| engagement of similar content | clicks / (clicks + 20) on items sharing a topic | "des contenus proches ont eu 40 clics" |
| charter-clean texts | items with no text the charter accepts are left out | "texte vérifié avec la charte" |

Someone not enrolled, or enrolled without the "shares" scope, gets no suggestion at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ambassade.errors import InputError
from ambassade.settings import Settings
from programme.share_url import share_urls_for
from programme.texts import Source, texts_for
from store.connect import Store
from store.enrolment import member
from store.library import LibraryItem, clicks_by_content, offered_content, shared_by, tags_shared_by, team_tags

WEIGHTS = {"fresh": 1.0, "own": 0.8, "team": 0.6, "lang": 0.7, "engagement": 0.5}
ENGAGEMENT_HALF = 20            # clicks at which the engagement signal is worth half

WORDS = {
    "fr": {"new": "nouveau cette semaine", "days": "publié il y a {n} jours",
           "own": "vous partagez souvent sur : {tag}", "team": "sujet de votre équipe : {tag}",
           "lang": "dans votre langue", "clicks": "des contenus proches ont eu {n} clics",
           "click": "des contenus proches ont eu 1 clic",
           "charter": "texte vérifié avec la charte", "expires": "proposé jusqu'au {date}"},
    "en": {"new": "new this week", "days": "published {n} days ago",
           "own": "you often share about: {tag}", "team": "your team's topic: {tag}",
           "lang": "in your language", "clicks": "similar content got {n} clicks",
           "click": "similar content got 1 click",
           "charter": "text checked against the charter", "expires": "offered until {date}"},
}


@dataclass(frozen=True)
class Suggestion:
    content_id: str
    title: str
    url: str
    score: float
    reasons: list[str]
    texts: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"content_id": self.content_id, "title": self.title, "url": self.url,
                "score": self.score, "reasons": self.reasons, "texts": self.texts}


@dataclass(frozen=True)
class Signals:
    """What ranking knows about one employee, read once."""

    lang: str
    shared: set[str]
    own_tags: dict[str, int]
    team_tags: dict[str, int]
    clicks: dict[str, tuple[tuple[str, ...], int]]      # content id -> (tags, clicks)


def suggest(db: Store, settings: Settings, employee_id: str, now: datetime,
            passes: Callable[[str, str], bool], limit: int | None = None) -> list[Suggestion]:
    """The employee's suggestions, best first; [] for anyone without the shares scope.

    `passes(text, lang)` says whether the charter accepts a text. InputError for an unknown id.
    """
    person = member(db, employee_id)
    if person is None:
        raise InputError(f"no employee with id {employee_id!r} (see `ambassade employees list`)")
    if person.state != "enrolled" or "shares" not in person.scopes:
        return []
    lang = person.lang if person.lang in WORDS else settings.brand.languages[0]
    lang = lang if lang in WORDS else "fr"
    signals = Signals(lang, shared_by(db, employee_id), tags_shared_by(db, employee_id),
                      team_tags(db, person.team, employee_id), clicks_by_content(db))
    ranked = []
    for item in offered_content(db, now):
        if item.id in signals.shared:
            continue
        score, reasons = rank(item, signals, settings, now)
        ranked.append((score, item, reasons))
    ranked.sort(key=lambda r: (-r[0], r[1].id))
    out: list[Suggestion] = []
    limit = limit or settings.programme.limit
    for score, item, reasons in ranked:
        if len(out) >= limit:
            break
        urls = share_urls_for(db, settings, employee_id, item.id, settings.programme.networks, now)
        src = Source(item.title, item.summary, item.tags, settings.brand.name, lang)
        texts = texts_for(src, employee_id, item.id, urls, passes)
        if not texts:
            continue                          # no text the charter accepts: not offered
        out.append(Suggestion(item.id, item.title, item.canonical_url, score,
                              reasons + [WORDS[lang]["charter"]], texts))
    return out


def rank(item: LibraryItem, s: Signals, settings: Settings, now: datetime) -> tuple[float, list[str]]:
    """One candidate's score and the reasons behind it, strongest first."""
    words = WORDS[s.lang]
    parts: list[tuple[float, str | None]] = []
    born = item.published_at or item.added_at or now
    age_days = max(0.0, (now - born).total_seconds() / 86_400)
    fresh = 0.5 ** (age_days / settings.programme.half_life_days)
    if age_days < settings.programme.fresh_days:
        parts.append((WEIGHTS["fresh"] * fresh, words["new"]))
    else:
        parts.append((WEIGHTS["fresh"] * fresh, None))
    tags = [t for t in item.tags]
    own_total = sum(s.own_tags.values())
    if own_total and tags:
        best = max(tags, key=lambda t: (s.own_tags.get(t, 0), t))
        share = s.own_tags.get(best, 0) / own_total
        if share > 0:
            parts.append((WEIGHTS["own"] * min(1.0, 2 * share), words["own"].format(tag=best)))
    team_total = sum(s.team_tags.values())
    if team_total and tags:
        best = max(tags, key=lambda t: (s.team_tags.get(t, 0), t))
        share = s.team_tags.get(best, 0) / team_total
        if share > 0:
            parts.append((WEIGHTS["team"] * min(1.0, 2 * share), words["team"].format(tag=best)))
    if item.lang is None or item.lang == s.lang:
        parts.append((WEIGHTS["lang"], words["lang"]))
    similar = sum(n for ident, (their_tags, n) in s.clicks.items()
                  if ident != item.id and set(their_tags) & set(tags))
    if similar:
        parts.append((WEIGHTS["engagement"] * similar / (similar + ENGAGEMENT_HALF),
                      words["click"] if similar == 1 else words["clicks"].format(n=similar)))
    score = round(sum(v for v, _ in parts), 3)
    reasons = [r for v, r in sorted(parts, key=lambda p: -p[0]) if r]
    return score, reasons
