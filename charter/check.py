"""The checker: deterministic, explainable rules from the charter applied to one draft.

Offsets: `start`/`end` of a finding are Python str indices (code points) into the text
exactly as given, so `text[start:end] == evidence` (evidence is cut at 200 characters).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from ambassade.errors import InputError
from ambassade.text.folding import FoldedText, fold_text
from ambassade.text.language import detect_language
from charter import detectors
from charter.calendar import Calendar, EventLike
from charter.lexicon import Lexicon, Phrases
from charter.people import named_people
from charter.loader import default_charter
from charter.model import LANGS, SEVERITIES, Charter, CheckResult, Check, Clause, Finding

MAX_DRAFT_CHARS = 200_000
EVIDENCE_CHARS = 200
HOSTILE_COMPOUND = -0.8  # a draft this negative turns its respect warnings into blocks
WINDOW = 60  # default folded characters either side of a hit where exempt/context words count
_RANK = {s: i for i, s in enumerate(reversed(SEVERITIES))}  # info 0, warn 1, block 2
_DISCOUNT = re.compile(r"(?<![\w-])-\s?\d{1,2}\s?%|\d{1,2}\s?%\s(?:off|de reduction|de remise)")
# The brand inside an e-mail address or a link ("contact@maison-lemoine.fr") is not a mention.
_LINKS = re.compile(r"(?:https?://|www\.)\S+")


@dataclass(frozen=True)
class _Hit:
    start: int  # folded offsets
    end: int
    severity: str
    label: tuple[str, str] | None = None  # (fr, en) replacing the check's label: which event


@dataclass
class _CompiledCheck:
    clause: Clause
    check: Check
    terms: Phrases
    exempt: Phrases
    context: Phrases
    exempt_words: frozenset[str]


@dataclass
class _Draft:
    """One draft being checked: its folded text and what several checks ask about it."""

    text: FoldedText
    today: date
    _brand: tuple[int, int] | None | bool = False  # False: not looked for yet

    @property
    def folded(self) -> str:
        return self.text.folded


class Checker:
    """Checks drafts against one charter and one brand; build it once, call `check` many times.

    Args:
        charter: the charter (default: Ambassade's own).
        brand_name, brand_terms: how the brand is named (for undisclosed promotion).
        brand_exclude: homonyms ("Lemoine Immobilier") that are not the brand.
        confidential_terms: code names that must never be posted (block).
        unannounced: the brand's calendar (`[charter] unannounced`): events with `what`, `terms`
            and `until`; a draft naming every term of one before `until` is a confidentiality block.
        today: the day drafts are checked on (default: each check's own date).
        default_lang: the language of coaching texts when a draft's language is unclear.
        sentiment: optional `text -> compound in [-1, 1]`; a very negative draft turns its
            `respect` warnings into blocks (compound <= HOSTILE_COMPOUND).
    """

    def __init__(
        self,
        charter: Charter | None = None,
        brand_name: str | None = None,
        brand_terms: Iterable[str] = (),
        confidential_terms: Iterable[str] = (),
        default_lang: str = "fr",
        brand_exclude: Iterable[str] = (),
        max_chars: int = MAX_DRAFT_CHARS,
        sentiment: Callable[[str], float] | None = None,
        unannounced: Iterable[EventLike] = (),
        today: date | None = None,
    ) -> None:
        if default_lang not in LANGS:
            raise InputError(f"unknown language {default_lang!r} (use one of: {', '.join(LANGS)})")
        self.charter = charter or default_charter()
        self.default_lang = default_lang
        self.max_chars = max_chars
        self.sentiment = sentiment
        names = [t for t in [brand_name or "", *brand_terms] if t and t.strip()]
        self.brand = Lexicon(names)
        self.brand_exclude = Lexicon(brand_exclude)
        self.confidential = Lexicon(confidential_terms)
        self.calendar = Calendar(unannounced)
        self.today = today
        self._checks = [self._compile(clause, check)
                        for clause in self.charter.clauses if clause.enabled
                        for check in clause.checks if check.enabled]

    @staticmethod
    def _compile(clause: Clause, check: Check) -> _CompiledCheck:
        context_terms, context_patterns = check.context.all(), check.context_patterns.all()
        if check.detector == "named_person":
            # A person named near any of the clause's own words (insult, contempt…) is a complaint.
            for other in clause.checks:
                if other is not check and other.enabled:
                    context_terms += other.terms.all()
                    context_patterns += other.patterns.all()
        return _CompiledCheck(
            clause, check, Phrases(check.terms.all(), check.patterns.all()),
            Phrases(check.exempt.all(), check.exempt_patterns.all()),
            Phrases(context_terms, context_patterns),
            frozenset(w.lower() for w in check.exempt.all()),
        )

    def notes(self, lang: str) -> list[str]:
        """What this checker cannot see (e.g. no brand configured), in `lang`."""
        out = []
        if not self.brand:
            out.append("aucune marque configurée : la vérification « promotion sans mention de votre lien » "
                       "est désactivée" if lang == "fr" else "no brand configured: the undisclosed-promotion check is off")
        if not self.confidential:
            out.append("aucun terme confidentiel configuré ([brand] confidential_terms)"
                       if lang == "fr" else "no confidential terms configured ([brand] confidential_terms)")
        return out

    def draft_lang(self, text: str) -> str:
        """The project's one language vote (`detect_language` among LANGS); `default_lang` when
        the text has no words to vote with."""
        return detect_language(text, LANGS) or self.default_lang

    def check(self, text: str, lang: str | None = None) -> CheckResult:
        """Check one draft; InputError for a non-string, an unknown language or an over-long text."""
        if not isinstance(text, str):
            raise InputError("the draft must be text")
        if lang is not None and lang not in LANGS:
            raise InputError(f"unknown language {lang!r} (use one of: {', '.join(LANGS)})")
        if len(text) > self.max_chars:
            raise InputError(f"draft too long: {len(text)} characters (the limit is {self.max_chars})")
        folded = fold_text(text)
        lang = lang or self.draft_lang(text)
        draft = _Draft(folded, self.today or date.today())
        findings: list[Finding] = []
        for compiled in self._checks:
            for hit in self._run(compiled, draft):
                findings.append(self._finding(compiled, hit, folded, lang))
        findings = _strongest(findings)
        if self.sentiment is not None and text.strip():
            findings = self._weigh_sentiment(text, findings)
        return CheckResult(text, lang, tuple(findings), tuple(self.notes(lang)))

    def _run(self, c: _CompiledCheck, draft: _Draft) -> Iterator[_Hit]:
        detector = c.check.detector
        folded = draft.folded
        if detector is None:
            spans: Iterable[tuple[int, int, str]] = ((s, e, "") for s, e in c.terms.finditer(folded))
        elif detector == "confidential_terms":
            for start, end in self.confidential.finditer(folded):
                yield _Hit(start, end, c.check.severity)
            spans = ((s, e, "") for s, e in c.terms.finditer(folded))
        elif detector == "undisclosed_promotion":
            yield from self._undisclosed_promotion(c, draft)
            return
        elif detector == "unannounced":
            label = c.check.label
            for start, end, what in self.calendar.hits(folded, draft.today):
                yield _Hit(start, end, c.check.severity, (f"{label.fr} : {what}", f"{label.en}: {what}"))
            return
        elif detector == "named_person":
            brand = [(s, e) for s, e in self.brand.finditer(folded)]  # "@maisonlemoine" is no colleague
            spans = (h for h in named_people(draft.text) if not any(s < h[1] and h[0] < e for s, e in brand))
        else:
            spans = detectors.DETECTORS[detector](folded)
        yield from self._weigh(c, draft, spans)

    def _weigh(self, c: _CompiledCheck, draft: _Draft, spans: Iterable[tuple[int, int, str]]) -> Iterator[_Hit]:
        """Exempt words near a hit cancel it; context near it (or the brand named, for a check
        with `context_brand`) raises it to `escalate`, and is required with `require_context`."""
        check, folded = c.check, draft.folded
        for start, end, kind in spans:
            around = folded[max(0, start - check.window): end + check.window]
            if check.detector == "email":
                if _role_mailbox(kind, c.exempt_words):
                    continue
            elif c.exempt and c.exempt.search(around):
                continue
            in_context = bool(c.context) and c.context.search(around)
            if not in_context and check.context_brand:
                in_context = self._brand_mention(draft) is not None
            if check.require_context and not in_context:
                continue
            yield _Hit(start, end, check.escalate if check.escalate and in_context else check.severity)

    def _brand_mention(self, draft: _Draft) -> tuple[int, int] | None:
        """The first mention of the brand that is not inside an e-mail, a link or an excluded name."""
        if draft._brand is not False:
            return draft._brand  # type: ignore[return-value]
        folded = draft.folded
        mention = None
        if self.brand:
            mentions = list(self.brand.finditer(folded))
            if mentions:
                # Bounded patterns only (an unbounded "[\\w.]+@" is quadratic on 100 kB of letters).
                not_mentions = [(s, e) for s, e, _ in detectors.emails(folded)]
                not_mentions += [m.span() for m in _LINKS.finditer(folded)]
                not_mentions += list(self.brand_exclude.finditer(folded))
                mention = next((span for span in mentions
                                if not any(s <= span[0] < e for s, e in not_mentions)), None)
        draft._brand = mention
        return mention

    def _undisclosed_promotion(self, c: _CompiledCheck, draft: _Draft) -> Iterator[_Hit]:
        """The brand named with praise or a call to buy, and nowhere a word saying "I work there"."""
        mention = self._brand_mention(draft)
        folded = draft.folded
        if mention is None:
            return
        promoting = c.terms.search(folded) or _DISCOUNT.search(folded)
        if not promoting or c.exempt.search(folded):
            return
        yield _Hit(mention[0], mention[1], c.check.severity)

    def _finding(self, c: _CompiledCheck, hit: _Hit, folded: FoldedText, lang: str) -> Finding:
        start, end = folded.span(hit.start, hit.end)
        text = c.clause.text(lang)
        return Finding(
            clause=c.clause.id,
            category=c.clause.category,
            severity=hit.severity,
            start=start,
            end=end,
            evidence=folded.original[start:end][:EVIDENCE_CHARS],
            coaching=text.coaching,
            check=c.check.id,
            label=(hit.label[lang == "en"] if hit.label else c.check.label.get(lang)),
        )

    def _weigh_sentiment(self, text: str, findings: list[Finding]) -> list[Finding]:
        if not any(f.category == "respect" and f.severity == "warn" for f in findings):
            return findings  # nothing the score could change: don't pay for it
        try:
            compound = float(self.sentiment(text))
        except Exception:  # a scorer's failure must not stop a check
            return findings
        if compound > HOSTILE_COMPOUND:
            return findings
        return [
            replace(f, severity="block") if f.category == "respect" and f.severity == "warn" else f
            for f in findings
        ]


def _role_mailbox(local_part: str, exempt: frozenset[str]) -> bool:
    """contact@, recrutement.lyon@, jobs-paris@: a role mailbox, not a person's address."""
    first = re.split(r"[._+\-]", local_part, maxsplit=1)[0]
    return local_part in exempt or first in exempt


def _strongest(findings: list[Finding]) -> list[Finding]:
    """Where findings of one category overlap, keep the most severe (then the longest)."""
    ordered = sorted(findings, key=lambda f: (-_RANK[f.severity], -(f.end - f.start), f.start))
    kept_by_category: dict[str, list[tuple[int, int]]] = {}
    kept: list[Finding] = []
    for f in ordered:
        spans = kept_by_category.setdefault(f.category, [])  # sorted, never overlapping
        at = bisect.bisect_left(spans, (f.start, f.end))
        before = spans[at - 1] if at else None
        after = spans[at] if at < len(spans) else None
        if (before and before[1] > f.start) or (after and after[0] < f.end):
            continue
        spans.insert(at, (f.start, f.end))
        kept.append(f)
    return sorted(kept, key=lambda f: (f.start, f.end, f.clause))
