"""Mention explorer: filter, search text and authors, page through the whole result, read one in full, export all."""

from __future__ import annotations

import math

import streamlit as st

from ambassade.errors import AmbassadeError, one_line
from dashboard import queries
from dashboard.display import DATETIME_FORMAT, brand_zone, heading, number, scores, timed
from dashboard.filters import listening_window
from dashboard.i18n import labelled, lang, t
from dashboard.people import safe_link
from store.listening import COUNT_BOUND

LABELS = ("positive", "neutral", "negative", "unscored")
PAGE_SIZE = 100
CSV_HEADER_KEYS = ("col_date", "source", "col_author", "col_lang", "sentiment", "col_score", "col_brand_score",
                   "col_text", "col_matched", "col_link")

w = listening_window()
heading(t("page_mentions"))

c1, c2, c3 = st.columns(3)
langs = c1.multiselect(t("language_filter"), w.languages, key="f_lang", placeholder=t("all_options"))
label_names = {label: t(label) for label in LABELS}
labels = c2.multiselect(t("sentiment_filter"), LABELS, format_func=label_names.get, key="f_label",
                        placeholder=t("all_options"))
terms = c3.multiselect(t("term_filter"), w.terms, key="f_terms", placeholder=t("all_options"))
# The hint as the box's placeholder, not `help=`: Streamlit labels its help icon "Help for …"
# in English whatever the language.
search = st.text_input(t("search_text_authors"), max_chars=200, key="f_search", placeholder=t("search_help"))
author = st.text_input(t("author_filter"), max_chars=100, key="f_author")
filters = (w.sources, tuple(langs), tuple(labels), tuple(terms), search, author)

# The page number resets when the filters change: page 7 of another result means nothing.
if st.session_state.get("f_last") != filters:
    st.session_state["f_last"] = filters
    st.session_state["f_page"] = 1
# One read gives the page and the count; the page picker is drawn after it, with the count known.
page = max(1, int(st.session_state.get("f_page", 1)))
frame, total = queries.safe(queries.explore, w.db, w.version, w.start, w.end, *filters, PAGE_SIZE,
                            (page - 1) * PAGE_SIZE)
# Counts stop at a bound (store.listening.COUNT_BOUND): beyond it the page says "more than".
more = total > COUNT_BOUND
pages = max(1, math.ceil(min(total, COUNT_BOUND) / PAGE_SIZE))
if page > pages:            # the data shrank under a kept page number (a purge): its last page
    page = st.session_state["f_page"] = pages
    frame, total = queries.safe(queries.explore, w.db, w.version, w.start, w.end, *filters, PAGE_SIZE,
                                (page - 1) * PAGE_SIZE)
offset = (page - 1) * PAGE_SIZE
left, right = st.columns([1, 3])
left.number_input(t("page_number"), min_value=1, max_value=pages, step=1, key="f_page")
if total == 0:
    right.info(t("no_match"))
    st.stop()
if more:
    right.caption(t("showing_range_more", first=number(offset + 1), last=number(offset + len(frame)),
                    total=number(COUNT_BOUND)) + " · " + t("page_of_more", page=number(page), pages=number(pages)))
    right.caption(t("more_than_hint", total=number(COUNT_BOUND)))
else:
    right.caption(t("showing_range", first=number(offset + 1), last=number(offset + len(frame)), total=number(total))
                  + " · " + t("page_of", page=number(page), pages=number(pages)))

shown = scores(frame, ["compound", "brand_compound"])
shown["label"] = shown["label"].map(label_names)
order = ["created_at", "source", "author", "label", "brand_compound", "url", "text", "matched", "lang", "compound",
         "mention_id"]
# Text from the internet is shown as data in a grid, never rendered as HTML or Markdown.
picked = st.dataframe(
    shown, hide_index=True, width="stretch", height=420, column_order=order,
    on_select="rerun", selection_mode="single-row", key="f_grid",
    column_config={
        "created_at": st.column_config.DatetimeColumn(timed(t("col_date")), format=DATETIME_FORMAT,
                                                      timezone=brand_zone()),
        "source": t("source"), "author": t("col_author"), "lang": t("col_lang"),
        "label": t("sentiment"),
        "compound": st.column_config.TextColumn(t("col_score"), help=t("col_score_help")),
        "brand_compound": st.column_config.TextColumn(t("col_brand_score"), help=t("col_brand_score_help")),
        "text": st.column_config.TextColumn(t("col_text"), width="large"),
        "matched": t("col_matched"),
        "url": st.column_config.LinkColumn(t("col_link"), display_text="↗", width="small"),
        "mention_id": t("correct_id"),
    },
)

rows = picked.selection.rows if picked and picked.selection else []
with st.expander(t("full_text"), expanded=bool(rows)):
    if not rows:
        st.caption(t("pick_row"))
    else:
        chosen = frame.iloc[rows[0]]
        st.caption(" · ".join(str(part) for part in (chosen["source"], chosen["author"] or "—",
                                                      label_names.get(chosen["label"], chosen["label"]))))
        st.text(chosen["text"])                      # plain text, never Markdown
        link = safe_link(chosen["url"])
        if link:
            st.link_button(t("col_link"), link)
        else:
            st.caption(labelled(t("col_link"), "—"))


def _csv():
    return queries.mentions_csv(w.db, w.start, w.end, *filters, tuple(t(k) for k in CSV_HEADER_KEYS), lang(),
                                label_names)


# The file is built only when asked for (Streamlit calls `_csv` on the click), chunk by chunk.
st.download_button(t("download_csv"), _csv, file_name="mentions.csv", mime="text/csv",
                   help=t("download_csv_help_more", total=number(COUNT_BOUND)) if more
                   else t("download_csv_help", total=number(total)), key="f_csv")

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
