"""Configuration health: what the database holds, the latest runs, cursors and scoring coverage."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.i18n import t

db = queries.database()
facts = queries.safe(queries.health, str(db), queries.version(db))
st.title(t("page_health"))
st.caption(f"{t('health_db')}: {db}")

scored = facts["scored"].iloc[0]
total = int(scored["total"])
st.metric(t("health_scored"), f"{int(scored['scored'])} / {total}",
          help=f"{(int(scored['scored']) / total if total else 0):.0%}")

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
