"""Ambassade's Streamlit entry script: language, sign-in, role, and the pages that role may see."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import auth, queries
from dashboard.display import choice
from dashboard.i18n import LANGUAGES, lang, t
from dashboard.queries import database
from dashboard.roles import pick_role

HERE = Path(__file__).parent
PAGES = HERE / "pages"

# Not a ":material/…:" icon: Streamlit's page fetches those favicons from fonts.gstatic.com,
# while an emoji becomes an inline SVG (nothing leaves this server).
st.set_page_config(page_title="Ambassade", page_icon="📣", layout="wide")

with st.sidebar:
    st.session_state["lang"] = choice(
        t("language"), list(LANGUAGES), index=list(LANGUAGES).index(lang()),
        format_func=LANGUAGES.get, key="lang_choice",
    )

def page(name: str, title: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(PAGES / f"{name}.py", title=t(title), icon=f":material/{icon}:",
                   url_path=name, default=default)


# One read connection for the whole run (dashboard/queries.py), closed when it ends.
with queries.one_connection_per_run():
    # Before anything of the database is shown: who is looking (this may end the run on one page).
    access = auth.current_access()

    db = database()
    if isinstance(db, Path) and not db.exists():     # a PostgreSQL URL: its reads say what is wrong
        st.error(f"{t('no_db')}: {db}")
        st.info(t("no_data"))
        st.stop()

    role = pick_role(access)

    draft = page("draft_check", "page_draft", "edit_note")
    if role == "employee":
        # Signed in and not (or no longer) enrolled: their first page is where one accepts.
        me = queries.safe(queries.person, str(db), queries.version(db), access.employee_id) \
            if access.employee_id else None
        start = "consent" if me is not None and me.state != "enrolled" else "me"
        pages = {t("section_me"): [page("me", "page_me", "person", default=start == "me"),
                                   page("suggestions", "page_suggestions", "lightbulb"),
                                   page("propose", "page_propose", "add_comment"),
                                   page("consent", "page_consent", "verified_user", default=start == "consent"),
                                   draft]}
    elif role == "manager":
        pages = {t("section_team"): [page("team", "page_team", "groups", default=True)]}
    else:
        pages = {
            t("section_listening"): [page("overview", "page_overview", "insights", default=True),
                                     page("mentions", "page_mentions", "search"),
                                     page("incidents", "page_incidents", "crisis_alert")],
            t("section_people"): [page("advocacy", "page_advocacy", "handshake"),
                                  page("coaching", "page_coaching", "school"),
                                  page("value", "page_value", "paid")],
            t("section_programme"): [page("content", "page_content", "library_books"),
                                     page("programme_status", "page_programme", "how_to_reg")],
            t("section_tools"): [draft, page("health", "page_health", "monitor_heart")],
        }
    st.navigation(pages).run()
