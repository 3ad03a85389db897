"""Language of a post, among the configured languages (py3langid: model shipped in the wheel)."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from array import array
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from math import log1p
from operator import mul
from pathlib import Path

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NOISE = re.compile(r"https?://\S+|www\.\S+|(?<!\w)[@#]\w+")
# Function words found in one of the two languages only. They settle very short posts (which
# fool character n-grams) and, when they clearly agree, spare the n-gram model on longer ones.
_MARKERS = {
    "fr": set("""le la les des du au aux est et je tu il ils elle elles nous vous pas très trop avec
        pour dans sur chez mais ou où qui que quoi ce cette ces cet mon ma mes ton ta tes sa ses
        leur leurs notre nos votre vos une un été être avoir sont suis était c'est j'ai j'adore
        n'est qu'il merci bonjour bonsoir bof génial nul sympa aussi encore toujours jamais rien
        fait peut faut comme moi toi lui eux cela ça ceci voici voilà donc alors quand comment
        pourquoi parce déjà bien vraiment beaucoup peu hier aujourd'hui demain vais va faire dit
        tout tous toute toutes même après avant ici là ceux celle celui avez avons ont fais
        veux peux sais""".split()),
    "en": set("""the and is are was were be been being i you he she we they it's i'm don't can't
        not very so with for in of to at from by my your his her our their this that these those
        what which who whom when where why how thanks thank hello love great awful meh but just
        really have has had do does did will would should could there here about than then
        because already today tomorrow yesterday good bad nice it its get got go going like know
        think want need all out up more now people day new best after never always still again
        every some any much many only also even back well way make made see say said""".split()),
}
# A letter that French uses and English almost never does counts as one French marker word.
_FRENCH_LETTERS = re.compile(r"[éèêàçùûôîœ]")
_FAST_MIN = 2  # marker words needed before trusting them alone


_MARKED = frozenset(_MARKERS)


def _marker_vote(words: list[str], allowed: tuple[str, ...], lowered: str) -> str | None:
    """The language whose function words clearly dominate, else None (two or more `allowed`).

    A tie never decides, so the best and second counts are all the vote needs."""
    if not _MARKED.issuperset(allowed):
        return None  # a configured language we have no markers for: let the model decide
    distinct = set(words)
    lang, best, second = None, -1, -1
    for candidate in allowed:
        n = len(_MARKERS[candidate] & distinct)
        if candidate == "fr" and _FRENCH_LETTERS.search(lowered) is not None:
            n += 1
        if n > best:
            lang, best, second = candidate, n, best
        elif n > second:
            second = n
    if (best >= _FAST_MIN and second == 0) or (best >= 3 and best >= 3 * second):
        return lang
    if len(words) <= 4 and best > second:
        return lang
    return None


MAX_DETECT_CHARS = 600  # plenty to tell languages apart; keeps long posts cheap
_lock = threading.Lock()


@lru_cache(maxsize=16)
def _identifier(languages: tuple[str, ...]) -> _Model | None:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    cache = _cache_path(MODEL_DIR / MODEL_FILE, languages)
    identifier = _read_cached(cache) if cache is not None else None
    if identifier is None:
        identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
        usable = [lang for lang in languages if lang in set(identifier.nb_classes)]
        if not usable:
            return None
        identifier.set_languages(usable)
        if cache is not None:
            _write_cached(cache, identifier)
    return _Model(identifier)


# py3langid's model is 4.5 MB of LZMA that unpacks to 68 MB: 0.7 s to load, most of a short
# `score --jsonl` run and of every spawned worker's start. The part the configured languages
# use (the whole n-gram automaton, their two columns of weights) is kept unpacked in the user's
# cache directory and read in about 0.1 s; a missing, stale or unreadable copy is rebuilt from
# the shipped model, and one that cannot be written is simply not kept.
CACHE_ENV = "AMBASSADE_CACHE_DIR"
_CACHE_FORMAT = 1  # bump when what is stored changes
_TYPECODES = {2: "H", 4: "I", 8: "L"}


def _cache_path(model: Path, languages: tuple[str, ...]) -> Path | None:
    try:
        from importlib.metadata import version

        stat = model.stat()
        key = (f"{_CACHE_FORMAT}-{version('py3langid')}-{stat.st_size}-{stat.st_mtime_ns}-"
               + "-".join(languages))
    except Exception:  # no metadata, no model file: load as py3langid does
        return None
    root = os.environ.get(CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "ambassade")
    return Path(root) / f"langid-{hashlib.sha256(key.encode()).hexdigest()[:16]}.npz"


def _read_cached(path: Path):
    """The identifier kept at `path`, or None when there is none or it does not look whole."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    try:
        with np.load(path, allow_pickle=False) as data:
            ptc, pc, classes = data["ptc"], data["pc"], data["classes"].tolist()
            nextmove, row, output = data["nextmove"], data["row"], data["output"]
        if not (len(classes) == len(pc) == ptc.shape[1] and len(row) == len(output) and nextmove.size):
            return None
        return LanguageIdentifier(ptc, pc, classes, _to_array(nextmove), output.tolist(),
                                  norm_probs=True, tk_row=_to_array(row))
    except Exception:  # missing, truncated, from another layout: rebuilt by the caller
        return None


