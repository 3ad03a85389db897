"""Ambassadors and detractors among public authors, and the opted-in employees' programme."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard import settings as dashboard_settings
from dashboard.display import DATETIME_FORMAT, bar, brand_zone, choice, dashes, decimals, heading, subheading, timed
from dashboard.i18n import t

db = queries.database()
version = queries.version(db)
heading(t("page_advocacy"))
st.caption(t("advocacy_explained"))

authors, class_counts = queries.safe(queries.advocacy_authors, str(db), version)
subheading(t("advocacy_public"))
if authors.empty:
    st.info(t("advocacy_pending"))
else:
    columns = {
        "handle": t("col_author"), "source": t("source"),
        "confidence": bar(t("col_confidence"), 0.0, 1.0, help=t("glossary_confidence")),
        "score": decimals(t("col_score"), help=t("glossary_score")),
        "mentions": t("mentions"), "reach": t("col_reach"), "followers": t("col_followers"),
    }
    shown = ["handle", "source", "confidence", "score", "mentions", "followers"]
    left, right = st.columns(2)
    for column, cls, title in ((left, "ambassador", "ambassadors"), (right, "detractor", "detractors")):
        with column:
            subset = authors[authors["class"] == cls]
            st.markdown(f"**{t(title)}** · {class_counts.get(cls, len(subset))}")
            if class_counts.get(cls, 0) > len(subset):
                st.caption(t("advocacy_top", shown=len(subset), total=class_counts[cls]))
            st.dataframe(dashes(subset[shown], ["followers", "mentions"]), hide_index=True, width="stretch", column_config=columns)

    # Reasons: the posts that weigh most in the chosen author's class, their dates and links.
    subheading(t("reasons_title"))
    st.caption(t("reasons_help"))
    classed = authors[authors["class"].isin(["ambassador", "detractor"])]
    if classed.empty:
        st.caption(t("reasons_none"))
    else:
        names = {aid: f"{handle or aid} · {source} · {t(cls)}"
                 for aid, handle, source, cls in zip(classed["author_id"], classed["handle"],
                                                      classed["source"], classed["class"])}
        chosen = choice(t("reasons_pick"), list(names), format_func=names.get, key="reasons_author")
        found = queries.safe(queries.author_reasons, str(db), version, chosen,
                             dashboard_settings.scoring_settings().half_life_days)
        if not found:
            st.caption(t("reasons_none"))
        else:
            st.dataframe(
                [{"created_at": r.created_at, "sentiment": r.sentiment, "weight": r.weight,
                  "corrected": r.corrected, "text": r.text, "url": r.url} for r in found],
                hide_index=True, width="stretch",
                column_config={
                    "created_at": st.column_config.DatetimeColumn(timed(t("col_date")), format=DATETIME_FORMAT,
                                                                   timezone=brand_zone()),
                    "sentiment": decimals(t("col_brand_score"), help=t("glossary_sentiment")),
                    "weight": decimals(t("reasons_weight"), help=t("glossary_weight")),
                    "corrected": st.column_config.CheckboxColumn(t("reasons_corrected")),
                    "text": st.column_config.TextColumn(t("col_text"), width="large"),
                    "url": st.column_config.LinkColumn(t("col_link"), display_text="↗"),
                })
            handle = authors.loc[authors["author_id"] == chosen, "handle"].iloc[0]
            if handle and st.button(t("reasons_explore"), key="reasons_explore"):
                st.session_state["f_author"] = handle
                st.switch_page("pages/mentions.py")

subheading(t("employees_programme"))
st.caption(t("employees_note"))
people = queries.safe(queries.programme, str(db), version)
people["suggestion"] = people["class"].map(lambda c: t("coaching_suggestion") if c == "detractor" else "")
people["class"] = people["class"].map(lambda c: t(c) if isinstance(c, str) and c in ("ambassador", "neutral", "detractor") else "")
st.dataframe(
    people, hide_index=True, width="stretch",
    column_config={
        "display_name": t("col_employee"), "team": t("col_team"), "shares": t("col_shares"),
        "clicks": t("col_clicks"), "class": t("col_class"),
        "confidence": decimals(t("col_confidence")),
        "suggestion": t("col_suggestion"),
    },
)
