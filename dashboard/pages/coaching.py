"""Coaching cards for employees who chose coaching (communications team only).

Quotes of public posts are plain text from the internet: shown with st.text, never as Markdown.
"""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.i18n import labelled, lang, plural, t
from dashboard.settings import checker, config_key
from dashboard.display import choice, heading, subheading

db = queries.database()
version = queries.version(db)
heading(t("page_coaching"))
st.caption(t("coaching_intro"))

people = queries.safe(queries.employees, str(db), version)
people = people[people["coaching_ok"]]
if people.empty:
    st.info(t("coaching_nobody"))
    st.stop()

counts = queries.safe(queries.coaching_card_counts, str(db), version, tuple(people["id"]), lang(), config_key(),
                      checker())
# People with cards first (most first), so the page opens on someone there is something to say to.
people = people.assign(cards=people["id"].map(counts).fillna(0).astype(int))
people = people.sort_values(["cards", "display_name"], ascending=[False, True])
names = {row.id: f"{row.display_name} · {row.team} · "
                 + (plural("card_count", row.cards) if row.cards else t("coaching_no_cards"))
         for row in people.itertuples()}
with_cards = people[people["cards"] > 0]
if not with_cards.empty:
    st.caption(labelled(t("coaching_has_cards"),
                        " · ".join(f"{row.display_name} ({row.cards})" for row in with_cards.itertuples())))
chosen = choice(t("col_employee"), list(names), format_func=names.get, key="coach_who")
cards = queries.safe(queries.coaching_cards, str(db), version, chosen, lang(), config_key(), checker())
if not cards:
    st.success(t("coaching_none"))
for card in cards:
    with st.container(border=True):
        subheading(card.title)
        if card.clause:
            # The clause id is the charter's own; its category and severity are codes, shown in words.
            st.caption(labelled(t("clause"), f"{card.clause} · {t('category_' + card.category)} · "
                                             f"{t('draft_' + card.severity) if card.severity else ''}".rstrip(" ·")))
        st.markdown(f"**{t('what_happened')}**")
        st.text(card.what_happened)
        st.markdown(f"**{t('better_way')}**")
        st.text(card.better_way)
        if card.example:
            st.markdown(f"**{t('good_example')}**")
            st.text(card.example)
