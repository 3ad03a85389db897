"""My consent: the employee's own state, scopes and declared handles; accept or change them,
withdraw in one click; their consent history. Their own data only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ambassade.errors import AmbassadeError, one_line
from dashboard import queries
from dashboard.display import DATETIME_FORMAT, brand_zone, heading, subheading, timed
from dashboard.i18n import t
from dashboard.people import pick_me
from store.enrolment import NETWORKS, SCOPES

NETWORK_NAMES = {"x": "X", "reddit": "Reddit", "mastodon": "Mastodon", "bluesky": "Bluesky"}

db = queries.database()
version = queries.version(db)
heading(t("page_consent"))
st.caption(t("consent_intro"))
me = pick_me("consent_who")
who = queries.safe(queries.person, str(db), version, me)
handles, history = queries.safe(queries.consent, str(db), version, me)
if "consent_flash" in st.session_state:
    st.success(st.session_state.pop("consent_flash"))
st.metric(t("state"), t(f"state_{who.state}"))

with st.form(f"consent_form:{me}", border=True):
    subheading(t("consent_scopes"))
    chosen = [s for s in SCOPES if st.checkbox(t(f"scope_{s}"), value=s in who.scopes, key=f"scope:{me}:{s}")]
    subheading(t("consent_handles"))
    typed = {n: st.text_input(t("handle_for", network=NETWORK_NAMES[n]), value=handles.get(n, ""),
                              max_chars=101, key=f"handle:{me}:{n}") for n in NETWORKS}
    saved = st.form_submit_button(t("consent_save"), type="primary")
if saved:
    try:
        queries.accept_consent(str(db), me, chosen, typed)
    except AmbassadeError as exc:
        st.error(one_line(exc, limit=300))
    else:
        st.session_state["consent_flash"] = t("consent_saved")
        st.rerun()

if who.state != "withdrawn" and st.button(t("consent_withdraw"), key=f"withdraw:{me}"):
    try:
        queries.withdraw_consent(str(db), me)
    except AmbassadeError as exc:   # e.g. the database stayed busy: said in one line, try again
        st.error(one_line(exc, limit=300))
    else:
        st.session_state["consent_flash"] = t("consent_withdrawn")
        st.rerun()

subheading(t("consent_history"))
st.dataframe(pd.DataFrame([{**h, "scopes": ", ".join(h["scopes"]), "networks": ", ".join(h["networks"])}
                           for h in history], columns=["at", "event", "scopes", "networks", "screen"]),
             hide_index=True, width="stretch", column_config={
                 "at": st.column_config.DatetimeColumn(timed(t("col_date")), format=DATETIME_FORMAT, timezone=brand_zone()),
                 "event": t("col_event"), "scopes": t("col_scopes"), "networks": t("col_networks"),
                 "screen": t("col_screen")})
