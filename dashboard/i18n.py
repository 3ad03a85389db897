"""Dashboard labels in French and English; French is the default."""

from __future__ import annotations

import streamlit as st

LANGUAGES = {"fr": "Français", "en": "English"}

LABELS: dict[str, dict[str, str]] = {
    "app_title": {"fr": "Ambassade", "en": "Ambassade"},
    "language": {"fr": "Langue", "en": "Language"},
    "role": {"fr": "Vue", "en": "View"},
    "role_comms": {"fr": "Équipe communication", "en": "Communications team"},
    "role_employee": {"fr": "Salarié·e", "en": "Employee"},
    "role_manager": {"fr": "Manager", "en": "Manager"},
    "section_me": {"fr": "Mon espace", "en": "My space"},
    "section_team": {"fr": "Mon équipe", "en": "My team"},
    "page_coaching": {"fr": "Accompagnement", "en": "Coaching"},
    "page_team": {"fr": "Synthèse d'équipe", "en": "Team summary"},
    "page_me": {"fr": "Mon activité", "en": "My activity"},
    "page_draft": {"fr": "Vérifier mon brouillon", "en": "Check my draft"},
    "coaching_intro": {
        "fr": "Visible de l'équipe communication seulement. Pour les salariés qui ont choisi l'accompagnement : des conseils bienveillants, jamais une sanction.",
        "en": "Visible to the communications team only. For employees who chose coaching: friendly advice, never a sanction.",
    },
    "coaching_none": {"fr": "Aucun point d'accompagnement sur les 30 derniers jours.", "en": "Nothing to coach on in the last 30 days."},
    "coaching_nobody": {"fr": "Aucun salarié n'a choisi l'accompagnement.", "en": "No employee chose coaching."},
    "what_happened": {"fr": "Ce qui s'est passé", "en": "What happened"},
    "better_way": {"fr": "Une meilleure façon", "en": "A better way"},
    "good_example": {"fr": "Un bon exemple", "en": "A good example"},
    "clause": {"fr": "Article de la charte", "en": "Charter clause"},
    "team": {"fr": "Équipe", "en": "Team"},
    "team_too_small": {
        "fr": "Moins de {k} personnes dans cette équipe : rien n'est affiché, pour protéger chacun.",
        "en": "Fewer than {k} people in this team: nothing is shown, to protect everyone.",
    },
    "participants": {"fr": "Inscrits", "en": "Enrolled"},
    "active_sharers": {"fr": "Ont partagé", "en": "Shared"},
    "named_people": {"fr": "Personnes qui acceptent d'être nommées", "en": "People who agreed to be named"},
    "top_content": {"fr": "Contenus les plus partagés", "en": "Most shared content"},
    "themes": {"fr": "Thèmes d'accompagnement (sans noms)", "en": "Coaching themes (no names)"},
    "no_themes": {"fr": "Aucun thème sur la période.", "en": "No theme in this period."},
    "posts": {"fr": "Messages", "en": "Posts"},
    "tip": {"fr": "Conseil", "en": "Tip"},
    "who_am_i": {"fr": "Je suis (démo)", "en": "I am (demo)"},
    "my_shares": {"fr": "Mes partages", "en": "My shares"},
    "my_clicks": {"fr": "Clics sur mes liens, par semaine", "en": "Clicks on my links, per week"},
    "to_share": {"fr": "Contenus à partager", "en": "Content to share"},
    "share_on": {"fr": "Partager sur", "en": "Share on"},
    "col_title": {"fr": "Titre", "en": "Title"},
    "col_network": {"fr": "Réseau", "en": "Network"},
    "week": {"fr": "Semaine", "en": "Week"},
    "demo_roles": {"fr": "Démo : choix du rôle sans connexion.", "en": "Demo: role picker, no sign-in."},
    "section_listening": {"fr": "Écoute", "en": "Listening"},
    "section_people": {"fr": "Personnes", "en": "People"},
    "section_tools": {"fr": "Outils", "en": "Tools"},
    "page_overview": {"fr": "Vue d'ensemble", "en": "Overview"},
    "page_mentions": {"fr": "Mentions", "en": "Mentions"},
    "page_advocacy": {"fr": "Ambassadeurs et détracteurs", "en": "Ambassadors and detractors"},
    "page_health": {"fr": "Santé de la configuration", "en": "Configuration health"},
    "no_data": {"fr": "Aucune donnée pour l'instant : lancez `ambassade collect` ou `ambassade demo`.",
                "en": "No data yet: run `ambassade collect` or `ambassade demo`."},
    "no_db": {"fr": "Base introuvable", "en": "Database not found"},
    "period": {"fr": "Période", "en": "Period"},
    "days": {"fr": "{n} derniers jours", "en": "last {n} days"},
    "sources": {"fr": "Sources", "en": "Sources"},
    "mentions": {"fr": "Mentions", "en": "Mentions"},
    "negative_share": {"fr": "Part négative", "en": "Negative share"},
    "positive_share": {"fr": "Part positive", "en": "Positive share"},
    "vs_previous": {"fr": "vs période précédente", "en": "vs previous period"},
    "authors": {"fr": "Auteurs", "en": "Authors"},
    "volume_by_source": {"fr": "Volume par jour et par source", "en": "Volume per day by source"},
    "sentiment_over_time": {"fr": "Sentiment par jour", "en": "Sentiment per day"},
    "share_of_voice": {"fr": "Répartition du sentiment", "en": "Sentiment share of voice"},
    "alerts": {"fr": "Alertes (pics et bad buzz)", "en": "Alerts (spikes and bad buzz)"},
    "no_alerts": {"fr": "Aucune alerte sur la période.", "en": "No alert in this period."},
    "positive": {"fr": "positif", "en": "positive"},
    "neutral": {"fr": "neutre", "en": "neutral"},
    "negative": {"fr": "négatif", "en": "negative"},
    "unscored": {"fr": "non évalué", "en": "unscored"},
    "day": {"fr": "Jour", "en": "Day"},
    "source": {"fr": "Source", "en": "Source"},
    "sentiment": {"fr": "Sentiment", "en": "Sentiment"},
    "count": {"fr": "Nombre", "en": "Count"},
    "search": {"fr": "Rechercher dans le texte", "en": "Search the text"},
    "language_filter": {"fr": "Langues", "en": "Languages"},
    "sentiment_filter": {"fr": "Sentiments", "en": "Sentiments"},
    "term_filter": {"fr": "Termes de marque", "en": "Brand terms"},
    "showing": {"fr": "{shown} mentions affichées sur {total}", "en": "showing {shown} of {total} mentions"},
    "col_date": {"fr": "Date", "en": "Date"},
    "col_author": {"fr": "Auteur", "en": "Author"},
    "col_text": {"fr": "Texte", "en": "Text"},
    "col_lang": {"fr": "Langue", "en": "Language"},
    "col_score": {"fr": "Score", "en": "Score"},
    "col_brand_score": {"fr": "Score marque", "en": "Brand score"},
    "col_matched": {"fr": "Termes", "en": "Terms"},
    "col_link": {"fr": "Lien", "en": "Link"},
    "col_class": {"fr": "Classe", "en": "Class"},
    "col_confidence": {"fr": "Confiance", "en": "Confidence"},
    "col_reach": {"fr": "Audience", "en": "Reach"},
    "col_followers": {"fr": "Abonnés", "en": "Followers"},
    "col_kind": {"fr": "Type", "en": "Kind"},
    "col_observed": {"fr": "Observé", "en": "Observed"},
    "col_expected": {"fr": "Attendu", "en": "Expected"},
    "col_start": {"fr": "Début", "en": "Start"},
    "ambassador": {"fr": "ambassadeur", "en": "ambassador"},
    "detractor": {"fr": "détracteur", "en": "detractor"},
    "ambassadors": {"fr": "Ambassadeurs", "en": "Ambassadors"},
    "detractors": {"fr": "Détracteurs", "en": "Detractors"},
    "advocacy_public": {"fr": "Auteurs publics", "en": "Public authors"},
    "advocacy_explained": {
        "fr": "Moyenne bayésienne pondérée par la récence du sentiment envers la marque : un seul message en colère ne fait pas un détracteur.",
        "en": "Recency-weighted Bayesian mean of brand-targeted sentiment: one angry post does not make a detractor.",
    },
    "advocacy_pending": {
        "fr": "Classement en attente : lancez le calcul des signaux (`ambassade score`).",
        "en": "Classes not computed yet: run the signals step (`ambassade score`).",
    },
    "employees_programme": {"fr": "Programme ambassadeurs (salariés volontaires)", "en": "Advocacy programme (opted-in employees)"},
    "employees_note": {
        "fr": "Salariés inscrits de leur plein gré. Un signal négatif ne mène qu'à un accompagnement, jamais à une sanction.",
        "en": "Employees who opted in. A negative signal only ever leads to coaching, never to sanction.",
    },
    "col_team": {"fr": "Équipe", "en": "Team"},
    "col_shares": {"fr": "Partages", "en": "Shares"},
    "col_clicks": {"fr": "Clics", "en": "Clicks"},
    "col_employee": {"fr": "Salarié·e", "en": "Employee"},
    "col_suggestion": {"fr": "Suggestion", "en": "Suggestion"},
    "coaching_suggestion": {
        "fr": "Proposer un échange bienveillant et un canal interne",
        "en": "Offer a friendly talk and an internal channel",
    },
    "health_counts": {"fr": "Contenu de la base", "en": "Database contents"},
    "health_runs": {"fr": "Dernières exécutions", "en": "Latest runs"},
    "health_cursors": {"fr": "Curseurs des collecteurs", "en": "Collector cursors"},
    "health_scored": {"fr": "Mentions évaluées", "en": "Mentions scored"},
    "health_db": {"fr": "Base de données", "en": "Database"},
    "table": {"fr": "Table", "en": "Table"},
    "x_budget": {"fr": "Lectures X ce mois-ci / budget", "en": "X reads this month / budget"},
    "x_budget_help": {
        "fr": "Coût estimé : {cost} $ sur {budget} $. La collecte X se met en pause au budget.",
        "en": "Estimated cost: ${cost} of ${budget}. X collection pauses itself at the budget.",
    },
    "rows": {"fr": "Lignes", "en": "Rows"},
}


def lang() -> str:
    """The UI language chosen in the sidebar, else the browser's, else French."""
    chosen = st.session_state.get("lang")
    if chosen in LANGUAGES:
        return chosen
    locale = (getattr(st.context, "locale", None) or "fr").lower()
    return "en" if locale.startswith("en") else "fr"


def t(key: str, **values: object) -> str:
    """The label `key` in the current language."""
    text = LABELS[key][lang()]
    return text.format(**values) if values else text
