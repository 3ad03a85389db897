"""Overview: volume and sentiment over time by source, sentiment split, share of voice against
competitors, topics, incidents. Public mentions only unless the sidebar's toggle adds our own voice."""

from __future__ import annotations

import altair as alt
import streamlit as st

from ambassade.text.topics import ignored_words
from dashboard import queries
from dashboard.charts import sentiment_by_day
from dashboard.display import (DAY_FORMAT, brand_zone, change_percent, decimals, heading, localised, number,
                               sample_percent, subheading, timed)
from dashboard.filters import listening_window
from dashboard.i18n import t
from dashboard.incidents_view import show_grid
from dashboard.settings import configured

LABEL_COLOURS = {"positive": "#2e7d32", "neutral": "#9e9e9e", "negative": "#c62828", "unscored": "#e0e0e0"}

w = listening_window()
heading(t("page_overview"))

settings = configured()
# Whole days of [brand] timezone are read from the daily table (store/daily.py), the partial
# days at the windows' ends once for all four reads (store/listening.py `overview`); the window
# before gives the deltas (no authors' delta: its distinct count is not read).
figures = queries.safe(queries.overview, w.db, w.version, settings.brand.name if settings else "",
                       w.start, w.end, w.sources, w.include_own, brand_zone())
now, before = figures.totals, figures.previous
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("mentions"), number(int(now["mentions"])),
          delta=number(int(now["mentions"] - before["mentions"])))
c1.caption(t("vs_previous"))
c2.metric(t("authors"), number(int(now["authors"])))
c3.metric(t("positive_share"), f"{number(now['positive'] * 100)} %",
          delta=f"{(now['positive'] - before['positive']) * 100:+.0f} pts")
c4.metric(t("negative_share"), f"{number(now['negative'] * 100)} %",
          delta=f"{(now['negative'] - before['negative']) * 100:+.0f} pts", delta_color="inverse")

daily = figures.daily
if daily.empty:
    st.info(t("no_data"))
    st.stop()
labels = {k: t(k) for k in LABEL_COLOURS}
day_axis = alt.X("day:T", title=timed(t("day")), axis=alt.Axis(format=DAY_FORMAT, labelAngle=-45))
day_tip = alt.Tooltip("day:T", title=t("day"), format="%A %d %B")

