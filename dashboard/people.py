"""Who "me" is on the employee pages: the signed-in person, or the demo's "I am" picker.

Each page lists only the people it can serve: suggestions need enrolment with the shares
scope, proposals need enrolment, the consent page serves everyone invited (that is where
one accepts).
"""

from __future__ import annotations

import streamlit as st

from dashboard import auth, queries
from dashboard.display import choice
from dashboard.i18n import t


def pick_me(key: str, state: str | None = None, scope: str | None = None) -> str:
    """The signed-in person's id (the demo: the chosen one's); stops the page with a note when
    this page cannot serve them."""
    db = queries.database()
    found = queries.safe(queries.people, str(db), queries.version(db), state, scope)
    access = auth.access()
    if access.signed_in:
        # Signed in, nobody else can be picked: no picker, only the person the e-mail is.
        if access.employee_id is None or access.employee_id not in dict(found):
            st.info(t("not_for_you_yet"))
            st.stop()
        return access.employee_id
    if not found:
        st.info(t("nobody_here"))
        st.stop()
    names = dict(found)
    return choice(t("who_am_i"), list(names), format_func=names.get, key=key)


def safe_link(url: str | None) -> str | None:
    """An http(s) link may be clickable; anything else is shown as nothing."""
    return url if url and url.lower().startswith(("http://", "https://")) else None
