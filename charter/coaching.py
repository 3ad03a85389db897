"""Coaching from the charter: cards per opted-in employee (comms team only), themes per team (no names).

Cards come from the employee's own recent public posts (only if they opted into coaching)
and their advocacy class; a detractor signal leads to a listening card, never a sanction.
Team themes count posts by clause and are suppressed below the minimum group size.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from ambassade.errors import InputError
from charter.check import Checker
from charter.model import LANGS, Charter, CoachingTexts, Finding
from store import coaching as coaching_store
from store.connect import Store

DETRACTOR_CLASSES = {"detractor", "détracteur", "detracteur", "critic", "critique"}
AMBASSADOR_CLASSES = {"ambassador", "ambassadeur", "promoter", "promoteur", "advocate"}
NEGATIVE_MEAN = -0.3  # without an advocacy class: mean sentiment of at least 2 scored posts
_SEVERITY_ORDER = {"block": 0, "warn": 1, "info": 2}
MIN_THEME_PEOPLE = 3     # a team theme needs the posts of at least this many people


@dataclass(frozen=True)
class CoachingCard:
    """One coaching point: what happened, which clause, a better way, a good example."""

    kind: str                 # "finding" | "listen" | "recognition"
    employee_id: str
    title: str
    what_happened: str
    better_way: str
    example: str
    clause: str | None = None
    category: str | None = None
    severity: str | None = None
    mention_id: str | None = None
    url: str | None = None
    posted_at: datetime | None = None


@dataclass(frozen=True)
class Theme:
    """A team-level coaching theme: how many of the team's posts touched one clause; no names."""

    clause: str
    category: str
    title: str
    posts: int
    tip: str
    example: str
    people: int = 0          # how many people's posts touched it (never fewer than MIN_THEME_PEOPLE)


def employee_cards(store: Store, employee_id: str, lang: str = "fr", now: datetime | None = None,
                   days: int = 30, checker: Checker | None = None, max_cards: int = 20) -> list[CoachingCard]:
    """Cards for one employee who opted into coaching; [] for anyone else (withdrawn, not opted in, unknown).

    `what_happened` quotes the post (plain text from the internet: show it escaped, never as HTML).
    """
    _check_lang(lang)
    if coaching_store.coaching_employee(store, employee_id) is None:
        return []
    checker = checker or Checker()
    until = now or datetime.now(timezone.utc)
    posts = coaching_store.employee_posts(store, employee_id, until - timedelta(days=days), until)
    texts = checker.charter.coaching_texts(lang)
    cards: list[CoachingCard] = []
    for post in posts:
        for finding in _one_per_clause(_check_post(checker, post.text, lang)):
            cards.append(_finding_card(checker.charter, texts, lang, employee_id, post, finding))
    cards.sort(key=lambda c: (_SEVERITY_ORDER.get(c.severity or "", 3), -(c.posted_at or until).timestamp()))
    signal = _signal_card(store, employee_id, posts, texts)
    return ([signal] if signal else []) + cards[: max(0, max_cards - bool(signal))]


def team_themes(store: Store, team: str, lang: str = "fr", min_group_size: int = 5,
                now: datetime | None = None, days: int = 30, checker: Checker | None = None,
                min_people: int = MIN_THEME_PEOPLE, since: datetime | None = None) -> list[Theme]:
    """Posts by clause for a team's coaching-eligible employees in [since or now - days, now].

    [] when the team has fewer than `min_group_size` such people (the store's rule); a clause
    shows only when the posts of at least `min_people` people touch it, so no theme points at
    one person.
    """
    _check_lang(lang)
    checker = checker or Checker()
    until = now or datetime.now(timezone.utc)
    start = since or until - timedelta(days=days)
    counts: Counter[str] = Counter()
    people: dict[str, set[str]] = {}
    # The store applies the group-size rule: a team too small gives no posts at all.
    for post in coaching_store.team_posts(store, team, start, until, min_group_size=min_group_size):
        for finding in _one_per_clause(_check_post(checker, post.text, lang)):
            counts[finding.clause] += 1
            people.setdefault(finding.clause, set()).add(post.employee_id)
    themes = []
    for clause_id, posts in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        clause = checker.charter.clause(clause_id)
        if clause is None or len(people[clause_id]) < max(min_people, 1):
            continue
        text = clause.text(lang)
        themes.append(Theme(clause_id, clause.category, text.title, posts,
                            text.tips[0] if text.tips else text.coaching, text.good[0] if text.good else "",
                            people=len(people[clause_id])))
    return themes


def _check_post(checker: Checker, text: str, lang: str) -> tuple[Finding, ...]:
    """Findings on a stored post, cut to the checker's limit (a stored post is never refused)."""
    return checker.check(text[: checker.max_chars], lang=lang).findings


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r} (use one of: {', '.join(LANGS)})")


def _one_per_clause(findings: tuple[Finding, ...]) -> list[Finding]:
    """The most severe warn/block finding of each clause in one post."""
    best: dict[str, Finding] = {}
    for f in findings:
        if f.severity == "info":
            continue
        if f.clause not in best or _SEVERITY_ORDER[f.severity] < _SEVERITY_ORDER[best[f.clause].severity]:
            best[f.clause] = f
    return list(best.values())


def _finding_card(charter: Charter, texts: CoachingTexts | None, lang: str, employee_id: str,
                  post: coaching_store.Post, finding: Finding) -> CoachingCard:
    clause = charter.clause(finding.clause)
    clause_text = clause.text(lang) if clause else None
    evidence = finding.evidence
    if finding.category == "personal-data":  # the comms team needs the point, not the number
        evidence = f"{evidence[:2]}… ({texts.masked if texts else '***'})"
    template = texts.what_happened if texts else "{date} {source}: {evidence} — {label}"
    what = template.format(date=post.created_at.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d"),
                           source=post.source, evidence=" ".join(evidence.split()), label=finding.label)
    better = finding.coaching
    if clause_text and clause_text.tips:
        better = f"{better} {clause_text.tips[0]}"
    return CoachingCard(
        kind="finding", employee_id=employee_id,
        title=clause_text.title if clause_text else finding.clause,
        what_happened=what, better_way=better,
        example=clause_text.good[0] if clause_text and clause_text.good else "",
        clause=finding.clause, category=finding.category, severity=finding.severity,
        mention_id=post.mention_id, url=post.url, posted_at=post.created_at,
    )


def _signal_card(store: Store, employee_id: str, posts: list[coaching_store.Post],
                 texts: CoachingTexts | None) -> CoachingCard | None:
    """A listening card for a detractor signal, a thank-you card for an ambassador; else None."""
    if texts is None:
        return None
    found = coaching_store.advocacy_class(store, employee_id)
    kind = None
    if found is not None:
        cls = found[0].strip().lower()
        kind = "listen" if cls in DETRACTOR_CLASSES else "recognition" if cls in AMBASSADOR_CLASSES else None
    else:
        scored = [p.compound for p in posts if p.compound is not None]
        if len(scored) >= 2 and sum(scored) / len(scored) <= NEGATIVE_MEAN:
            kind = "listen"
    if kind == "listen":
        return CoachingCard("listen", employee_id, texts.listen_title, texts.listen_what,
                            texts.listen_better, texts.listen_example)
    if kind == "recognition":
        return CoachingCard("recognition", employee_id, texts.recognition_title, texts.recognition_what,
                            texts.recognition_better, texts.recognition_example)
    return None
