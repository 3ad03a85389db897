"""Precision and recall of the charter checker on the labelled drafts in tests/charter/drafts.toml.

Run: .venv/bin/python bench/eval_charter.py [path/to/drafts.toml]
Also times the checker on the set and on a 100 kB draft, then prints the held-out set's figures.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import re

from ambassade.text.folding import fold_text
from charter.evaluation import checker_for, evaluate, format_evaluation, load_drafts
from charter.lexicon import Lexicon, term_pattern

DRAFTS = Path(__file__).resolve().parent.parent / "tests" / "charter" / "drafts.toml"
HOLDOUT = DRAFTS.with_name("drafts_holdout.toml")


def main(path: Path = DRAFTS) -> None:
    brand, drafts = load_drafts(path)
    started = time.perf_counter()
    checker = checker_for(brand)
    built = time.perf_counter() - started
    started = time.perf_counter()
    result = evaluate(checker, drafts)
    elapsed = time.perf_counter() - started
    print(format_evaluation(result))
    print(f"checker built in {built * 1000:.1f} ms; {len(drafts)} drafts checked in "
          f"{elapsed * 1000:.1f} ms ({elapsed / len(drafts) * 1000:.2f} ms a draft)")
    big = " ".join(d.text for d in drafts)
    big = (big + " ") * (100_000 // len(big) + 1)
    big = big[:100_000]
    started = time.perf_counter()
    findings = checker.check(big).findings
    print(f"a 100 kB draft: {len(findings)} findings in {(time.perf_counter() - started) * 1000:.0f} ms")
    compare_lexicons(checker, big)
    if path == DRAFTS and HOLDOUT.exists():
        brand, held = load_drafts(HOLDOUT)
        print(f"\nheld-out set ({HOLDOUT.name}, not used to tune the word lists):")
        print(format_evaluation(evaluate(checker_for(brand), held)))


def compare_lexicons(checker, text: str) -> None:
    """Word lists as one grouped pattern each (ours) against one pattern per term (the naive way)."""
    lists = [k.terms.all() for c in checker.charter.clauses for k in c.checks if k.terms.all()]
    folded = fold_text(text).folded
    grouped = [Lexicon(terms) for terms in lists]
    naive = [[re.compile(p) for p in map(term_pattern, terms) if p] for terms in lists]
    started = time.perf_counter()
    ours = sum(len(list(lex.finditer(folded))) for lex in grouped)
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    theirs = sum(len(list(p.finditer(folded))) for patterns in naive for p in patterns)
    naive_s = time.perf_counter() - started
    terms = sum(len(t) for t in lists)
    print(f"word lists on 100 kB ({terms} terms in {len(lists)} lists): grouped {ours_s * 1000:.0f} ms "
          f"({ours} matches) vs one pattern per term {naive_s * 1000:.0f} ms ({theirs} matches, "
          f"overlaps counted twice): {naive_s / ours_s:.1f}x")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DRAFTS)
