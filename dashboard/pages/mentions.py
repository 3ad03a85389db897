"""Mention explorer: filter by period, source, language, sentiment, brand term and text."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.filters import listening_window
from dashboard.i18n import t

LABELS = ("positive", "neutral", "negative", "unscored")

w = listening_window()
st.title(t("page_mentions"))

c1, c2, c3 = st.columns(3)
langs = c1.multiselect(t("language_filter"), w.languages, key="f_lang", placeholder=t("all_options"))
label_names = {label: t(label) for label in LABELS}
labels = c2.multiselect(t("sentiment_filter"), LABELS, format_func=label_names.get, key="f_label",
                        placeholder=t("all_options"))
terms = c3.multiselect(t("term_filter"), w.terms, key="f_terms", placeholder=t("all_options"))
search = st.text_input(t("search"), max_chars=200, key="f_search")

frame, total = queries.safe(queries.explore, w.db, w.version, w.start, w.end, w.sources,
                            tuple(langs), tuple(labels), tuple(terms), search)
st.caption(t("showing", shown=len(frame), total=total))
frame["label"] = frame["label"].map(t)
# Text from the internet is shown as data in a grid, never rendered as HTML or Markdown.
st.dataframe(
    frame, hide_index=True, width="stretch", height=600,
    column_config={
        "created_at": st.column_config.DatetimeColumn(t("col_date"), format="YYYY-MM-DD HH:mm"),
        "source": t("source"), "author": t("col_author"), "lang": t("col_lang"),
        "label": t("sentiment"),
        "compound": st.column_config.NumberColumn(t("col_score"), format="%.2f"),
        "brand_compound": st.column_config.NumberColumn(t("col_brand_score"), format="%.2f"),
        "text": st.column_config.TextColumn(t("col_text"), width="large"),
        "matched": t("col_matched"),
        "url": st.column_config.LinkColumn(t("col_link"), display_text="↗"),
    },
)
