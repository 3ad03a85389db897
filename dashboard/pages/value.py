"""What shares brought, in the comms team's terms; recognition; authenticity guards."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.display import choice, dashes, decimals, heading, number, subheading
from dashboard.i18n import lang, t
from dashboard.settings import links_settings
from links.recognition import badges

db = queries.database()
version = queries.version(db)
cfg = links_settings()
heading(t("page_value"))
st.caption(t("value_explained", cpc=number(cfg.cost_per_click, 2), currency=cfg.currency))

days = choice(t("period"), [30, 90, 365], index=1, format_func=lambda d: t("last_days", days=d), key="value_days")
# The window ends at the next 5-minute mark (queries.window), not at this very microsecond:
# an end that moved on every run made every read of this page miss its cache (20 s warm at 1M).
start, end = queries.window(None, days)
money = f"{t('col_value')} ({cfg.currency})"
tabs = st.tabs([t("by_content"), t("by_team"), t("by_network"), t("by_week")])
for tab, by in zip(tabs, ("content", "team", "network", "week")):
    with tab:
        frame = queries.safe(queries.value_table, str(db), version, by, start, end, cfg.cost_per_click)
        if frame.empty:
            st.info(t("no_data"))
            continue
        st.metric(money, f"{number(float(frame['value'].sum()), 2)} {cfg.currency}")
        st.dataframe(dashes(frame, ["reach"]), hide_index=True, width="stretch",   # reach unknown: "—"
                     column_config={
            by: t(f"col_{by}") if by != "content" else t("col_title"), "shares": t("col_shares"),
            "reach": t("col_reach_estimate"), "clicks": t("col_human_clicks"), "bot_hits": t("col_bot_hits"),
            "value": decimals(money)})

subheading(t("leaderboard"))
st.caption(t("leaderboard_note"))
board = queries.safe(queries.leaderboard, str(db), version, start, end,
                     (cfg.points_per_share, cfg.points_per_click, cfg.daily_share_cap))
named = board.named.copy()
if not named.empty:
    named["badges"] = [" · ".join(badges(row, lang())) for row in named.to_dict("records")]
others = pd.DataFrame([{"display_name": t("others", n=board.others_people), "points": board.others_points}])
st.dataframe(dashes(pd.concat([named[["display_name", "team", "shares", "clicks", "points", "badges"]]
                               if not named.empty else named, others], ignore_index=True),
                    ["team", "shares", "clicks", "points", "badges"]),
             hide_index=True, width="stretch",
             column_config={"display_name": t("col_employee"), "team": t("col_team"), "shares": t("col_shares"),
                            "clicks": t("col_human_clicks"), "points": t("col_points"), "badges": t("col_badges")})

subheading(t("authenticity"))
copies, coordinated = queries.safe(queries.authenticity, str(db), version, start, end,
                                   cfg.coordination_hours, cfg.coordination_accounts)
st.markdown(f"**{t('copy_theme')}**")
st.caption(t("copy_theme_note"))
if copies:
    st.dataframe(pd.DataFrame([{"example": c.example, "posts": c.posts, "employees": c.employees} for c in copies]),
                 hide_index=True, width="stretch",
                 column_config={"example": t("col_example"), "posts": t("col_posts"), "employees": t("col_people")})
else:
    st.info(t("nothing_found"))
st.markdown(f"**{t('coordination')}**")
st.caption(t("coordination_note", accounts=cfg.coordination_accounts, hours=cfg.coordination_hours))
if coordinated.empty:
    st.info(t("nothing_found"))
else:
    groups = int(coordinated["groups"].iloc[0])
    if groups > len(coordinated):
        st.caption(t("coordination_shown", shown=number(len(coordinated)), groups=number(groups)))
    st.dataframe(coordinated.drop(columns=["mention_ids", "groups"]), hide_index=True, width="stretch",
                 column_config={"text": t("col_example"), "sources": t("source"), "accounts": t("col_accounts"),
                                "first_seen": t("col_first_seen"), "last_seen": t("col_last_seen")})
