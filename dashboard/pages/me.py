"""An employee's own page: their shares, the clicks on their links, content to share. Nobody else's."""

from __future__ import annotations

from urllib.parse import quote

import altair as alt
import streamlit as st

from dashboard import queries
from dashboard.i18n import t

db = queries.database()
version = queries.version(db)
st.title(t("page_me"))

people = queries.safe(queries.employees, str(db), version)
if people.empty:
    st.info(t("no_data"))
    st.stop()
names = dict(zip(people["id"], people["display_name"]))
me = st.selectbox(t("who_am_i"), list(names), format_func=names.get, key="me_who")
mine = queries.safe(queries.own_activity, str(db), version, me)

left, right = st.columns(2)
with left:
    st.subheader(t("my_shares"))
    st.metric(t("col_shares"), len(mine["shares"]))
    st.dataframe(mine["shares"].drop(columns="url"), hide_index=True, width="stretch",
                 column_config={"shared_at": st.column_config.DatetimeColumn(t("col_date"), format="YYYY-MM-DD"),
                                "network": t("col_network"), "title": t("col_title")})
with right:
    st.subheader(t("my_clicks"))
    st.metric(t("col_clicks"), int(mine["clicks"]["clicks"].sum()) if not mine["clicks"].empty else 0)
    if not mine["clicks"].empty:
        st.altair_chart(alt.Chart(mine["clicks"]).mark_bar().encode(
            x=alt.X("week:T", title=t("week")), y=alt.Y("clicks:Q", title=t("col_clicks"))), width="stretch")

st.subheader(t("to_share"))
library = queries.safe(queries.content_library, str(db), version)
library["linkedin"] = library["url"].map(
    lambda u: f"https://www.linkedin.com/sharing/share-offsite/?url={quote(u, safe='')}")
library["x"] = library["url"].map(lambda u: f"https://twitter.com/intent/tweet?url={quote(u, safe='')}")
st.dataframe(
    library[["title", "lang", "linkedin", "x"]], hide_index=True, width="stretch",
    column_config={"title": t("col_title"), "lang": t("col_lang"),
                   "linkedin": st.column_config.LinkColumn(f"{t('share_on')} LinkedIn", display_text="LinkedIn ↗"),
                   "x": st.column_config.LinkColumn(f"{t('share_on')} X", display_text="X ↗")},
)
