"""Incidents on the dashboard: the grid of the overview and the incidents page, and one
incident opened on its drivers, summary, curve and mentions. Internet text is shown only as
text or in data grids; only http(s) links are clickable."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import altair as alt
import pandas as pd
import streamlit as st

from alerts.words import kind_words, severity_words, word
from dashboard import queries
from dashboard.display import bar, localised
from dashboard.i18n import lang, t

MENTIONS_SHOWN = 200


def local(moment: datetime, tz: str) -> str:
    """'2026-11-21 18:00' in the brand's time zone."""
    moment = moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def incident_grid(found: list[dict], tz: str) -> pd.DataFrame:
    """One row per incident, in words."""
    lg = lang()
    return pd.DataFrame([{
        t("inc_start"): local(r["starts_at"], tz),
        t("inc_end"): word("ongoing", lg) if r["ongoing"] else local(r["ends_at"], tz),
        t("inc_severity"): severity_words(r["severity"], lg),
        t("inc_kinds"): " + ".join(kind_words(k, lg) for k in r["kinds"]),
        t("mentions"): int(r["mentions"]),
        t("inc_terms"): ", ".join(x["term"] for x in (r["drivers"] or {}).get("terms", [])[:5]),
    } for r in found])


def show_grid(found: list[dict], tz: str) -> None:
    st.dataframe(incident_grid(found, tz), hide_index=True, width="stretch",
                 column_config={t("inc_severity"): st.column_config.TextColumn(help=t("inc_severity_help")),
                                t("inc_terms"): st.column_config.TextColumn(help=t("inc_terms_help"))})


def title(row: dict, tz: str) -> str:
    """An expander's label: only our own words and times (a label is read as Markdown)."""
    lg = lang()
    end = word("ongoing", lg) if row["ongoing"] else local(row["ends_at"], tz)
    kinds = " + ".join(kind_words(k, lg) for k in row["kinds"])
    return f"{local(row['starts_at'], tz)} → {end} · {kinds} · {t('inc_severity')} {severity_words(row['severity'], lg)}"


def _web(url: object) -> str | None:
    return url if isinstance(url, str) and url.lower().startswith(("https://", "http://")) else None


def _mention_grid(frame: pd.DataFrame, tz: str) -> None:
    if frame.empty:
        return
    shown = pd.DataFrame({
        t("inc_time"): [local(v.to_pydatetime(), tz) for v in frame["created_at"]],
        t("source"): frame["source"], t("inc_author"): frame["author"], t("inc_text"): frame["text"],
        "url": [_web(u) for u in frame["url"]],
    })
    st.dataframe(shown, hide_index=True, width="stretch",
                 column_config={"url": st.column_config.LinkColumn(t("inc_link"), display_text="↗")})


def show_incident(db: str, version: float, row: dict, tz: str, steps: list[str]) -> None:
    """One incident opened: its figures, drivers, curve, summary, first mentions, response, mentions."""
    drivers = row["drivers"] or {"terms": [], "sources": [], "authors": []}
    c1, c2, c3 = st.columns(3)
    c1.metric(t("mentions"), int(row["mentions"]))
    c2.metric(t("inc_peak"), local(row["peak_at"], tz))
    c3.metric(t("inc_severity"), severity_words(row["severity"], lang()))
    c3.caption(t("inc_severity_help"))
    left, right = st.columns([3, 2])
    with left:
        st.caption(t("inc_terms"))
        st.caption(t("inc_terms_help"))
        terms = pd.DataFrame(drivers["terms"])
        if not terms.empty:
            st.dataframe(terms[["term", "mentions", "share", "baseline_share", "z"]], hide_index=True, width="stretch",
                         column_config={"term": t("inc_terms"), "mentions": t("mentions"),
                                        "share": st.column_config.NumberColumn(t("inc_share"), format="percent"),
                                        "baseline_share": st.column_config.NumberColumn(t("inc_usual_share"), format="percent"),
                                        "z": bar(t("inc_strength"), 0, max(10.0, float(terms["z"].max())), 1)})
    with right:
        st.caption(t("inc_sources"))
        st.dataframe(pd.DataFrame(drivers["sources"]), hide_index=True, width="stretch",
                     column_config={"source": t("source"), "mentions": t("mentions")})
        st.caption(t("inc_authors"))
        authors = pd.DataFrame(drivers["authors"])
        if not authors.empty:
            st.dataframe(authors, hide_index=True, width="stretch",
                         column_config={"source": t("source"), "handle": t("inc_author"),
                                        "followers": t("inc_followers"), "mentions": t("mentions")})
    start, end = row["starts_at"] - timedelta(hours=12), row["ends_at"] + timedelta(hours=12)
    curve = queries.safe(queries.incident_curve, db, version, start, end)
    if not curve.empty:
        st.caption(t("inc_curve"))
        per_hour = curve.groupby("hour", as_index=False)[["mentions", "negative"]].sum()
        per_hour["hour"] = [local(v.to_pydatetime(), tz) for v in per_hour["hour"]]
        st.altair_chart(localised(alt.Chart(per_hour).mark_bar().encode(
            x=alt.X("hour:O", title=t("inc_hour"), axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("mentions:Q", title=t("mentions")),
            tooltip=[alt.Tooltip("hour:O", title=t("inc_hour")), alt.Tooltip("mentions:Q", title=t("mentions")),
                     alt.Tooltip("negative:Q", title=t("inc_negative"))]), t("inc_curve")), width="stretch")
    st.caption(t("inc_summary"))
    summary = queries.safe(queries.incident_mentions, db, version, tuple(row["summary_ids"]))
    for text in summary["text"] if not summary.empty else []:
        st.text(f"« {text} »" if lang() == "fr" else f'"{text}"')
    st.caption(t("inc_first"))
    _mention_grid(queries.safe(queries.incident_mentions, db, version, tuple(row["first_ids"])), tz)
    if steps:
        st.caption(t("inc_response"))
        st.text("\n".join(f"• {s}" for s in steps))
    st.caption(t("inc_mentions"))
    _mention_grid(queries.safe(queries.incident_mentions, db, version,
                               tuple(row["mention_ids"][:MENTIONS_SHOWN])), tz)
