"""Overview: volume and sentiment over time by source, sentiment share, alerts."""

from __future__ import annotations

import altair as alt
import streamlit as st

from dashboard import queries
from dashboard.charts import sentiment_by_day
from dashboard.display import DATETIME_FORMAT, DAY_FORMAT, brand_zone, localised, number, timed
from dashboard.filters import listening_window
from dashboard.i18n import LABELS, t

LABEL_COLOURS = {"positive": "#2e7d32", "neutral": "#9e9e9e", "negative": "#c62828", "unscored": "#e0e0e0"}

w = listening_window()
st.title(t("page_overview"))

now = queries.safe(queries.totals, w.db, w.version, w.start, w.end, w.sources)
before = queries.safe(queries.totals, w.db, w.version, w.start - (w.end - w.start), w.start, w.sources)
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("mentions"), number(int(now["mentions"])),
          delta=number(int(now["mentions"] - before["mentions"])), help=t("vs_previous"))
c2.metric(t("authors"), number(int(now["authors"])))
c3.metric(t("positive_share"), f"{number(now['positive'] * 100)} %",
          delta=f"{(now['positive'] - before['positive']) * 100:+.0f} pts")
c4.metric(t("negative_share"), f"{number(now['negative'] * 100)} %",
          delta=f"{(now['negative'] - before['negative']) * 100:+.0f} pts", delta_color="inverse")

daily = queries.safe(queries.daily, w.db, w.version, w.start, w.end, w.sources, brand_zone())
if daily.empty:
    st.info(t("no_data"))
    st.stop()
labels = {k: t(k) for k in LABEL_COLOURS}
day_axis = alt.X("day:T", title=timed(t("day")), axis=alt.Axis(format=DAY_FORMAT, labelAngle=-45))
day_tip = alt.Tooltip("day:T", title=t("day"), format="%A %d %B")

st.subheader(t("volume_by_source"))
by_source = daily.groupby(["day", "source"], as_index=False)["mentions"].sum()
st.altair_chart(
    localised(alt.Chart(by_source).mark_bar().encode(
        x=day_axis,
        y=alt.Y("mentions:Q", title=t("mentions")),
        color=alt.Color("source:N", title=t("source")),
        tooltip=[day_tip, alt.Tooltip("source:N", title=t("source")),
                 alt.Tooltip("mentions:Q", title=t("mentions"))],
    )),
    width="stretch",
)

left, right = st.columns([2, 1])
# The colour scale names every label in a fixed order, with its colour at the same place, and
# every (day, label) pair has a row (zeros included): an area chart interpolates across a
# missing row, which drew days without any negative mention as partly negative.
by_label = sentiment_by_day(daily, labels)
colour = alt.Color("sentiment:N", title=t("sentiment"), sort=list(labels.values()),
                   scale=alt.Scale(domain=list(labels.values()), range=list(LABEL_COLOURS.values())))
with left:
    st.subheader(t("sentiment_over_time"))
    st.altair_chart(
        localised(alt.Chart(by_label).mark_area().encode(
            x=day_axis,
            y=alt.Y("mentions:Q", stack="normalize", title=t("share_pct"), axis=alt.Axis(format="%")),
            color=colour,
            order=alt.Order("rank:Q"),
            tooltip=[day_tip, alt.Tooltip("sentiment:N", title=t("sentiment")),
                     alt.Tooltip("mentions:Q", title=t("mentions"))],
        )),
        width="stretch",
    )
with right:
    st.subheader(t("share_of_voice"))
    share = by_label.groupby(["sentiment", "rank"], as_index=False)["mentions"].sum()
    share = share[share["mentions"] > 0]
    share["share"] = share["mentions"] / share["mentions"].sum()
    st.altair_chart(
        localised(alt.Chart(share).mark_arc(innerRadius=50).encode(
            theta="mentions:Q", color=colour, order=alt.Order("rank:Q"),
            tooltip=[alt.Tooltip("sentiment:N", title=t("sentiment")),
                     alt.Tooltip("mentions:Q", title=t("mentions")),
                     alt.Tooltip("share:Q", title=t("share_pct"), format=".0%")],
        )),
        width="stretch",
    )

st.subheader(t("alerts"))
found = queries.safe(queries.alerts, w.db, w.version, w.start, w.end)
if found.empty:
    st.caption(t("no_alerts"))
else:
    found["kind"] = found["kind"].map(lambda kind: t(f"alert_{kind}") if f"alert_{kind}" in LABELS else kind)
    found["source"] = found["source"].map(lambda source: t("all_sources") if source == "all" else source)
    st.dataframe(
        found, hide_index=True, width="stretch",
        column_config={
            "starts_at": st.column_config.DatetimeColumn(timed(t("col_start")), format=DATETIME_FORMAT,
                                                         timezone=brand_zone()),
            "kind": t("col_kind"), "source": t("source"),
            "observed": st.column_config.NumberColumn(t("col_observed"), format="%.2f"),
            "expected": st.column_config.NumberColumn(t("col_expected"), format="%.2f"),
            "score": st.column_config.NumberColumn(t("col_z"), format="%.1f", help=t("col_z_help")),
            "mentions": t("mentions"),
        },
    )
