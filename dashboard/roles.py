"""Which role's pages this run shows: one of the roles the visitor holds (dashboard.auth).

A page not given to st.navigation is not routable, so the role decides what exists. Signed in,
the picker offers only the visitor's own roles (and is hidden when they hold one); in the demo
(127.0.0.1 only, no sign-in) it offers every role and says it is a demo.
"""

from __future__ import annotations

import streamlit as st

from dashboard.access import ROLES, Access
from dashboard.i18n import t

__all__ = ["ROLES", "pick_role"]


def pick_role(access: Access) -> str:
    allowed = [role for role in ROLES if access.may(role)]
    if st.session_state.get("role") not in allowed:
        st.session_state["role"] = allowed[0]     # a role this visitor does not hold is never kept
    if access.signed_in and len(allowed) == 1:
        return allowed[0]
    labels = {role: t(f"role_{role}") for role in allowed}
    with st.sidebar:
        role = st.radio(t("role"), allowed, format_func=labels.get, key="role")
        if not access.signed_in:
            st.caption(t("demo_roles"))
    return role
