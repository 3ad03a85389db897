"""What drives an incident: the terms, hashtags and phrases over-represented against the
baseline, and the most representative mentions (an extractive summary, no model).

Terms are compared by document frequency (how many mentions carry them, so one post repeating a
word does not make it a driver) with the log-odds ratio and an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008, "Fightin' words"), standardised by its variance: a term must be
both frequent in the incident and rarer in the baseline. Text is folded (case, accents,
look-alikes) with ambassade.text.folding, as the brand terms are matched.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ambassade.text.folding import fold

_URL = re.compile(r"https?://\S+|www\.\S+")
_TOKEN = re.compile(r"#\w+|@\w+|[^\W\d_]+(?:['’][^\W\d_]+)?")
# Grammatical words: never drivers, and a phrase neither starts nor ends with one.
STOPWORDS = frozenset("""
a au aux avec ce ces cette c ca d dans de des du elle en et est etre il ils j je l la le les leur
lui m ma mais me mes moi mon n ne nos notre nous on ou par pas plus pour qu que qui s sa se ses si
son sont sur t ta te tes toi ton tous tout tres tu un une vos votre vous y ete fait faire comme
bien aussi encore deja alors apres avant chez quand donc car sans sous entre vers meme autre
the and for are but not you your yours our ours with this that these those was were been being
have has had from they them their there here what which who whom will would could should about
into than then its it's just also very can all any some out over more most only own same so too
of to in on at by is be as an or if it we i me my he she his her him us do does did get got
""".split())
MAX_TEXT_CHARS = 2_000     # a very long post counts as its beginning
PRIOR = 10.0               # prior mentions of the Dirichlet prior


def terms_of(text: str, brand_words: frozenset[str] = frozenset()) -> set[str]:
    """Words, #hashtags and two-word phrases of one mention, folded; brand words, @handles and
    grammatical words left out (a phrase keeps inner grammatical words: 'rappel de lot')."""
    folded = fold(_URL.sub(" ", text[:MAX_TEXT_CHARS]))
    tokens = [t.replace("’", "'") for t in _TOKEN.findall(folded)]
    out: set[str] = set()
    words: list[str | None] = []
    for token in tokens:
        if token.startswith("@"):
            words.append(None)
            continue
        if token.startswith("#"):
            if len(token) > 2 and token[1:] not in brand_words:
                out.add(token)
            words.append(None)
            continue
        words.append(token)
        if len(token) >= 3 and token not in STOPWORDS and token not in brand_words:
            out.add(token)
    for i in range(len(words) - 1):
        out.update(_phrases(words, i, brand_words))
    return out


def _phrases(words: list[str | None], i: int, brand: frozenset[str]) -> Iterable[str]:
    """'a b' and 'a x b' (x grammatical) starting at i, both ends content words."""
    def content(w: str | None) -> bool:
        return w is not None and len(w) >= 3 and w not in STOPWORDS and w not in brand
    first = words[i]
    if not content(first):
        return
    second = words[i + 1]
    if content(second):
        yield f"{first} {second}"
    elif second in STOPWORDS and i + 2 < len(words) and content(words[i + 2]):
        yield f"{first} {second} {words[i + 2]}"


@dataclass(frozen=True)
class Term:
    term: str
    mentions: int        # mentions of the incident that carry it
    share: float         # of the incident's mentions
    baseline_share: float
    z: float             # standardised log-odds ratio, incident against baseline


def over_represented(incident: Sequence[set[str]], baseline: Sequence[set[str]],
                     limit: int = 10, min_mentions: int = 3, min_z: float = 2.0) -> list[Term]:
    """The terms most over-represented in `incident` (term sets, one per mention) against
    `baseline`, strongest first."""
    n_i, n_j = len(incident), len(baseline)
    if not n_i:
        return []
    df_i = Counter(t for terms in incident for t in terms)
    df_j = Counter(t for terms in baseline for t in terms)
    found = []
    for term, y_i in df_i.items():
        if y_i < min_mentions:
            continue
        y_j = df_j.get(term, 0)
        p = (y_i + y_j) / (n_i + n_j)
        # Floors keep a term carried by every mention (or none) finite.
        a, b = max(PRIOR * p, 0.5), max(PRIOR * (1 - p), 0.5)
        delta = (math.log((y_i + a) / (n_i - y_i + b)) - math.log((y_j + a) / (n_j - y_j + b)))
        var = 1 / (y_i + a) + 1 / (n_i - y_i + b) + 1 / (y_j + a) + 1 / (n_j - y_j + b)
        z = delta / math.sqrt(var)
        if z >= min_z:
            found.append(Term(term, y_i, round(y_i / n_i, 4), round(y_j / n_j, 4) if n_j else 0.0,
                              round(z, 2)))
    found.sort(key=lambda t: (-t.z, t.term))
    return _without_parts(found)[:limit]


def _without_parts(terms: list[Term]) -> list[Term]:
    """A word that only ever comes inside a stronger phrase adds nothing: 'lot' under 'rappel de lot'."""
    kept: list[Term] = []
    for term in terms:
        if any(term.term in k.term.split() and k.mentions >= term.mentions for k in kept):
            continue
        kept.append(term)
    return kept


def representative(term_sets: Sequence[set[str]], k: int = 3, max_overlap: float = 0.6) -> list[int]:
    """Indexes of the `k` most central mentions (mean Jaccard overlap of their terms with all
    the others), skipping near-copies of one already chosen."""
    n = len(term_sets)
    if n == 0:
        return []
    vocabulary = {t: i for i, t in enumerate(sorted({t for s in term_sets for t in s}))}
    if not vocabulary:
        return list(range(min(k, n)))
    matrix = np.zeros((n, len(vocabulary)), dtype=np.float32)
    for row, terms in enumerate(term_sets):
        matrix[row, [vocabulary[t] for t in terms]] = 1.0
    inter = matrix @ matrix.T
    sizes = matrix.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - inter
    jaccard = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    np.fill_diagonal(jaccard, 0.0)
    centrality = jaccard.sum(axis=1) / max(1, n - 1)
    chosen: list[int] = []
    for index in np.argsort(-centrality, kind="stable"):
        if sizes[index] == 0:
            continue
        if all(jaccard[index, c] <= max_overlap for c in chosen):
            chosen.append(int(index))
        if len(chosen) == k:
            break
    return chosen
