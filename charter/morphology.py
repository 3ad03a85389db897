"""Inflected forms of a folded French or English word, as a regex: plural, feminine, verb forms.

A word-list term whose word ends with "+" ("nul+", "fermeture+") matches the word's family:
"nul+" matches nul, nulle, nuls, nulles; "fermeture+" also matches the verb it comes from
(ferme, fermer, fermera, fermé, fermait, fermons…). The rules are the regular ones of French
and English inflection and derivation (-ture/-ment/-age/-tion nouns from verbs), with a short
table of the irregular families the charter needs; they overgenerate a little on purpose:
a form that is not a word never occurs in a draft, so it costs nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Endings of a French first-group verb on its stem, and of English verbs: every tense a post
# uses (present, past, future, conditional, participles), then the noun the verb makes.
# Written folded (no accents), as the text they match: "fermée" reads "fermee".
_FR_VERB = ("e", "es", "ent", "er", "era", "eras", "erai", "erons", "erez", "eront", "erait",
            "eraient", "ez", "ons", "ait", "aient", "ant", "ee", "ees", "a", "ai", "ure",
            "ures", "ement", "ements", "age", "ages", "ation", "ations",
            # third group (ouvrir: ouvri-r, ouvri-ra, ouvri-rait)
            "r", "ra", "rait", "raient", "ront", "s", "t")
_EN_VERB = ("", "s", "es", "ed", "ing", "e", "ure", "ures", "ment", "ments", "er", "ers")
# French noun/adjective endings: plural and feminine of the regular patterns.
_FR_NOUN = {
    "al": ("al", "ale", "ales", "aux"), "eux": ("eux", "euse", "euses"), "if": ("if", "ive", "ifs", "ives"),
    "er": ("er", "ere", "ers", "eres"), "ien": ("ien", "ienne", "iens", "iennes"),
    "on": ("on", "onne", "ons", "onnes"), "el": ("el", "elle", "els", "elles"),
    "eur": ("eur", "euse", "eurs", "euses", "rice", "rices"), "et": ("et", "ette", "ets", "ettes"),
}
# Nouns whose verb is not their stem plus an ending (ouverture: ouvrir, ouvert; rachat: racheter).
_IRREGULAR = {
    "ouverture": ("ouvr", "ouvert", "ouvre", "ouvri"), "ouvrir": ("ouvr", "ouvert", "ouvre", "ouvri"),
    "rachat": ("rachat", "rachet", "rachete", "rachat"), "fermeture": ("ferm",),
    "hausse": ("hausse", "augment"), "baisse": ("baiss",), "fusion": ("fusion", "fusionn"),
    "suppression": ("suppression", "supprim"), "demenagement": ("demenag",),
    "licenciement": ("licenci",), "lancement": ("lanc",), "closure": ("clos",),
    "opening": ("open",), "launch": ("launch",), "layoff": ("layoff", "laid off", "lay off", "laying off"),
    "relocation": ("relocat",), "move": ("mov",),
}
_DERIVED = ("ement", "ture", "age", "ation", "ment", "ure", "er", "ir", "ing")
_VOWELS = "aeiouy"


@lru_cache(maxsize=4096)
def inflections(word: str) -> str:
    """A regex (no groups, no anchors) for `word` and its inflected and derived forms.

    `word` is folded (lower case, no accents); a word with characters other than letters and
    an inner apostrophe or dash is only matched as written.
    """
    if not re.fullmatch(r"[a-z][a-z'\-]*", word):
        return re.escape(word)
    forms: set[str] = {re.escape(word)}
    for stem in _IRREGULAR.get(word, ()):
        forms.add(_verb_forms(stem))
    stem = _verb_stem(word)
    if stem is not None:
        forms.add(_verb_forms(stem))
    for ending, family in _FR_NOUN.items():
        if word.endswith(ending) and len(word) > len(ending) + 1:
            forms.add(re.escape(word[: -len(ending)]) + "(?:" + "|".join(family) + ")s?")
    # The regular plural and feminine (French e/s/es/x, English s/es) of any word, and the
    # feminine that doubles the last consonant (nul: nulle, con: conne, gros: grosse).
    forms.add(re.escape(word) + "(?:e|s|es|x)?")
    if word[-1] in "lnst" and word[-2:-1] in tuple(_VOWELS):
        forms.add(re.escape(word + word[-1]) + "(?:e|es)")
    if word.endswith("e"):
        forms.add(re.escape(word) + "(?:s|es)?")
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:  # lazy -> laziest, lazier
        forms.add(re.escape(word[:-1]) + "(?:ies|ied|ier|iest|y)")
    forms.add(re.escape(word) + "(?:er|est|r|st)?")  # English comparatives: "lazy" above, "worst" not
    return "(?:" + "|".join(sorted(forms, key=lambda f: (-len(f), f))) + ")"


def _verb_stem(word: str) -> str | None:
    """The verb stem a derived noun or an infinitive comes from: lancement -> lanc, fermer -> ferm."""
    for suffix in _DERIVED:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            # "lancement" -> "lance" -> "lanc": drop the verb's own final e.
            return stem[:-1] if stem.endswith("e") and len(stem) > 3 else stem
    return None


def _verb_forms(stem: str) -> str:
    endings = sorted({*_FR_VERB, *_EN_VERB}, key=lambda e: (-len(e), e))
    # Inside a multi-word form ("laid off"), spaces may be any separator.
    core = re.escape(stem).replace(r"\ ", r"[\s\-]+")
    # "lanc" + "ons" is spelt "lançons" but folds back to "lancons": the folded text has no cedilla.
    return core + "(?:" + "|".join(re.escape(e) for e in endings if e) + ")?"
