"""An employee's own page: their shares, the clicks on their links, content to share. Nobody else's."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import altair as alt
import streamlit as st

from dashboard import queries
from dashboard.display import brand_zone, choice, heading, localised, subheading
from dashboard.i18n import labelled, lang, t
from dashboard.people import pick_me
from dashboard.settings import brand_name, links_settings
from links.intents import intent_url, mastodon_instance
from links.recognition import badges
from links.share import share_url

NETWORK_NAMES = {"linkedin": "LinkedIn", "x": "X", "facebook": "Facebook", "bluesky": "Bluesky",
                 "mastodon": "Mastodon", "whatsapp": "WhatsApp"}

db = queries.database()
version = queries.version(db)
heading(t("page_me"))

# Shares, clicks and links are the "shares" scope: only people enrolled with it are listed.
me = pick_me("me_who", state="enrolled", scope="shares")
mine = queries.safe(queries.own_activity, str(db), version, me)

left, right = st.columns(2)
with left:
    subheading(t("my_shares"))
    st.metric(t("col_shares"), len(mine["shares"]))
    st.dataframe(mine["shares"].drop(columns="url"), hide_index=True, width="stretch",
                 column_config={"shared_at": st.column_config.DatetimeColumn(t("col_date"), format="DD/MM/YYYY", timezone=brand_zone()),
                                "network": t("col_network"), "title": t("col_title")})
with right:
    subheading(t("my_clicks"))
    st.metric(t("col_clicks"), int(mine["clicks"]["clicks"].sum()) if not mine["clicks"].empty else 0)
    if not mine["clicks"].empty:
        st.altair_chart(localised(alt.Chart(mine["clicks"]).mark_bar().encode(
            x=alt.X("week:T", title=t("week"), axis=alt.Axis(format="%d %b")),
            y=alt.Y("clicks:Q", title=t("col_clicks"))), t("my_clicks")), width="stretch")

subheading(t("to_share"))
# Tracked links (issue 11): each network's intent carries the employee's own /l/<code> link,
# so the click is counted and the post is recognised; the bare content URL is never offered.
cfg = links_settings()
now = datetime.now(timezone.utc)
points = (cfg.points_per_share, cfg.points_per_click, cfg.daily_share_cap)
mine_points = queries.safe(queries.own_points, str(db), version, me, now - timedelta(days=90), now, points)
st.metric(t("my_points"), mine_points["points"])
st.caption(t("points_help", pps=cfg.points_per_share, ppc=cfg.points_per_click, cap=cfg.daily_share_cap))
earned = badges(mine_points, lang())
if earned:
    st.text(labelled(t("my_badges"), " · ".join(earned)))
library = queries.safe(queries.shareable_content, str(db), version)
if library.empty:
    st.info(t("no_data"))
elif not cfg.base_url:
    st.info(t("links_no_base_url"))
elif queries.safe(queries.shares_today, str(db), version, me, now) >= cfg.daily_share_cap:
    st.info(t("share_cap_reached", cap=cfg.daily_share_cap))
else:
    titles = dict(zip(library["id"], library["title"]))
    chosen = choice(t("col_title"), list(titles), format_func=titles.get, key="me_share_content")
    instance = mastodon_instance(queries.safe(queries.mastodon_handle, str(db), version, me))
    networks = tuple(n for n in ("linkedin", "x", "facebook", "bluesky", "mastodon", "whatsapp")
                     if n != "mastodon" or instance)
    key = f"links:{me}:{chosen}"
    if key not in st.session_state:
        st.session_state[key] = queries.safe(queries.share_links, str(db), me, chosen, networks, cfg.expire_days)
    codes = st.session_state[key]
    text = t("share_text", title=titles[chosen], brand=brand_name() or "")
    rows = [{"network": NETWORK_NAMES[n], "link": share_url(cfg.base_url, codes[n]),
             "intent": intent_url(n, text, share_url(cfg.base_url, codes[n]), instance)} for n in networks]
    st.text(labelled(t("share_text_label"), text))
    st.dataframe(rows, hide_index=True, width="stretch", column_config={
        "network": t("col_network"), "link": t("my_link"),
        "intent": st.column_config.LinkColumn(t("share_on"), display_text="↗")})
    st.caption(t("share_note"))
