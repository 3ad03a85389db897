"""Mention explorer: filter by period, source, language, sentiment, brand term, text and author."""

from __future__ import annotations

import streamlit as st

from ambassade.errors import AmbassadeError, one_line
from dashboard import queries
from dashboard.downloads import frame_csv
from dashboard.filters import listening_window
from dashboard.i18n import lang, t

LABELS = ("positive", "neutral", "negative", "unscored")

w = listening_window()
st.title(t("page_mentions"))

c1, c2, c3 = st.columns(3)
langs = c1.multiselect(t("language_filter"), w.languages, key="f_lang")
label_names = {label: t(label) for label in LABELS}
labels = c2.multiselect(t("sentiment_filter"), LABELS, format_func=label_names.get, key="f_label")
terms = c3.multiselect(t("term_filter"), w.terms, key="f_terms")
search = st.text_input(t("search"), max_chars=200, key="f_search")
author = st.text_input(t("author_filter"), max_chars=100, key="f_author")

frame, total = queries.safe(queries.explore, w.db, w.version, w.start, w.end, w.sources,
                            tuple(langs), tuple(labels), tuple(terms), search, author)
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
        "mention_id": t("correct_id"),
    },
)
# The grid's own export is off (it would write formula cells as they are): this one is safe.
st.download_button(t("download_csv"), data=frame_csv(frame, lang()), file_name="mentions.csv",
                   mime="text/csv", key="mentions_csv")

# The team's corrections: a sentiment, or "not about us"; the latest wins in every count and class.
with st.expander(t("correct_title")):
    st.caption(t("correct_help"))
    choices = {c: t(c) for c in ("positive", "neutral", "negative")} | {"irrelevant": t("correct_irrelevant")}
    with st.form("correct_form", clear_on_submit=False):
        mention_id = st.text_input(t("correct_id"), max_chars=300, key="correct_id")
        choice = st.radio(t("correct_choice"), list(choices), format_func=choices.get, horizontal=True,
                          key="correct_choice")
        by = st.text_input(t("correct_by"), max_chars=200, key="correct_by")
        if st.form_submit_button(t("correct_submit")):
            try:
                done = queries.correct_mention(w.db, mention_id.strip(), choice, by)
            except AmbassadeError as exc:
                st.error(one_line(exc, limit=300))
            else:
                st.success(t("correct_done", id=done.mention_id, by=done.corrected_by))
