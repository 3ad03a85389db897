"""Configuration health: what the database holds, the latest runs, cursors and scoring coverage."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.i18n import t
from dashboard.settings import x_settings

db = queries.database()
facts = queries.safe(queries.health, str(db), queries.version(db))
st.title(t("page_health"))
st.caption(f"{t('health_db')}: {db}")

scored = facts["scored"].iloc[0]
total = int(scored["total"])
x = x_settings()
reads = facts["x_reads"]
left, right = st.columns(2)
left.metric(t("health_scored"), f"{int(scored['scored'])} / {total}",
            help=f"{(int(scored['scored']) / total if total else 0):.0%}")
right.metric(t("x_budget"), f"{reads} / {x.monthly_read_budget}",
             help=t("x_budget_help", cost=f"{reads * x.cost_per_read_usd:.2f}",
                    budget=f"{x.monthly_read_budget * x.cost_per_read_usd:.2f}"))

left, right = st.columns([1, 2])
with left:
    st.subheader(t("health_counts"))
    st.dataframe(facts["counts"], hide_index=True, width="stretch",
                 column_config={"table": t("table"), "rows": t("rows")})
with right:
    st.subheader(t("health_runs"))
    st.dataframe(facts["runs"], hide_index=True, width="stretch")
    st.subheader(t("health_cursors"))
    st.dataframe(facts["cursors"], hide_index=True, width="stretch")
