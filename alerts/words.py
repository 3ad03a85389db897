"""The plain words of incidents, in French and English (pushes, the CLI, the dashboard)."""

from __future__ import annotations

KINDS = {
    "volume": {"fr": "pic de volume", "en": "volume spike"},
    "negative_share": {"fr": "sentiment négatif en hausse", "en": "negative sentiment rising"},
}
SEVERITIES = {
    "low": {"fr": "faible", "en": "low"},
    "medium": {"fr": "moyenne", "en": "medium"},
    "high": {"fr": "élevée", "en": "high"},
}
SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2}
WORDS = {
    "ongoing": {"fr": "en cours", "en": "ongoing"},
    "incident": {"fr": "Incident", "en": "Incident"},
    "influential": {"fr": "Compte influent", "en": "Influential account"},
    "followers": {"fr": "abonnés", "en": "followers"},
    "start": {"fr": "début", "en": "start"},
    "peak": {"fr": "pic", "en": "peak"},
    "end": {"fr": "fin", "en": "end"},
    "severity": {"fr": "gravité", "en": "severity"},
    "mentions": {"fr": "mentions", "en": "mentions"},
    "terms": {"fr": "termes", "en": "terms"},
    "sources": {"fr": "sources", "en": "sources"},
    "authors": {"fr": "auteurs", "en": "authors"},
    "summary": {"fr": "en résumé", "en": "in short"},
    "response": {"fr": "que faire", "en": "what to do"},
    "none": {"fr": "aucun incident", "en": "no incident"},
    "times_in": {"fr": "heures de {tz}", "en": "times in {tz}"},
}


def kind_words(kind: str, lang: str) -> str:
    """'pic de volume' for 'volume'; an unknown kind is shown as it is."""
    return KINDS.get(kind, {}).get(lang, kind)


def severity_words(severity: str, lang: str) -> str:
    return SEVERITIES.get(severity, {}).get(lang, severity)


def word(key: str, lang: str, **values: str) -> str:
    text = WORDS[key].get(lang) or WORDS[key]["en"]
    return text.format(**values) if values else text
