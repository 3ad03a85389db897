"""Language of a post, among the configured languages (py3langid: model shipped in the wheel)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import threading
import unicodedata
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
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
    cache = _cache_path(languages)
    tables = _read_cached(cache) if cache is not None else None
    if tables is not None:
        return _Model(_Deferred(tables), tables)
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    usable = [lang for lang in languages if lang in set(identifier.nb_classes)]
    if not usable:
        return None
    identifier.set_languages(usable)
    model = _Model(identifier)
    if cache is not None and model.tables is not None:
        _write_cached(cache, model.tables)
    return model


# py3langid's model is 4.5 MB of LZMA that unpacks to 68 MB: 0.7 s to load (and NumPy, 0.1 s
# more), most of a short `score --jsonl` run and of every spawned worker's start. What the quick
# path between two languages reads (the n-gram automaton, the two columns of weights) is kept
# unpacked in the user's cache directory, read back with the standard library in about 0.05 s;
# py3langid and NumPy are loaded only if a near tie asks py3langid itself. A missing, stale or
# unreadable copy is rebuilt from the shipped model; one that cannot be written is not kept.
CACHE_ENV = "AMBASSADE_CACHE_DIR"
_CACHE_MAGIC = b"ambassade-langid/2\n"  # bump when what is stored changes
_ARRAYS = (("nextmove", "I"), ("row", "H"), ("output", "i"), ("first", "f"), ("second", "f"), ("pc", "f"))


@dataclass(frozen=True)
class _Tables:
    """What the quick path between two languages reads, as py3langid holds it."""

    classes: tuple[str, str]
    nextmove: array  # the automaton's deduplicated rows of 256 next states
    row: array  # each state's row in `nextmove`
    output: list[int]  # the feature each state outputs, or -1
    first: array  # each feature's weight for classes[0], float32 as in the model
    second: array
    pc: array  # the two classes' priors

    @cached_property
    def quick(self) -> tuple[array, list[int], list[int], list[float], float]:
        """(next states, row offsets, outputs, weight differences, prior difference)."""
        difference = list(map(float.__sub__, self.first, self.second))
        return self.nextmove, [r << 8 for r in self.row], self.output, difference, self.pc[0] - self.pc[1]

    def identifier(self):
        """py3langid's own identifier over these tables (NumPy, for a near tie)."""
        import numpy as np
        from py3langid.langid import LanguageIdentifier

        ptc = np.stack([np.asarray(self.first, dtype=np.float32), np.asarray(self.second, dtype=np.float32)],
                       axis=1).astype(np.float16)  # float16 in the model: exact both ways
        return LanguageIdentifier(ptc, np.asarray(self.pc, dtype=np.float32), list(self.classes), self.nextmove,
                                  self.output, norm_probs=True, tk_row=self.row)


class _Deferred:
    """py3langid's identifier, built from the kept tables at its first use."""

    def __init__(self, tables: _Tables) -> None:
        self._tables, self._built = tables, None

    def classify(self, text: str) -> tuple[str, float]:
        if self._built is None:
            self._built = self._tables.identifier()
        return self._built.classify(text)


def _cache_path(languages: tuple[str, ...]) -> Path | None:
    try:
        from importlib.util import find_spec

        package = Path(find_spec("py3langid").origin).parent  # found, not imported: it imports NumPy
        # Another py3langid, or another model, has another code file or model file.
        stats = [(package / name).stat() for name in ("langid.py", "data/model.npz.xz")]
        # The same two languages in any order are the same tables (py3langid's column order).
        key = "-".join(f"{st.st_size}-{st.st_mtime_ns}" for st in stats) + "-" + "-".join(sorted(set(languages)))
    except Exception:  # not found where py3langid 0.4 keeps them: load as py3langid does
        return None
    root = os.environ.get(CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "ambassade")
    return Path(root) / f"langid-{hashlib.sha256(_CACHE_MAGIC + key.encode()).hexdigest()[:16]}.bin"


def _read_cached(path: Path) -> _Tables | None:
    """The tables kept at `path`, or None when there are none or they do not look whole."""
    try:
        with open(path, "rb") as kept:
            if kept.readline() != _CACHE_MAGIC:
                return None
            header = json.loads(kept.readline(4096))
            arrays = {}
            for name, code in _ARRAYS:
                values = arrays[name] = array(code)
                if values.itemsize != header["itemsizes"][name]:
                    return None
                values.fromfile(kept, header["counts"][name])  # EOFError when cut short
            whole = kept.read(1) == b""
        classes = tuple(header["classes"])
        ok = (whole and len(classes) == len(arrays["pc"]) == 2 and len(arrays["row"])
              == len(arrays["output"]) and len(arrays["first"]) == len(arrays["second"]) and arrays["nextmove"])
        if not ok:
            return None
        return _Tables(classes, arrays["nextmove"], arrays["row"], arrays["output"].tolist(), arrays["first"],
                       arrays["second"], arrays["pc"])
    except Exception:  # missing, truncated, from another layout: rebuilt by the caller
        return None