subheading(t("volume_by_source"))
by_source = daily.groupby(["day", "source"], as_index=False)["mentions"].sum()
st.altair_chart(
    localised(alt.Chart(by_source).mark_bar().encode(
        x=day_axis,
        y=alt.Y("mentions:Q", title=t("mentions")),
        color=alt.Color("source:N", title=t("source")),
        tooltip=[day_tip, alt.Tooltip("source:N", title=t("source")),
                 alt.Tooltip("mentions:Q", title=t("mentions"))],
    ), t("volume_by_source")),
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
    subheading(t("sentiment_over_time"))
    st.altair_chart(
        localised(alt.Chart(by_label).mark_area().encode(
            x=day_axis,
            y=alt.Y("mentions:Q", stack="normalize", title=t("share_pct"), axis=alt.Axis(format="%")),
            color=colour,
            order=alt.Order("rank:Q"),
            tooltip=[day_tip, alt.Tooltip("sentiment:N", title=t("sentiment")),
                     alt.Tooltip("mentions:Q", title=t("mentions"))],
        ), t("sentiment_over_time")),
        width="stretch",
    )
with right:
    subheading(t("share_of_voice"))
    share = by_label.groupby(["sentiment", "rank"], as_index=False)["mentions"].sum()
    share = share[share["mentions"] > 0]
    share["share"] = share["mentions"] / share["mentions"].sum()
    st.altair_chart(
        localised(alt.Chart(share).mark_arc(innerRadius=50).encode(
            theta="mentions:Q", color=colour, order=alt.Order("rank:Q"),
            tooltip=[alt.Tooltip("sentiment:N", title=t("sentiment")),
                     alt.Tooltip("mentions:Q", title=t("mentions")),
                     alt.Tooltip("share:Q", title=t("share_pct"), format=".0%")],
        ), t("share_of_voice")),
        width="stretch",
    )

subheading(t("voice_title"))
st.caption(t("voice_help"))
if settings is None or not settings.brand.competitors:
    st.caption(t("voice_none"))
else:
    voices = figures.voices
    if voices.empty:
        st.caption(t("no_data"))
    else:
        weekly = voices.assign(week=voices["day"].dt.to_period("W").dt.start_time)
        weekly = weekly.groupby(["week", "voice"], as_index=False)["mentions"].sum()
        weekly["share"] = weekly["mentions"] / weekly.groupby("week")["mentions"].transform("sum")
        v_left, v_right = st.columns([2, 1])
        with v_left:
            st.altair_chart(
                localised(alt.Chart(weekly).mark_line(point=True).encode(
                    x=alt.X("week:T", title=t("week"), axis=alt.Axis(format="%d %b")),
                    y=alt.Y("share:Q", title=t("voice_share"), axis=alt.Axis(format="%")),
                    color=alt.Color("voice:N", title=t("voice")),
                    tooltip=[alt.Tooltip("week:T", title=t("week"), format="%d %B %Y"),
                             alt.Tooltip("voice:N", title=t("voice")),
                             alt.Tooltip("mentions:Q", title=t("mentions")),
                             alt.Tooltip("share:Q", format=".0%", title=t("voice_share"))],
                ), t("voice_title")),
                width="stretch",
            )
        with v_right:
            summary = voices.groupby("voice", as_index=False).agg(
                mentions=("mentions", "sum"), positive=("positive", "sum"), negative=("negative", "sum"))
            summary["share"] = summary["mentions"] / summary["mentions"].sum()
            weighted = (voices["sentiment"].fillna(0) * voices["mentions"]).groupby(voices["voice"]).sum()
            summary["sentiment"] = summary["voice"].map(weighted) / summary["mentions"]
            st.dataframe(summary[["voice", "mentions", "share", "sentiment"]], hide_index=True, width="stretch",
                         column_config={
                             "voice": t("voice"), "mentions": t("mentions"),
                             "share": st.column_config.NumberColumn(t("voice_share"), format="percent"),
                             "sentiment": decimals(t("voice_sentiment")),
                         })

subheading(t("topics_title"))
st.caption(t("topics_help"))
ignore = tuple(ignored_words(settings.brand.languages if settings else ("fr", "en"),
                             settings.brand.terms if settings else ()))
found_topics = queries.safe(queries.topics, w.db, w.version, w.start, w.end, w.sources, ignore, w.include_own,
                            brand_zone())
if found_topics.empty:
    st.caption(t("no_data"))
else:
    if found_topics.attrs.get("sample_rate", 1.0) < 1.0:
        st.caption(t("topics_sampled", percent=sample_percent(found_topics.attrs["sample_rate"])))
    found_topics["kind"] = found_topics["kind"].map(lambda k: t(f"topic_{k}"))
    found_topics["trend"] = [
        t("topic_new") if before == 0 else change_percent((now_n - before) / before)
        for now_n, before in zip(found_topics["mentions"], found_topics["previous"])]
    st.dataframe(found_topics, hide_index=True, width="stretch",
                 column_config={"topic": t("topic"), "kind": t("topic_kind"), "mentions": t("mentions"),
                                "previous": t("topic_previous"), "trend": t("topic_trend")})

subheading(t("incidents"))
tz = settings.brand.timezone if settings else "Europe/Paris"
found = queries.safe(queries.incidents, w.db, w.version, w.start, w.end)
if not found:
    st.caption(t("no_incidents"))
else:
    st.caption(t("incidents_intro", tz=tz))
    show_grid(found, tz)
    st.page_link("pages/incidents.py", label=t("incidents_open"), icon=":material/crisis_alert:")
