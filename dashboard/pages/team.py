"""Managers' team summary: aggregates only (at least k people), names only for those who agreed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import streamlit as st

from charter.coaching import team_themes
from dashboard import queries
from dashboard.i18n import lang, t
from dashboard.settings import checker, min_group_size
from store import read_only

db = queries.database()
version = queries.version(db)
k = min_group_size()
st.title(t("page_team"))

people = queries.safe(queries.employees, str(db), version)
teams = sorted(people["team"].unique())
if not teams:
    st.info(t("no_data"))
    st.stop()
team = st.selectbox(t("team"), teams, key="team_pick")
end = datetime.now(timezone.utc)
start = end - timedelta(days=30)
rows = queries.safe(queries.team_participation, str(db), version, team, start, end)
if len(rows) < k:
    st.warning(t("team_too_small", k=k))
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric(t("participants"), len(rows))
c2.metric(t("active_sharers"), int((rows["shares"] > 0).sum()))
c3.metric(t("col_shares"), int(rows["shares"].sum()))
c4.metric(t("col_clicks"), int(rows["clicks"].sum()))
st.caption(t("days", n=30))

named = rows[rows["named_ok"]].drop(columns="named_ok").sort_values("shares", ascending=False)
if not named.empty:
    st.subheader(t("named_people"))
    st.dataframe(named, hide_index=True, width="stretch",
                 column_config={"display_name": t("col_employee"), "shares": t("col_shares"),
                                "clicks": t("col_clicks")})

st.subheader(t("top_content"))
st.dataframe(queries.safe(queries.top_content, str(db), version, team, start, end),
             hide_index=True, width="stretch",
             column_config={"title": t("col_title"), "shares": t("col_shares")})

st.subheader(t("themes"))
with read_only(db) as store:
    themes = team_themes(store, team, lang=lang(), min_group_size=k, checker=checker())
if not themes:
    st.caption(t("no_themes"))
for theme in themes:
    with st.container(border=True):
        st.markdown(f"**{theme.title}** · {theme.posts} {t('posts').lower()}")
        st.text(f"{t('tip')} : {theme.tip}")