def _write_cached(path: Path, tables: _Tables) -> None:
    """Keep the tables at `path`, written whole or not at all (renamed into place)."""
    tmp = None
    try:
        arrays = {name: array(code, getattr(tables, name)) for name, code in _ARRAYS}
        header = {"classes": list(tables.classes), "counts": {n: len(a) for n, a in arrays.items()},
                  "itemsizes": {n: a.itemsize for n, a in arrays.items()}}
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
            tmp.write(_CACHE_MAGIC + json.dumps(header).encode() + b"\n")
            for name, _ in _ARRAYS:
                tmp.write(arrays[name].tobytes())
        os.replace(tmp.name, path)
    except Exception:  # read-only home, full disk: loaded from the wheel next time
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp.name)


def _encode(text: str) -> bytes:
    """py3langid 0.4's `LanguageIdentifier._encode` of a str (tests compare them)."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


_INTERNALS = ("_alias_pairs", "_encode", "_rowbase", "nb_classes", "nb_pc", "nb_ptc", "tk_nextmove", "tk_output",
              "tk_row")
_NEAR_TIE = 1e-2  # raw scores this close go py3langid's own way (float32 sums err by < 1e-3)
_LOG1P = [log1p(n) for n in range(4 * MAX_DETECT_CHARS + 64)]  # py3langid's weight of a count
_WALKS_MAX = 50_000  # remembered (state, word) walks per process; emptied when full


def _tables_of(identifier) -> _Tables | None:
    """The quick path's tables of a py3langid 0.4 identifier between two languages, else None
    (another version's layout, or more languages: its own classify() answers)."""
    if not all(hasattr(identifier, name) for name in _INTERNALS):
        return None
    if len(identifier.nb_classes) != 2 or identifier._alias_pairs:
        return None
    import numpy as np

    columns = []
    for k in (0, 1):
        column = array("f")
        column.frombytes(np.ascontiguousarray(identifier.nb_ptc[:, k], dtype=np.float32).tobytes())
        columns.append(column)
    return _Tables(tuple(identifier.nb_classes), identifier.tk_nextmove, identifier.tk_row, identifier.tk_output,
                   columns[0], columns[1], array("f", [float(v) for v in identifier.nb_pc]))


class _Model:
    """py3langid's identifier, with a quicker path to the same answer between two languages.

    py3langid walks its n-gram automaton byte by byte in Python (a third of a detection) and
    then spends as long again in NumPy calls on two-element arrays. Here the walk over each
    space-ended word is remembered by the state it starts from (the same state and bytes give
    the same features and end state), and the difference of the two naive Bayes scores is
    summed in plain Python floats, by C-level maps. The answer is py3langid's whenever the two
    scores are not nearly tied: its float32 sums differ from these by far less than
    `_NEAR_TIE`, and normalising to probabilities keeps the order; a near tie, or a text with
    no features, is asked of `identifier.classify` itself.
    """

    def __init__(self, identifier, tables: _Tables | None = None) -> None:
        self.identifier = identifier
        self._walks: dict[tuple[int, bytes], tuple[int, tuple[int, ...]]] = {}
        if tables is None:
            tables = _tables_of(identifier)
        self.tables = tables
        self.classes = tables.classes if tables is not None else None
        self._quick = tables.quick if tables is not None else None

    def classify(self, text: str) -> str:
        """The most likely language, as `LanguageIdentifier.classify(text)[0]` answers."""
        if self._quick is None:
            return self.identifier.classify(text)[0]
        data = _encode(text)
        counts = self._features(data)
        if not counts:
            return self.identifier.classify(text)[0]
        difference, margin = self._quick[3], self._quick[4]
        if len(data) < len(_LOG1P):  # a feature is counted at most once per byte
            margin += sum(map(mul, map(_LOG1P.__getitem__, counts.values()), map(difference.__getitem__, counts)))
        else:
            margin += sum(log1p(n) * difference[feature] for feature, n in counts.items())
        if abs(margin) < _NEAR_TIE:
            return self.identifier.classify(text)[0]
        return self.classes[0 if margin > 0 else 1]

    def _features(self, data: bytes) -> Counter:
        """py3langid's `visit_counts` of `data`, word by remembered word."""
        walks = self._walks
        nextmove, rowbase, output = self._quick[0], self._quick[1], self._quick[2]
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
