"""Overview: volume and sentiment over time by source, sentiment share, incidents."""

from __future__ import annotations

import altair as alt
import streamlit as st

from dashboard import queries
from dashboard.filters import listening_window
from dashboard.i18n import t
from dashboard.incidents_view import show_grid
from dashboard.settings import configured

LABEL_COLOURS = {"positive": "#2e7d32", "neutral": "#9e9e9e", "negative": "#c62828", "unscored": "#e0e0e0"}

w = listening_window()
st.title(t("page_overview"))

now = queries.safe(queries.totals, w.db, w.version, w.start, w.end, w.sources)
before = queries.safe(queries.totals, w.db, w.version, w.start - (w.end - w.start), w.start, w.sources)
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("mentions"), f"{int(now['mentions']):,}".replace(",", " "),
          delta=int(now["mentions"] - before["mentions"]), help=t("vs_previous"))
c2.metric(t("authors"), int(now["authors"]))
c3.metric(t("positive_share"), f"{now['positive']:.0%}",
          delta=f"{(now['positive'] - before['positive']) * 100:+.0f} pts")
c4.metric(t("negative_share"), f"{now['negative']:.0%}",
          delta=f"{(now['negative'] - before['negative']) * 100:+.0f} pts", delta_color="inverse")

daily = queries.safe(queries.daily, w.db, w.version, w.start, w.end, w.sources)
if daily.empty:
    st.info(t("no_data"))
    st.stop()
labels = {k: t(k) for k in LABEL_COLOURS}
daily["sentiment"] = daily["label"].map(labels)

st.subheader(t("volume_by_source"))
by_source = daily.groupby(["day", "source"], as_index=False)["mentions"].sum()
st.altair_chart(
    alt.Chart(by_source).mark_bar().encode(
        x=alt.X("day:T", title=t("day")),
        y=alt.Y("mentions:Q", title=t("mentions")),
        color=alt.Color("source:N", title=t("source")),
        tooltip=[alt.Tooltip("day:T", title=t("day")), "source:N", "mentions:Q"],
    ),
    width="stretch",
)

left, right = st.columns([2, 1])
colour = alt.Color("sentiment:N", title=t("sentiment"),
                   scale=alt.Scale(domain=list(labels.values()), range=list(LABEL_COLOURS.values())))
with left:
    st.subheader(t("sentiment_over_time"))
    by_label = daily.groupby(["day", "sentiment"], as_index=False)["mentions"].sum()
    st.altair_chart(
        alt.Chart(by_label).mark_area().encode(
            x=alt.X("day:T", title=t("day")),
            y=alt.Y("mentions:Q", stack="normalize", title="%"),
            color=colour,
            tooltip=[alt.Tooltip("day:T", title=t("day")), "sentiment:N", "mentions:Q"],
        ),
        width="stretch",
    )
with right:
    st.subheader(t("share_of_voice"))
    share = daily.groupby("sentiment", as_index=False)["mentions"].sum()
    share["share"] = share["mentions"] / share["mentions"].sum()
    st.altair_chart(
        alt.Chart(share).mark_arc(innerRadius=50).encode(
            theta="mentions:Q", color=colour,
            tooltip=["sentiment:N", "mentions:Q", alt.Tooltip("share:Q", format=".0%")],
        ),
        width="stretch",
    )

st.subheader(t("incidents"))
settings = configured()
tz = settings.brand.timezone if settings else "Europe/Paris"
found = queries.safe(queries.incidents, w.db, w.version, w.start, w.end)
if not found:
    st.caption(t("no_incidents"))
else:
    st.caption(t("incidents_intro", tz=tz))
    show_grid(found, tz)
    st.page_link("pages/incidents.py", label=t("incidents_open"), icon=":material/crisis_alert:")
