"""Precision and recall of the checker over a labelled set of drafts, per category and overall."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import TypeAdapter

from ambassade.settings import UnannouncedEvent
from charter.check import Checker
from charter.model import CATEGORIES

_EVENTS = TypeAdapter(list[UnannouncedEvent])


@dataclass(frozen=True)
class LabelledDraft:
    text: str
    lang: str
    expect: frozenset[str]
    block: frozenset[str] = frozenset()  # the expected categories whose finding must block


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
    blocks_expected: int = 0   # (draft, category) pairs labelled `block`
    blocks_found: int = 0      # ...of which the checker blocked
    block_misses: list[tuple[LabelledDraft, set[str]]] = field(default_factory=list)

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
        block = frozenset(item.get("block", ()))
        if not block <= set(item["expect"]):
            raise ValueError(f"`block` names a category not in `expect` in draft {item['text'][:40]!r}")
        drafts.append(LabelledDraft(item["text"], item.get("lang", "fr"), frozenset(item["expect"]), block))
    return data.get("brand", {}), drafts


def checker_for_file(path: str | Path) -> Checker:
    """A checker for a drafts file: its `[brand]`, its `[charter] unannounced` calendar, and its
    `as_of` date as the day of the check (so the figures do not change with the calendar)."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    events = _EVENTS.validate_python(data.get("charter", {}).get("unannounced", []))
    as_of = data.get("as_of")
    return checker_for(data.get("brand", {}), events, as_of if isinstance(as_of, date) else None)


def checker_for(brand: dict, unannounced: list[UnannouncedEvent] = (), today: date | None = None) -> Checker:
    """A checker for a `[brand]` table of a drafts file."""
    return Checker(
        brand_name=brand.get("name"),
        brand_terms=brand.get("terms", ()),
        confidential_terms=brand.get("confidential_terms", ()),
        unannounced=unannounced,
        today=today,
    )


def evaluate(checker: Checker, drafts: list[LabelledDraft]) -> Evaluation:
    """Compare the categories flagged on each draft with its labels."""
    result = Evaluation()
    for draft in drafts:
        checked = checker.check(draft.text, lang=draft.lang)
        found = checked.categories()
        blocked = checked.categories(("block",))
        result.blocks_expected += len(draft.block)
        result.blocks_found += len(draft.block & blocked)
        if not draft.block <= blocked:
            result.block_misses.append((draft, blocked))
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
    if result.blocks_expected:
        lines.append(f"labelled blocks: {result.blocks_found}/{result.blocks_expected} blocked")
    for draft, found in result.errors:
        lines.append(f"  miss: expected {sorted(draft.expect)} got {sorted(found)}: {draft.text[:90]!r}")
    for draft, blocked in result.block_misses:
        lines.append(f"  not blocked: expected {sorted(draft.block)} blocked {sorted(blocked)}: {draft.text[:80]!r}")
    return "\n".join(lines)
