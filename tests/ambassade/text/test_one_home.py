"""The rule: "does this text name the brand?" and "which language?" have one answer each, from
ambassade/text, whichever folder asks (collectors, scoring, the charter)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ambassade.text.language import detect_language
from charter import Checker
from charter.model import LANGS
from scoring.batch import score_many

REPO = Path(__file__).resolve().parents[3]
TEXTS = [
    "Trop bien chez Lemoine !",                                    # short French
    "Il paraît que la boutique ferme",
    "I heard that the shop is closing",                            # English
    "So good, thanks Lemoine",
    "Lemoine",                                                     # ambiguous: one brand word
    "OK super top",                                                # ambiguous: words of both
    "Super soirée chez Lemoine hier soir. So good!",               # mixed, mostly French
    "https://example.org @someone #tag",                           # no words at all
    "",
]


@pytest.mark.parametrize("default", LANGS)
def test_charter_and_scoring_give_the_same_language(default):
    checker = Checker(default_lang=default)
    scored = [lang for lang, _, _ in score_many([(t, None) for t in TEXTS], LANGS, workers=1)]
    for text, scoring_lang in zip(TEXTS, scored):
        assert scoring_lang == detect_language(text, LANGS), text
        # the charter adds only its fallback, for texts without a word to vote with
        assert checker.check(text).lang == (scoring_lang or default), text


def _python_files() -> list[Path]:
    dirs = ["ambassade", "collectors", "scoring", "charter", "dashboard", "store", "bench", "tests"]
    return [p for d in dirs for p in (REPO / d).rglob("*.py") if ".venv" not in p.parts]


def _imports(path: Path) -> set[tuple[str, str]]:
    """(module, name) for every `from module import name`, and (module, "") for `import module`."""
    found: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {(node.module, alias.name) for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {(alias.name, "") for alias in node.names}
    return found


SHARED = {"TermMatcher": "ambassade.text.terms", "fold": "ambassade.text.folding",
          "fold_text": "ambassade.text.folding", "detect_language": "ambassade.text.language",
          "load_model": "ambassade.text.language"}


def test_the_matcher_the_folding_and_the_vote_are_imported_from_the_shared_home_only():
    wrong = []
    for path in _python_files():
        for module, name in _imports(path):
            if module in ("scoring.lang", "charter.textmap") or (
                    name in SHARED and module != SHARED[name]):
                wrong.append(f"{path.relative_to(REPO)}: from {module} import {name}")
    assert wrong == []


def test_they_are_defined_nowhere_else():
    defined = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and (
                    node.name in SHARED or node.name == "guess_lang"):
                defined.append((str(path.relative_to(REPO)), node.name))
    assert all(where.startswith("ambassade/text/") for where, _ in defined), defined
    assert not (REPO / "scoring" / "lang.py").exists() and not (REPO / "charter" / "textmap.py").exists()


@pytest.mark.parametrize("path, module", [
    ("collectors/base.py", "ambassade.text.terms"),        # collection: brand matcher
    ("scoring/batch.py", "ambassade.text.language"),       # scoring: language vote
    ("scoring/sentiment.py", "ambassade.text.language"),
    ("charter/check.py", "ambassade.text.language"),       # charter: language vote and folding
    ("charter/check.py", "ambassade.text.folding"),
    ("charter/lexicon.py", "ambassade.text.folding"),
    ("ambassade/text/terms.py", "ambassade.text.folding"),  # the matcher folds as the charter does
])
def test_each_folder_uses_the_shared_home(path, module):
    assert module in {m for m, _ in _imports(REPO / path)}
