"""Ambassadors and detractors among public authors, and the opted-in employees' programme."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.display import dashes
from dashboard.i18n import t

db = queries.database()
version = queries.version(db)
st.title(t("page_advocacy"))
st.caption(t("advocacy_explained"))

authors = queries.safe(queries.advocacy_authors, str(db), version)
st.subheader(t("advocacy_public"))
if authors.empty:
    st.info(t("advocacy_pending"))
else:
    columns = {
        "handle": t("col_author"), "source": t("source"),
        "confidence": st.column_config.ProgressColumn(t("col_confidence"), min_value=0.0, max_value=1.0, format="%.2f"),
        "score": st.column_config.NumberColumn(t("col_score"), format="%.2f"),
        "mentions": t("mentions"), "reach": t("col_reach"), "followers": t("col_followers"),
    }
    shown = ["handle", "source", "confidence", "score", "mentions", "followers"]
    left, right = st.columns(2)
    for column, cls, title in ((left, "ambassador", "ambassadors"), (right, "detractor", "detractors")):
        with column:
            subset = authors[authors["class"] == cls]
            st.markdown(f"**{t(title)}** · {len(subset)}")
            st.dataframe(dashes(subset[shown], ["followers", "mentions"]), hide_index=True, width="stretch", column_config=columns)

st.subheader(t("employees_programme"))
st.caption(t("employees_note"))
people = queries.safe(queries.programme, str(db), version)
people["suggestion"] = people["class"].map(lambda c: t("coaching_suggestion") if c == "detractor" else "")
people["class"] = people["class"].map(lambda c: t(c) if isinstance(c, str) and c in ("ambassador", "neutral", "detractor") else "")
st.dataframe(
    people, hide_index=True, width="stretch",
    column_config={
        "display_name": t("col_employee"), "team": t("col_team"), "shares": t("col_shares"),
        "clicks": t("col_clicks"), "class": t("col_class"),
        "confidence": st.column_config.NumberColumn(t("col_confidence"), format="%.2f"),
        "suggestion": t("col_suggestion"),
    },
)
