"""The charter's shapes: clauses and checks as read from TOML, findings as the checker reports them."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

CATEGORIES = ("disclosure", "confidentiality", "personal-data", "respect", "rumour", "legal", "other")
SEVERITIES = ("block", "warn", "info")
LANGS = ("fr", "en")
DETECTORS = ("undisclosed_promotion", "confidential_terms", "email", "phone", "iban",
             "id_number", "address", "secret", "unannounced", "named_person")

Category = Literal["disclosure", "confidentiality", "personal-data", "respect", "rumour", "legal", "other"]
Severity = Literal["block", "warn", "info"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Terms(_Strict):
    """A word list per language; `any` applies whatever the language."""

    fr: list[str] = []
    en: list[str] = []
    any: list[str] = []

    def all(self) -> list[str]:
        """Every term, whatever the language."""
        return [*self.fr, *self.en, *self.any]


class Patterns(Terms):
    """Regular expressions per language, written for folded text (lower case, no accents)."""

    @field_validator("fr", "en", "any")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad pattern {pattern!r}: {exc}") from None
        return patterns


class Localized(_Strict):
    fr: str
    en: str

    def get(self, lang: str) -> str:
        """The text in `lang` (French unless "en")."""
        return self.en if lang == "en" else self.fr


class Check(_Strict):
    """One rule of a clause: a word list, or a built-in detector, with its severity."""

    id: str = Field(min_length=1, max_length=80)
    severity: Severity = "warn"
    label: Localized
    detector: str | None = None
    terms: Terms = Terms()
    exempt: Terms = Terms()
    context: Terms = Terms()
    escalate: Severity | None = None
    enabled: bool = True
    # Phrase patterns beside the word lists, for what a list cannot enumerate ("info(s) de
    # couloir", "selon (mes|nos|plusieurs) sources").
    patterns: Patterns = Patterns()
    exempt_patterns: Patterns = Patterns()
    context_patterns: Patterns = Patterns()
    context_brand: StrictBool = False      # the brand named in the draft counts as context (escalates)
    require_context: StrictBool = False    # a hit without context near it is not reported
    window: int = Field(default=60, ge=0, le=2000)  # folded characters either side for exempt/context

    @field_validator("detector")
    @classmethod
    def _known_detector(cls, value: str | None) -> str | None:
        if value is not None and value not in DETECTORS:
            raise ValueError(f"unknown detector {value!r} (known: {', '.join(DETECTORS)})")
        return value


class ClauseText(_Strict):
    """A clause in one language: what it says, why, and how to do better."""

    title: str = Field(min_length=1)
    text: str = Field(min_length=1)
    why: str = ""
    coaching: str = Field(min_length=1)
    tips: list[str] = []
    good: list[str] = []
    bad: list[str] = []


class Clause(_Strict):
    id: str = Field(min_length=1, max_length=80)
    category: Category
    fr: ClauseText
    en: ClauseText
    checks: list[Check] = []
    enabled: bool = True

    def text(self, lang: str) -> ClauseText:
        """The clause in `lang` (French unless "en")."""
        return self.en if lang == "en" else self.fr


class Meta(_Strict):
    name: str
    intro: str = ""


class CoachingTexts(_Strict):
    """Wording of coaching cards in one language; `what_happened` has {date} {source} {evidence} {label}."""

    what_happened: str
    listen_title: str
    listen_what: str
    listen_better: str
    listen_example: str
    recognition_title: str
    recognition_what: str
    recognition_better: str
    recognition_example: str
    masked: str = "***"


class Charter(_Strict):
    """The whole charter: clauses in order, each with its checks."""

    schema_: int = Field(default=1, alias="schema")
    meta: dict[str, Meta] = {}
    clauses: list[Clause] = Field(min_length=1)
    coaching: dict[str, CoachingTexts] = {}

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def clause(self, clause_id: str) -> Clause | None:
        """The clause with this id, if any."""
        return next((c for c in self.clauses if c.id == clause_id), None)

    def coaching_texts(self, lang: str) -> CoachingTexts | None:
        """The coaching cards' wording in `lang`, else French."""
        return self.coaching.get(lang) or self.coaching.get("fr")

    def name(self, lang: str) -> str:
        """The charter's name in `lang`."""
        meta = self.meta.get(lang) or self.meta.get("fr")
        return meta.name if meta else "Charter"


@dataclass(frozen=True)
class Finding:
    """One thing the checker found: where (Python str offsets into the text as given), what, and what to do."""

    clause: str
    category: str
    severity: str
    start: int
    end: int
    evidence: str
    coaching: str
    check: str = ""
    label: str = ""

    def to_json(self) -> dict:
        """The contract's finding object (DESIGN.md): exactly these seven keys."""
        data = asdict(self)
        return {k: data[k] for k in ("clause", "category", "severity", "start", "end", "evidence", "coaching")}


@dataclass(frozen=True)
class CheckResult:
    """The answer for one draft: ok unless a finding blocks."""

    text: str
    lang: str
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True unless a finding blocks."""
        return not any(f.severity == "block" for f in self.findings)

    def categories(self, severities: tuple[str, ...] = ("block", "warn")) -> set[str]:
        """Categories with a finding at one of `severities` (by default, what counts as flagged)."""
        return {f.category for f in self.findings if f.severity in severities}

    def to_json(self) -> dict:
        """The contract's JSON object: {"ok", "findings"}."""
        return {"ok": self.ok, "findings": [f.to_json() for f in self.findings]}
