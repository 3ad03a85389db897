"""Programme (comms team): invitations, enrolments, withdrawals, content and proposals, as
counts only: never a list of who declined or withdrew."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from dashboard import queries
from dashboard.i18n import t
from dashboard.display import heading, subheading

db = queries.database()
version = queries.version(db)
heading(t("page_programme"))
st.caption(t("programme_intro"))
counts = queries.safe(queries.programme_counts, str(db), version)
columns = st.columns(3)
for column, state in zip(columns, ("invited", "enrolled", "withdrawn")):
    column.metric(t(f"state_{state}"), counts.get(state, 0))

subheading(t("content_states"))
items = Counter(i.state for i in queries.safe(queries.library, str(db), version))
columns = st.columns(4)
for column, state in zip(columns, ("proposed", "approved", "expired", "rejected")):
    column.metric(t(f"content_{state}"), items.get(state, 0))

subheading(t("proposal_states"))
proposals = Counter(p.state for p in queries.safe(queries.proposal_queue, str(db), version, None))
columns = st.columns(3)
for column, state in zip(columns, ("pending", "approved", "declined")):
    column.metric(t(f"proposal_{state}"), proposals.get(state, 0))
