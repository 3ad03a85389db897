"""Configuration health: each source's state and why, last runs and errors, budget, size, the config."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from collectors.readiness import source_readiness
from dashboard import queries
from dashboard.display import DATETIME_FORMAT, brand_zone, dashes, heading, number, percent, subheading, timed, to_zone
from dashboard.i18n import LABELS, labelled, t
from dashboard.settings import configured, x_settings

STATUSES = {"ok": "status_ok", "failed": "status_error", "running": "status_running"}

db = queries.database()
facts = queries.safe(queries.health, str(db), queries.version(db))
settings = configured()
heading(t("page_health"))
st.caption(labelled(t("health_db"), queries.shown_database(db)))   # never a URL's password


def when(moment, short: bool = False) -> str:
    """A stored UTC time as the brand's wall-clock time, or "jamais"."""
    if moment is None or pd.isna(moment):
        return t("health_never")
    return to_zone(pd.Series([moment])).iloc[0].strftime("%d/%m %H:%M" if short else "%d/%m/%Y %H:%M")


def grid(frame: pd.DataFrame, config: dict) -> None:
    """A grid, or a line saying there is nothing yet (the grid would say "empty")."""
    if frame.empty:
        st.caption(t("none_yet"))
    else:
        st.dataframe(frame, hide_index=True, width="stretch", column_config=config)


def status_word(status: str | None) -> str:
    if status is None or (isinstance(status, float) and pd.isna(status)):
        return ""
    key = STATUSES.get(status, f"status_{status}")
    return t(key) if key in LABELS else status


scored = facts["scored"].iloc[0]
total = int(scored["total"])
x = x_settings()
reads = facts["x_reads"]
size = queries.database_bytes(db)
c1, c2, c3, c4 = st.columns(4)
scored_shown = number(int(scored["scored"]))
if bool(scored.get("approximate", False)):        # PostgreSQL's estimate of the scores (issue 16)
    scored_shown = t("about_n", n=scored_shown)
c1.metric(t("health_scored"), f"{scored_shown} / {number(total)}")
c1.caption(percent(int(scored["scored"]) / total if total else 0))
c2.metric(t("health_last_scoring"), when(facts["last_scoring"], short=True))
c2.caption(timed(t("col_date")))
c3.metric(t("x_budget"), f"{number(reads)} / {number(x.monthly_read_budget)}")
c3.caption(t("x_budget_help", cost=number(reads * x.cost_per_read_usd, 2),
             budget=number(x.monthly_read_budget * x.cost_per_read_usd, 2)))
c4.metric(t("health_db_size"), t("size_mb", n=number(size / 1_000_000, 1)))

# -- the sources: on or off and why, with their last run ------------------------------------
subheading(t("health_sources"))
jobs = facts["jobs"].set_index("job") if not facts["jobs"].empty else pd.DataFrame()
if settings is None:
    st.info(t("health_no_config"))
else:
    rows = []
    for ready in source_readiness(settings):
        why = (t("why_missing_secret", names=", ".join(ready.missing)) if ready.why == "missing_secret"
               else t(f"why_{ready.why}"))
        run = jobs.loc[f"collect:{ready.source}"] if f"collect:{ready.source}" in jobs.index else None
        rows.append({
            "source": ready.source, "state": t("source_on" if ready.on else "source_off"), "why": why,
            "listens": ", ".join(ready.queries) or t("none_configured"),
            "last_run": when(None if run is None else run["started_at"]),
            "status": "" if run is None else status_word(run["status"]),
            "items": "—" if run is None else number(int(run["items"])),
            "errors": "—" if run is None else number(int(run["errors"])),
            "last_error": "" if run is None or pd.isna(run["last_error"]) else run["last_error"],
        })
    sources = pd.DataFrame(rows)
    st.dataframe(sources, hide_index=True, width="stretch", column_config={
        "source": t("source"), "state": t("col_state"), "why": t("col_why"), "listens": t("col_query"),
        "last_run": timed(t("col_last_run")),
        "status": t("col_status"), "items": t("col_items"), "errors": t("col_errors"),
        "last_error": st.column_config.TextColumn(t("col_last_error"), width="large"),
    })

    subheading(t("health_config"))
    left, middle, right = st.columns(3)
    with left:
        st.markdown(f"**{t('health_brand_terms')}**")
        st.text("\n".join(settings.brand.terms) or t("none_configured"))
    with middle:
        st.markdown(f"**{t('health_feeds')}**")
        st.text("\n".join(settings.rss.feeds) or t("none_configured"))
    with right:
        st.markdown(f"**{t('health_content_feeds')}**")
        st.text("\n".join(settings.rss.content_feeds) or t("none_configured"))

# -- the journal ------------------------------------------------------------------------------
subheading(t("health_runs"))
runs = facts["runs"].copy()
runs["status"] = runs["status"].map(status_word)
runs["message"] = runs["message"].fillna("")
runs = dashes(runs, ["started_at", "finished_at"])        # a running job has no end yet: "—"
stamp = {"timezone": brand_zone(), "format": DATETIME_FORMAT}
grid(runs, {
    "job": t("col_job"), "started_at": timed(t("col_started")), "finished_at": timed(t("col_finished")),
    "status": t("col_status"), "items": t("col_items"), "errors": t("col_errors"),
    "skipped": t("col_skipped"), "message": st.column_config.TextColumn(t("col_message"), width="large"),
})

left, right = st.columns([1, 2])
with left:
    subheading(t("health_counts"))
    counts = facts["counts"].copy()
    # A table another part adds later shows its own name until it has words here.
    counts["table"] = counts["table"].map(lambda name: t(f"table_{name}") if f"table_{name}" in LABELS else name)
    # PostgreSQL's big tables are estimated, not counted (issue 16): said so, in words.
    estimated = bool(counts["approximate"].any())
    if estimated:
        counts["rows"] = [t("about_n", n=number(rows)) if about else number(rows)
                          for rows, about in zip(counts["rows"], counts["approximate"])]
    st.dataframe(counts[["table", "rows"]], hide_index=True, width="stretch",
                 column_config={"table": t("table"), "rows": t("rows")})
    if estimated:
        st.caption(t("health_counts_estimated"))
with right:
    subheading(t("health_cursors"))
    grid(facts["cursors"], {
        "source": t("source"), "query": t("col_query"),
        "updated_at": st.column_config.DatetimeColumn(timed(t("col_updated")), **stamp),
    })
