"""Managers' team summary: aggregates only (at least k people), names only for those who agreed.

The store enforces both rules: below the minimum group size it returns nothing to show.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import streamlit as st

from dashboard import auth, queries
from dashboard.i18n import labelled, lang, t
from dashboard.settings import checker, config_key, configured, min_group_size
from dashboard.display import choice, heading, subheading
from exports.options import WeeklyOptions
from exports.weekly import team_folder
from exports.weeks import recent_weeks

db = queries.database()
version = queries.version(db)
k = min_group_size()
heading(t("page_team"))

# Signed in, a manager picks only among the teams they lead ([exports] managers).
teams = auth.access().visible_teams(queries.safe(queries.teams, str(db), version))
if not teams:
    st.info(t("no_data"))
    st.stop()
team = choice(t("team"), teams, key="team_pick")
end = datetime.now(timezone.utc)
start = end - timedelta(days=30)
summary = queries.safe(queries.team_participation, str(db), version, team, start, end, k)
if summary is None:
    st.warning(t("team_too_small", k=k))
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric(t("participants"), summary.people)
c2.metric(t("active_sharers"), summary.active)
c3.metric(t("col_shares"), summary.shares)
c4.metric(t("col_clicks"), summary.clicks)
st.caption(t("days", n=30))

if not summary.named.empty:
    subheading(t("named_people"))
    st.dataframe(summary.named, hide_index=True, width="stretch",
                 column_config={"display_name": t("col_employee"), "shares": t("col_shares"),
                                "clicks": t("col_clicks")})

subheading(t("top_content"))
st.dataframe(queries.safe(queries.top_content, str(db), version, team, start, end, k),
             hide_index=True, width="stretch",
             column_config={"title": t("col_title"), "shares": t("col_shares")})

subheading(t("weekly_files"))
options = WeeklyOptions.from_settings(configured())
weeks = recent_weeks(end, options.timezone, 8)
st.caption(t("weekly_files_help"))
week = choice(t("week"), [w.label for w in weeks], key="team_week")
archive = queries.safe(queries.weekly_zip, str(db), version, team, week, config_key(), options)
if archive is not None:
    st.download_button(t("download_weekly"), data=archive, file_name=f"{week}_{team_folder(team)}.zip",
                       mime="application/zip", key="team_download")

subheading(t("themes"))
themes = queries.safe(queries.themes, str(db), version, team, lang(), k, config_key(), checker())
if not themes:
    st.caption(t("no_themes"))
for theme in themes:
    with st.container(border=True):
        st.markdown(f"**{theme.title}** · {theme.posts} {t('posts').lower()}")
        st.text(labelled(t("tip"), theme.tip))
