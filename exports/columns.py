"""The weekly files and their columns: stable keys, and headers in the export's language.

README "Managers' weekly files" documents each column; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    fr: str
    en: str

    def header(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


FILES: dict[str, tuple[Column, ...]] = {
    "summary.csv": (
        Column("team", "équipe", "team"),
        Column("week", "semaine", "week"),
        Column("invited", "invités", "invited"),
        Column("enrolled", "inscrits", "enrolled"),
        Column("active", "actifs", "active"),
        Column("shares", "partages", "shares"),
        Column("clicks", "clics", "clicks"),
        Column("reach", "portée", "reach"),
        Column("value", "valeur", "value"),
        Column("currency", "devise", "currency"),
        Column("brand_mentions", "mentions de la marque", "brand mentions"),
        Column("positive", "positives", "positive"),
        Column("neutral", "neutres", "neutral"),
        Column("negative", "négatives", "negative"),
        Column("shares_change", "partages vs semaine précédente", "shares vs previous week"),
        Column("clicks_change", "clics vs semaine précédente", "clicks vs previous week"),
        Column("mentions_change", "mentions vs semaine précédente", "mentions vs previous week"),
    ),
    "content.csv": (
        Column("title", "titre", "title"),
        Column("url", "lien", "url"),
        Column("shares", "partages", "shares"),
        Column("clicks", "clics", "clicks"),
        Column("reach", "portée", "reach"),
        Column("value", "valeur", "value"),
    ),
    "participation.csv": (
        Column("person", "personne", "person"),
        Column("people", "personnes", "people"),
        Column("shares", "partages", "shares"),
        Column("clicks", "clics", "clicks"),
    ),
    "themes.csv": (
        Column("clause", "clause", "clause"),
        Column("category", "catégorie", "category"),
        Column("theme", "thème", "theme"),
        Column("posts", "publications", "posts"),
        Column("people", "personnes", "people"),
        Column("advice", "conseil", "advice"),
    ),
    "public_voices.csv": (
        Column("class", "classe", "class"),
        Column("network", "réseau", "network"),
        Column("account", "compte", "account"),
        Column("followers", "abonnés", "followers"),
        Column("mentions", "mentions", "mentions"),
        Column("score", "score", "score"),
    ),
}

WORDS = {
    "others": {"fr": "Autres ({n} personnes)", "en": "Others ({n} people)"},
    "ambassador": {"fr": "ambassadeur", "en": "ambassador"},
    "detractor": {"fr": "détracteur", "en": "detractor"},
    "empty": {"fr": "Semaine {week} : aucune activité enregistrée pour l'équipe {team}.",
              "en": "Week {week}: no activity recorded for team {team}."},
    "too_small": {"fr": "Équipe {team} : moins de {k} personnes inscrites, pas de rapport séparé.",
                  "en": "Team {team}: fewer than {k} people enrolled, not reported apart."},
}


def word(key: str, lang: str, **values: object) -> str:
    return WORDS[key][lang].format(**values)
