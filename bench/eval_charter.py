"""Precision and recall of the charter checker on the labelled drafts in tests/charter/drafts.toml.

Run: .venv/bin/python bench/eval_charter.py [path/to/drafts.toml]
Also times the checker on the set (checks per second) and on a 100 kB draft, then prints the
figures of the two held-out sets (drafts_holdout.toml, drafts_fresh.toml), which no rule was
written from, and of blocks: how many drafts labelled `block` the checker blocked.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from ambassade.text.folding import fold_text
from charter.evaluation import checker_for_file, evaluate, format_evaluation, load_drafts
from charter.lexicon import Lexicon, term_pattern

DRAFTS = Path(__file__).resolve().parent.parent / "tests" / "charter" / "drafts.toml"
HOLDOUT = DRAFTS.with_name("drafts_holdout.toml")
FRESH = DRAFTS.with_name("drafts_fresh.toml")


def main(path: Path = DRAFTS) -> None:
    _, drafts = load_drafts(path)
    started = time.perf_counter()
    checker = checker_for_file(path)
    built = time.perf_counter() - started
    evaluate(checker, drafts)  # warm: first calls compile lazily (phonenumbers metadata)
    rounds = 5
    started = time.perf_counter()
    for _ in range(rounds):
        result = evaluate(checker, drafts)
    elapsed = (time.perf_counter() - started) / rounds
    print(format_evaluation(result))
    print(f"checker built in {built * 1000:.1f} ms; {len(drafts)} drafts checked in "
          f"{elapsed * 1000:.1f} ms ({elapsed / len(drafts) * 1000:.2f} ms a draft, "
          f"{len(drafts) / elapsed:.0f} checks/s, best of the warm mean over {rounds} rounds)")
    big = " ".join(d.text for d in drafts)
    big = (big + " ") * (100_000 // len(big) + 1)
    big = big[:100_000]
    started = time.perf_counter()
    findings = checker.check(big).findings
    print(f"a 100 kB draft: {len(findings)} findings in {(time.perf_counter() - started) * 1000:.0f} ms")
    compare_lexicons(checker, big)
    if path == DRAFTS:
        for held_out in (HOLDOUT, FRESH):
            if held_out.exists():
                _, held = load_drafts(held_out)
                print(f"\nheld-out set ({held_out.name}, not used to write or tune the rules):")
                print(format_evaluation(evaluate(checker_for_file(held_out), held)))


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
