"""Authenticity guards: near-identical employee posts become a coaching theme (vary the texts:
networks down-rank copies, readers distrust them); identical public posts from several
accounts within a short time are flagged to the comms team as possible coordination."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ambassade.text.folding import fold

_URL = re.compile(r"https?://\S+|\b\S+\.\S+/l/\S+")
_WORD = re.compile(r"\w+")
SIMILAR = 0.8                    # Jaccard similarity of word 3-grams
MIN_WORDS = 6


@dataclass(frozen=True)
class CopyTheme:
    """Posts by several employees that read almost the same (no names: a coaching theme)."""

    example: str
    posts: int
    employees: int
    mention_ids: tuple[str, ...]


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(fold(_URL.sub(" ", text)))
    if len(words) < MIN_WORDS:
        return frozenset()
    return frozenset(tuple(words[i:i + 3]) for i in range(len(words) - 2))


def near_identical(posts: list[tuple[str, str, str]], threshold: float = SIMILAR) -> list[CopyTheme]:
    """Groups of (employee id, mention id, text) whose texts are near-identical, from at least
    two employees. Quadratic in the posts of the window (the store gives at most 5,000)."""
    items = [(emp, mid, text, _shingles(text)) for emp, mid, text in posts]
    items = [i for i in items if i[3]]
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(items)):
        a = items[i][3]
        for j in range(i + 1, len(items)):
            b = items[j][3]
            if len(a & b) >= threshold * len(a | b):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(root(i), []).append(i)
    themes = []
    for members in groups.values():
        employees = {items[i][0] for i in members}
        if len(employees) >= 2:
            themes.append(CopyTheme(items[members[0]][2][:280], len(members), len(employees),
                                    tuple(items[i][1] for i in members)))
    return sorted(themes, key=lambda t: (-t.posts, t.example))
