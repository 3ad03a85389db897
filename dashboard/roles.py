"""Who is looking: the role picks which pages exist (a page not given to st.navigation is not routable).

There is no sign-in yet: the picker is meant for the demo and for a dashboard bound to
127.0.0.1. Employees see only their own page; managers only aggregates.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t

ROLES = ("comms", "employee", "manager")


def pick_role() -> str:
    labels = {role: t(f"role_{role}") for role in ROLES}
    with st.sidebar:
        role = st.radio(t("role"), ROLES, format_func=labels.get, key="role")
        st.caption(t("demo_roles"))
    return role
