"""Incidents: the alerts merged, each opening on what drives it and its mentions."""

from __future__ import annotations

import streamlit as st

from alerts.response import response_path
from dashboard import queries
from dashboard.filters import listening_window
from dashboard.i18n import lang, t
from dashboard.incidents_view import show_grid, show_incident, title
from dashboard.settings import configured
from dashboard.display import heading

w = listening_window()
heading(t("page_incidents"))
settings = configured()
tz = settings.brand.timezone if settings else "Europe/Paris"
st.caption(t("incidents_intro", tz=tz))
found = queries.safe(queries.incidents, w.db, w.version, w.start, w.end)
if not found:
    st.info(t("no_incidents"))
    st.stop()
show_grid(found, tz)
steps = response_path(settings, lang()) if settings else []
for n, row in enumerate(found):
    with st.expander(title(row, tz), expanded=n == 0):
        show_incident(w.db, w.version, row, tz, steps)
