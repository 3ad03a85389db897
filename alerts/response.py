"""The suggested response path of an incident: `[alerts] response_guide` when the company wrote
its own crisis steps, else the tips of the charter's crisis clause ("crisis-pass-on")."""

from __future__ import annotations

from ambassade.settings import Settings

CRISIS_CLAUSE = "crisis-pass-on"
# Steps for the comms team itself (the charter's tips speak to employees who see the buzz).
DESK_STEPS = {
    "fr": ["Vérifiez les faits avec les équipes concernées avant toute réponse publique.",
           "Répondez au nom de l'entreprise, sur les comptes officiels, brièvement et sans polémique.",
           "Prévenez les salariés du programme : ne pas débattre en public, transmettre au service client."],
    "en": ["Check the facts with the teams concerned before any public answer.",
           "Answer on the company's behalf, from the official accounts, briefly and without arguing.",
           "Tell the programme's employees: do not argue in public, pass complaints to customer service."],
}


def response_path(settings: Settings, lang: str) -> list[str]:
    """The steps to suggest with an incident, in `lang` (fr or en)."""
    if settings.alerts.response_guide:
        return list(settings.alerts.response_guide)
    steps = list(DESK_STEPS.get(lang, DESK_STEPS["en"]))
    try:
        from charter.config import charter_file  # noqa: PLC0415
        from charter.loader import load_charter  # noqa: PLC0415

        charter = load_charter(charter_file(settings))
    except Exception:  # a broken company charter must not stop an alert: the desk steps remain
        return steps
    for clause in charter.clauses:
        if clause.id == CRISIS_CLAUSE and clause.enabled:
            steps.extend(clause.text(lang).tips)
    return steps
