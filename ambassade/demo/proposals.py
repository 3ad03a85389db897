"""The demo's proposals: links and ideas by enrolled employees, colleagues' likes, and the comms
team's decisions (approved, declined with a reason, some still pending), all entering through
the store's and the programme's own functions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from ambassade.demo.programme import COMMS
from ambassade.settings import Settings
from programme.proposals import decide, propose_idea
from store.connect import Store
from store.enrolment import members
from store.proposals import like, propose_link

# (proposer, kind, link or idea, note, days before the end, likers, decision, why);
# people are indices into the enrolled employees, by id.
PROPOSALS = [
    (0, "link", "https://www.maisonlemoine.fr/blog/pain-au-levain-bio", "Notre levain bio, en vidéo", 9,
     (1, 2, 3, 4), "approve", "Très bonne idée, c'est dans la bibliothèque"),
    (1, "idea", "Un portrait d'apprenti par mois sur le blog, raconté par l'apprenti lui-même.", None, 6,
     (0, 2, 5), "approve", "Oui : premier portrait en avril"),
    (2, "link", "https://www.maisonlemoine.fr/recrutement/boulangers-lyon", "On recrute à Lyon", 5,
     (0, 1), "decline", "L'annonce se termine vendredi : nous relaierons la suivante"),
    (3, "idea", "Une fournée solidaire chaque mois avec les Restos du Cœur du quartier.", None, 4,
     (1,), None, None),
    (4, "link", "https://www.maisonlemoine.fr/blog/galette-des-rois-2026", None, 3,
     (0, 3), "decline", "Hors saison : à reproposer en janvier"),
    (5, "idea", "Montrer les coulisses du fournil à 4 h du matin, en stories.", None, 2,
     (0, 1, 2, 3), None, None),
    (0, "link", "https://www.maisonlemoine.fr/blog/farines-locales", "Nos meuniers partenaires", 1,
     (), None, None),
    (2, "idea", "Un atelier pâtisserie ouvert aux enfants des salariés pendant les vacances.", None, 0.5,
     (4,), None, None),
]


def propose(db: Store, settings: Settings, check: Callable, end: datetime) -> dict[str, int]:
    """Record the demo's proposals, likes and decisions; returns proposals per state."""
    people = sorted(m.id for m in members(db) if m.state == "enrolled")
    if len(people) < 6:
        return {}
    states: Counter[str] = Counter()
    for who, kind, what, note, days, likers, verdict, why in PROPOSALS:
        at = end - timedelta(days=days)
        if kind == "link":
            made = propose_link(db, people[who], what, note, at)
        else:
            made, _ = propose_idea(db, settings, check, people[who], what, at)
        for n, liker in enumerate(likers):
            like(db, made.id, people[liker], at + timedelta(hours=1 + n))
        if verdict:
            made = decide(db, settings, check, made.id, verdict, COMMS, why,
                          min(end, at + timedelta(hours=12))).proposal
        states[made.state] += 1
    return dict(states)
