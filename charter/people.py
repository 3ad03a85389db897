"""People named in a draft: "mon chef Paul", "my manager Steve", "@julien_b", "Kevin n'a pas…".

Read from the folded text, with the case of the text as written: a name is a word that starts
with a capital followed by lower case where it was typed (so "PDG" or "paul" are not names).
No list of first names is used (none is well kept and freely licensed): a capitalised word
counts as a person where the sentence treats it as one — after a role ("ma responsable
Sandrine"), after a greeting or thanks ("Merci Nathalie"), or as the subject of a verb
("Kevin n'a pas fait"). The charter reports them only next to a complaint (the respect clause's
own words), so a colleague thanked by name is fine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ambassade.text.folding import FoldedText

_ROLE = (r"(?:chef(?:fe)?(?: d'equipe| de rayon| de service| de boutique)?|manager|manageuse|responsable|"
         r"directeur|directrice|patron(?:ne)?|gerant(?:e)?|superviseur|superviseuse|n\+[12]|"
         r"collegue|binome|boss|supervisor|shift lead|team lead|line manager|head baker|head chef|"
         r"colleague|coworker|co-worker|store manager)")
_OWNER = r"(?:mon|ma|notre|nos|le|la|ce|cette|son|sa|leur|my|our|the|this|that)"
_ROLE_NAME = re.compile(
    rf"(?<!\w){_OWNER}\s+(?:(?:nouvel(?:le)?|nouveau|new|chere?|super|grand(?:e)?)\s+)?{_ROLE}"
    r"(?:\s+(?:du|de la|des|de|of the|of)\s+[\w'\-]+)?\s*,?\s+(?P<name>[a-z][\w\-]+)(?:\s+(?P<last>[a-z][\w\-]+))?"
)
_HANDLE = re.compile(r"(?<![\w@])@[a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?")
_VOCATIVE = re.compile(
    r"(?<!\w)(?:merci|bravo|thanks|thank you|shout-?out to|coucou|salut|hey|dear|chere?|encore une fois|encore)"
    r"\s+(?P<name>[a-z][\w\-]+)"
)
_SUBJECT = re.compile(
    r"(?<![\w@#'])(?P<name>[a-z][\w\-]{2,})\s+(?:de l'equipe|du service|est|etait|a|n'a|n'est|ne|fait|"
    r"m'a|nous a|is|was|has|never|always|can't|cannot|won't|didn't|doesn't)(?!\w)"
)
# Capitalised words that begin sentences or greet, not people.
_NOT_NAMES = frozenset("""
il elle on ce ca cela ceci qui que quoi tout toute tous rien personne chacun chacune le la les un une des
mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs cet cette ces quelqu'un aucun aucune
he she it this that there what who everyone everybody nobody someone somebody anyone the our my your their
merci bravo encore franchement vraiment bref enfin bon voila aujourd'hui demain hier ici tout-le-monde
thanks today tomorrow yesterday here honestly really well
""".split())


def named_people(text: FoldedText) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) in folded offsets of each person named: kind is "handle" or "name"."""
    folded = text.folded
    taken: set[int] = set()  # folded positions already inside a reported name (names are short)
    for m in _HANDLE.finditer(folded):
        taken.update(range(m.start(), m.end()))
        yield m.start(), m.end(), "handle"
    for pattern in (_ROLE_NAME, _VOCATIVE, _SUBJECT):
        for m in pattern.finditer(folded):
            start, end = m.span("name")
            if start in taken or (end - 1) in taken or not _capitalised(text, start, end):
                continue
            if pattern is _ROLE_NAME and m.group("last") and _capitalised(text, *m.span("last")):
                end = m.end("last")
            taken.update(range(start, end))
            yield start, end, "name"


def _capitalised(text: FoldedText, start: int, end: int) -> bool:
    """Typed as a name: a capital then a lower-case letter, and not a sentence word."""
    if text.folded[start:end] in _NOT_NAMES:
        return False
    first, second = text.span(start, start + 1)[0], text.span(start + 1, start + 2)[0]
    original = text.original
    return original[first].isupper() and original[second].islower()