def _write_cached(path: Path, identifier) -> None:
    """Keep the reduced model at `path`, written whole or not at all (renamed into place)."""
    import numpy as np

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
            np.savez(tmp, ptc=np.ascontiguousarray(identifier.nb_ptc), pc=np.asarray(identifier.nb_pc),
                     classes=np.array(identifier.nb_classes),
                     nextmove=np.frombuffer(identifier.tk_nextmove, dtype=f"u{identifier.tk_nextmove.itemsize}"),
                     row=np.frombuffer(identifier.tk_row, dtype=f"u{identifier.tk_row.itemsize}"),
                     output=np.asarray(identifier.tk_output, dtype=np.int32))
        os.replace(tmp.name, path)
    except Exception:  # read-only home, full disk, another layout: load from the wheel next time
        try:
            os.unlink(tmp.name)
        except (NameError, OSError):
            pass


def _to_array(values) -> array:
    out = array(_TYPECODES[values.dtype.itemsize])
    out.frombytes(values.tobytes())
    return out


_INTERNALS = ("_alias_pairs", "_encode", "_rowbase", "nb_classes", "nb_pc", "nb_ptc", "tk_nextmove", "tk_output")
_NEAR_TIE = 1e-2  # raw scores this close go py3langid's own way (float32 sums err by < 1e-3)
_LOG1P = [log1p(n) for n in range(4 * MAX_DETECT_CHARS + 64)]  # py3langid's weight of a count
_WALKS_MAX = 50_000  # remembered (state, word) walks per process; emptied when full


class _Model:
    """py3langid's identifier, with a quicker path to the same answer between two languages.

    py3langid walks its n-gram automaton byte by byte in Python (a third of a detection) and
    then spends as long again in NumPy calls on two-element arrays. Here the walk over each
    space-ended word is remembered by the state it starts from (the same state and bytes give
    the same features and end state), and the difference of the two naive Bayes scores is
    summed in plain Python floats, by C-level maps. The answer is py3langid's whenever the two
    scores are not nearly tied: its float32 sums differ from these by far less than `_NEAR_TIE`, and normalising to
    probabilities keeps the order; a near tie, or a text with no features, is asked of
    `LanguageIdentifier.classify` itself.
    """

    def __init__(self, identifier) -> None:
        self.identifier = identifier
        self._walks: dict[tuple[int, bytes], tuple[int, tuple[int, ...]]] = {}
        self._two = None
        # The quick path reads py3langid 0.4's internals; any other layout takes classify().
        internals = all(hasattr(identifier, name) for name in _INTERNALS)
        if internals and len(identifier.nb_classes) == 2 and not identifier._alias_pairs:
            # Only the difference of the two scores decides: one weight per feature, not two.
            table = identifier.nb_ptc.astype(float)
            self._two = ((table[:, 0] - table[:, 1]).tolist(),
                         float(identifier.nb_pc[0]) - float(identifier.nb_pc[1]))

    def classify(self, text: str) -> str:
        """The most likely language, as `LanguageIdentifier.classify(text)[0]` answers."""
        identifier = self.identifier
        if self._two is None:
            return identifier.classify(text)[0]
        data = identifier._encode(text)
        counts = self._features(data)
        if not counts:
            return identifier.classify(text)[0]
        difference, margin = self._two
        if len(data) < len(_LOG1P):  # a feature is counted at most once per byte
            margin += sum(map(mul, map(_LOG1P.__getitem__, counts.values()), map(difference.__getitem__, counts)))
        else:
            margin += sum(log1p(n) * difference[feature] for feature, n in counts.items())
        if abs(margin) < _NEAR_TIE:
            return identifier.classify(text)[0]
        return identifier.nb_classes[0 if margin > 0 else 1]

    def _features(self, data: bytes) -> Counter:
        """py3langid's `visit_counts` of `data`, word by remembered word."""
        identifier, walks = self.identifier, self._walks
        nextmove, rowbase, output = identifier.tk_nextmove, identifier._rowbase, identifier.tk_output
        state, features = 0, []
        parts = data.split(b" ")
        last = len(parts) - 1
        for k, part in enumerate(parts):
            chunk = part + b" " if k < last else part
            walk = walks.get((state, chunk))
            if walk is None:
                end, found = state, []
                for byte in chunk:
                    end = nextmove[rowbase[end] + byte]
                    if output[end] >= 0:
                        found.append(output[end])
                walk = (end, tuple(found))
                if len(walks) >= _WALKS_MAX:
                    walks.clear()
                walks[(state, chunk)] = walk
            state = walk[0]
            features.extend(walk[1])
        return Counter(features)


@lru_cache(maxsize=64)
def _normalised(allowed: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a.lower() for a in allowed if a))


def load_model(languages: Sequence[str]) -> None:
    """Load the n-gram model now (0.5 s), e.g. before forking workers that will share it."""
    _identifier(_normalised(tuple(languages)))


def detect_language(text: str, allowed: Sequence[str] = ("fr", "en")) -> str | None:
    """The most likely of `allowed` languages, or None for empty or undecidable text."""
    allowed = _normalised(tuple(allowed))
    if not text or not allowed:
        return None
    cleaned = text[:MAX_DETECT_CHARS]
    if "@" in cleaned or "#" in cleaned or "http" in cleaned or "www." in cleaned:
        cleaned = _NOISE.sub(" ", cleaned)
    lowered = cleaned.lower()
    words = _WORD.findall(lowered)
    if not words:
        return None
    if len(allowed) == 1:
        return allowed[0]
    voted = _marker_vote(words, allowed, lowered)
    if voted is not None:
        return voted
    identifier = _identifier(allowed)
    if identifier is None:
        return allowed[0]  # none of the configured languages is in the model: trust the config
    with _lock:  # py3langid's identifier is not documented as thread-safe
        lang = identifier.classify(cleaned)
    return lang if lang in allowed else None
