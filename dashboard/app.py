"""Ambassade's Streamlit entry script: language, role, and the pages that role may see."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.i18n import LANGUAGES, lang, t
from dashboard.queries import database

HERE = Path(__file__).parent
PAGES = HERE / "pages"

st.set_page_config(page_title="Ambassade", page_icon=":material/campaign:", layout="wide")

with st.sidebar:
    st.session_state["lang"] = st.selectbox(
        t("language"), list(LANGUAGES), index=list(LANGUAGES).index(lang()),
        format_func=LANGUAGES.get, key="lang_choice",
    )

db = database()
if not db.exists():
    st.error(f"{t('no_db')}: {db}")
    st.info(t("no_data"))
    st.stop()

pages = {
    t("section_listening"): [
        st.Page(PAGES / "overview.py", title=t("page_overview"), icon=":material/insights:", url_path="overview", default=True),
        st.Page(PAGES / "mentions.py", title=t("page_mentions"), icon=":material/search:", url_path="mentions"),
    ],
    t("section_people"): [
        st.Page(PAGES / "advocacy.py", title=t("page_advocacy"), icon=":material/handshake:", url_path="advocacy"),
    ],
    t("section_tools"): [
        st.Page(PAGES / "health.py", title=t("page_health"), icon=":material/monitor_heart:", url_path="health"),
    ],
}
st.navigation(pages).run()
