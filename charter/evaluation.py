"""Precision and recall of the checker over a labelled set of drafts, per category and overall."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from charter.check import Checker
from charter.model import CATEGORIES


@dataclass(frozen=True)
class LabelledDraft:
    text: str
    lang: str
    expect: frozenset[str]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp), 1.0 when nothing was flagged."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn), 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Evaluation:
    """Draft-level counts: a draft is flagged for a category when a warn or block finding has it."""

    per_category: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    drafts: int = 0
    clean_drafts: int = 0
    clean_flagged: int = 0
    errors: list[tuple[LabelledDraft, set[str]]] = field(default_factory=list)

    @property
    def overall(self) -> Counts:
        """Counts summed over categories (micro average)."""
        total = Counts()
        for c in self.per_category.values():
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        return total


def load_drafts(path: str | Path) -> tuple[dict, list[LabelledDraft]]:
    """The `[brand]` table and the `[[drafts]]` of a labelled-drafts TOML file."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    drafts = []
    for item in data["drafts"]:
        unknown = set(item["expect"]) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown categories {sorted(unknown)} in draft {item['text'][:40]!r}")
        drafts.append(LabelledDraft(item["text"], item.get("lang", "fr"), frozenset(item["expect"])))
    return data.get("brand", {}), drafts


def checker_for(brand: dict) -> Checker:
    """A checker for a `[brand]` table of a drafts file."""
    return Checker(
        brand_name=brand.get("name"),
        brand_terms=brand.get("terms", ()),
        confidential_terms=brand.get("confidential_terms", ()),
    )


def evaluate(checker: Checker, drafts: list[LabelledDraft]) -> Evaluation:
    """Compare the categories flagged on each draft with its labels."""
    result = Evaluation()
    for draft in drafts:
        found = checker.check(draft.text, lang=draft.lang).categories()
        result.drafts += 1
        if not draft.expect:
            result.clean_drafts += 1
            result.clean_flagged += bool(found)
        for category in CATEGORIES:
            counts = result.per_category[category]
            expected, flagged = category in draft.expect, category in found
            counts.tp += expected and flagged
            counts.fp += flagged and not expected
            counts.fn += expected and not flagged
        if found != set(draft.expect):
            result.errors.append((draft, found))
    return result


def format_evaluation(result: Evaluation) -> str:
    """A small table: precision and recall per category and overall, then the misses."""
    lines = [f"{'category':<16} {'tp':>3} {'fp':>3} {'fn':>3} {'precision':>9} {'recall':>7}"]
    for name, c in [*result.per_category.items(), ("overall", result.overall)]:
        lines.append(f"{name:<16} {c.tp:>3} {c.fp:>3} {c.fn:>3} {c.precision:>9.3f} {c.recall:>7.3f}")
    lines.append(f"drafts: {result.drafts}, clean: {result.clean_drafts}, clean drafts flagged: {result.clean_flagged}")
    for draft, found in result.errors:
        lines.append(f"  miss: expected {sorted(draft.expect)} got {sorted(found)}: {draft.text[:90]!r}")
    return "\n".join(lines)
