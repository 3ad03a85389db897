"""The demo's "I am" picker for the employee pages (sign-in is another issue).

Each page lists only the people it can serve: suggestions need enrolment with the shares
scope, proposals need enrolment, the consent page serves everyone invited (that is where
one accepts).
"""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.i18n import t


def pick_me(key: str, state: str | None = None, scope: str | None = None) -> str:
    """The chosen person's id; stops the page with a note when nobody fits."""
    db = queries.database()
    found = queries.safe(queries.people, str(db), queries.version(db), state, scope)
    if not found:
        st.info(t("nobody_here"))
        st.stop()
    names = dict(found)
    return st.selectbox(t("who_am_i"), list(names), format_func=names.get, key=key)


def safe_link(url: str | None) -> str | None:
    """An http(s) link may be clickable; anything else is shown as nothing."""
    return url if url and url.lower().startswith(("http://", "https://")) else None
