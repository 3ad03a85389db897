"""Suggested texts that sound like people: varied per employee, disclosed, within each network's limit.

LinkedIn down-ranks the same post copied by many people, and twenty identical posts read as a
campaign, not as colleagues. So each text is put together from an opener (some chosen by the
content's topics), the title (and, where there is room, the summary), an optional closer, a
disclosure and a few of the content's tags as hashtags, in one of several layouts; the choice is
deterministic per employee × content (the same person sees the same text again), and differs
from one person to the next. Every text carries the disclosure that the charter and the French
law on commercial influence (loi du 9 juin 2023) ask for: the author works for the brand.
The caller checks each text with the charter and asks for the next variant when one fails.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import regex

LIMITS = {"x": 280, "bluesky": 300, "mastodon": 500, "linkedin": 3000, "facebook": 5000}
# X and Mastodon count every link as 23 characters, whatever its length.
LINK_WEIGHT = {"x": 23, "mastodon": 23}
LONG_FORM = {"linkedin", "facebook", "mastodon"}     # room for the summary and a closer
_URL = re.compile(r"https?://\S+")
_GRAPHEME = regex.compile(r"\X")
# X weighs these code points 1 and every other one (CJK, emoji…) 2 (twitter-text v3 config).
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))

OPENERS = {
    "fr": ["Je partage avec plaisir :", "Un contenu de chez nous qui me parle :", "Ça vaut le détour :",
           "À lire, ou à relire :", "Je vous mets ça ici :", "Petit partage du jour :",
           "Ce qu'on fait au quotidien, raconté ici :", "Si le sujet vous intéresse :",
           "Je relaie volontiers :", "Une lecture que je recommande à mon réseau :"],
    "en": ["Happy to share this:", "Something from our side worth a look:", "Worth your time:",
           "Sharing this one:", "In case you missed it:", "A good read from where I work:",
           "Passing this along:", "If the topic interests you:"],
}
# Openers for a topic, found by a word in one of the content's tags.
TOPIC_OPENERS = {
    "fr": {
        "recrut": ["On recrute !", "Un poste pour vous, ou pour quelqu'un que vous connaissez ?",
                   "Avis à celles et ceux qui cherchent un poste :"],
        "emploi": ["On recrute !", "Une belle occasion de nous rejoindre :"],
        "apprenti": ["Transmettre le métier, ça compte :", "Place aux jeunes talents :"],
        "recette": ["Une recette à refaire chez vous :", "Pour les gourmands :",
                    "Les gestes de nos boulangers, à reproduire chez soi :"],
        "presse": ["L'actualité de la maison :", "Une nouvelle que je suis content de relayer :"],
        "qualit": ["Ce qui compte pour nous :", "Comment on travaille, expliqué clairement :"],
        "engagement": ["Un engagement auquel je tiens :", "Ce qu'on fait, concrètement :"],
    },
    "en": {
        "recruit": ["We're hiring!", "Know someone looking for a job?"],
        "career": ["We're hiring!", "A good chance to join us:"],
        "recrut": ["We're hiring!", "Know someone looking for a job?"],
        "recette": ["A recipe to try at home:"],
        "recipe": ["A recipe to try at home:"],
        "presse": ["News from our house:"],
    },
}
CLOSERS = {
    "fr": ["", "Bonne lecture !", "N'hésitez pas à faire suivre.", "Vos retours m'intéressent.",
           "Dites-moi ce que vous en pensez.", ""],
    "en": ["", "Enjoy the read!", "Feel free to pass it on.", "Thoughts welcome.", ""],
}
DISCLOSURES = {
    "fr": ["(je travaille chez {brand})", "Transparence : je travaille chez {brand}.",
           "Je travaille chez {brand}, d'où ce partage.", "Pour info, je bosse chez {brand}.",
           "{brand} est mon employeur.", "#collaborateur de {brand}"],
    "en": ["(I work at {brand})", "Disclosure: I work at {brand}.", "Full disclosure: I work for {brand}.",
           "I work at {brand}, hence the share.", "{brand} is my employer."],
}


@dataclass(frozen=True)
class Source:
    """What a text is made of: the content and the brand (the author works there)."""

    title: str
    summary: str | None
    tags: tuple[str, ...]
    brand: str
    lang: str                        # the employee's language: "fr" or "en"


def weighted_length(text: str, network: str) -> int:
    """The text's length as `network` counts it: graphemes (Bluesky), X's weights, links as 23."""
    weight = LINK_WEIGHT.get(network)
    links = 0
    if weight is not None:
        links = len(_URL.findall(text))
        text = _URL.sub("", text)
    if network == "x":
        size = sum(1 if all(any(a <= ord(ch) <= b for a, b in _X_LIGHT) for ch in g) else 2
                   for g in _GRAPHEME.findall(text))
    else:
        size = len(_GRAPHEME.findall(text))
    return size + links * (weight or 0)


def hashtag(tag: str) -> str | None:
    """"zéro gaspi" -> "#ZéroGaspi"; None when nothing of the tag is letters or digits."""
    words = [w for w in re.split(r"[^\w]+", unicodedata.normalize("NFC", tag)) if w]
    if not words:
        return None
    text = words[0] if len(words) == 1 else "".join(w[:1].upper() + w[1:] for w in words)
    return "#" + text[:40]


def compose(src: Source, employee_id: str, content_id: str, network: str, url: str,
            attempt: int = 0) -> str:
    """One text for `network`, the variant of this employee × content (× attempt)."""
    lang = src.lang if src.lang in OPENERS else "fr"
    seed = hashlib.sha256(f"{employee_id}|{content_id}|{attempt}".encode()).digest()
    rng = random.Random(seed)
    openers = list(OPENERS[lang])
    for key, extra in TOPIC_OPENERS[lang].items():
        if any(key in tag.lower() for tag in src.tags):
            openers += extra * 2                       # a topic's openers weigh more
    opener = rng.choice(openers)
    quoted = rng.random() < 0.4
    closer = rng.choice(CLOSERS[lang]) if network in LONG_FORM else ""
    disclosure = rng.choice(DISCLOSURES[lang]).format(brand=src.brand)
    tags = [h for h in (hashtag(t) for t in rng.sample(list(src.tags), k=min(len(src.tags), rng.randrange(0, 3))))
            if h]
    disclosure_first = rng.random() < 0.3
    use_summary = network in LONG_FORM and bool(src.summary) and rng.random() < 0.8
    title = src.title.strip()
    summary = (src.summary or "").strip()
    limit = LIMITS.get(network, 280)
    # From the fullest text to the barest, the first that fits the network's limit.
    for keep_closer, keep_tags, keep_summary, cut in ((True, True, True, None), (False, True, True, None),
                                                      (False, False, True, None), (False, False, False, None),
                                                      (False, False, False, 120), (False, False, False, 60)):
        head = _cut(title, cut) if cut else title
        body = f"« {head} »" if quoted and lang == "fr" else (f"“{head}”" if quoted else head)
        if keep_summary and use_summary and summary:
            body += "\n\n" + summary if network == "linkedin" else f" — {summary}"
        parts = ([disclosure, opener, body] if disclosure_first else [opener, body])
        if keep_closer and closer:
            parts.append(closer)
        if not disclosure_first:
            parts.append(disclosure)
        parts.append(url)
        if keep_tags and tags:
            parts.append(" ".join(tags))
        sep = "\n\n" if network == "linkedin" else " "
        text = sep.join(p for p in parts if p)
        if weighted_length(text, network) <= limit:
            return text
    return _cut(text, limit)


def texts_for(src: Source, employee_id: str, content_id: str, urls: dict[str, str],
              passes: Callable[[str, str], bool], attempts: int = 6) -> dict[str, str]:
    """{network: text} for every network whose variants include one that `passes(text, lang)`;
    a network where none passes is left out (never a text the charter refuses)."""
    out = {}
    for network, url in urls.items():
        for attempt in range(attempts):
            text = compose(src, employee_id, content_id, network, url, attempt)
            if passes(text, src.lang):
                out[network] = text
                break
    return out


def _cut(text: str, limit: int) -> str:
    graphemes = _GRAPHEME.findall(text)
    if len(graphemes) <= limit:
        return text
    return "".join(graphemes[:max(1, limit - 1)]).rstrip() + "…"
