"""Complaints aimed at the brand that word-level sentiment misses.

"…mal au ventre toute la nuit. Maison Lemoine doit communiquer" and "Maison Lemoine qui ne
répond plus aux messages" hold no negative word in the sentence that names the brand, so the
brand-targeted score was 0. Three rules count them against the brand:

- demands and reproaches addressed to it ("doit communiquer", "ne répond plus", "toujours pas
  remboursé"; "still no refund", "not answering", "needs to explain");
- the negative words of the sentence right before the one that names it, when that sentence
  carries no opinion of its own (the complaint is told, then the brand is named);
- questions put to it that ask for an account ("pourquoi…?", "c'est pour quand…?", "why…?").
"""

from __future__ import annotations

import re

from ambassade.text.folding import fold

DEMAND_PENALTY = -0.45        # a demand addressed to the brand: clearly negative, not extreme
QUESTION_PENALTY = -0.25      # a question asking the brand for an account
NEIGHBOUR_SHARE = 0.8         # how much of a neighbouring sentence's negativity carries over

# Patterns on folded text (lower case, accents removed), whole words.
_DEMANDS = [
    # French
    r"doi(?:t|vent) (?:communiquer|s expliquer|rembourser|reagir|repondre|assumer|rendre des comptes)",
    r"(?:ne|n) (?:repond|repondent|reponds|repondez) (?:plus|pas|jamais)", r"ne repond(?:ent)? plus",
    r"toujours pas (?:rembourse|livre|repondu|de reponse|de nouvelles|recu)",
    r"(?:aucune|pas de|sans) (?:reponse|nouvelles|explication|excuse)s?",
    r"on attend (?:toujours|encore|des explications|une reponse)",
    r"(?:j attends|nous attendons|attend) (?:toujours|encore) (?:mon|ma|mes|le|la|les|un|une|d)",
    r"silence radio", r"(?:honte|scandale) (?:a|pour)",
    # English
    r"still (?:no|not|waiting|haven t|hasn t) (?:refund|reply|response|answer|delivered|word|for)?",
    r"(?:not|isn t|aren t|stopped|never) (?:answering|responding|replying|replied|responded)",
    r"(?:needs?|has|have|must|should) to (?:explain|answer|respond|communicate|apologi[sz]e|refund)",
    r"(?:no|zero) (?:response|reply|answer|refund|explanation)",
]
_DEMAND = re.compile(r"(?<!\w)(?:" + "|".join(_DEMANDS) + r")(?!\w)")
_ACCOUNT_QUESTION = re.compile(r"(?<!\w)(?:pourquoi|comment se fait|c est pour quand|why|how come|how long)(?!\w)")


def folded(text: str) -> str:
    """Folded text with apostrophes and hyphens as spaces, so patterns read "s expliquer"."""
    return re.sub(r"\s+", " ", re.sub(r"['’`\-]", " ", fold(text)))


def demands(sentence: str) -> bool:
    """Whether `sentence` holds a demand or reproach (the caller checks it names the brand)."""
    return bool(_DEMAND.search(folded(sentence)))


def asks_for_an_account(sentence: str) -> bool:
    """A question that asks why or when ("Pourquoi Lemoine ne dit rien ?")."""
    return sentence.rstrip().endswith("?") and bool(_ACCOUNT_QUESTION.search(folded(sentence)))


def aimed(brand: float, sentences: list[str], naming: list[int],
          compound_of) -> float:
    """The brand-targeted compound `brand` of the sentences at `naming`, with complaints counted.

    `compound_of(text)` scores one sentence. A positive brand score is left as it is: the
    rules only turn an opinionless or mildly negative brand sentence into a complaint.
    """
    if brand >= 0.05:
        return brand
    score = brand
    named = [sentences[i] for i in naming]
    if any(demands(s) for s in named):
        score = min(score, DEMAND_PENALTY) if score > DEMAND_PENALTY else score
    if any(asks_for_an_account(s) for s in named):
        score = min(score, QUESTION_PENALTY) if score > QUESTION_PENALTY else score
    if -0.05 < brand < 0.05:
        near = {i - 1 for i in naming if i >= 1 and i - 1 not in naming}
        worst = min((compound_of(sentences[j]) for j in near), default=0.0)
        if worst <= -0.05:
            score = min(score, worst * NEIGHBOUR_SHARE)
    return max(-1.0, score)
