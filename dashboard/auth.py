"""Sign-in: who is looking, decided before any page is routed.

With an OpenID Connect provider (an `[auth]` table in Streamlit's secrets, which
`ambassade dashboard` writes from `[dashboard.sign_in]` and the environment), the visitor signs
in with `st.login` and their e-mail gives their roles (dashboard.access). A visitor who is not
signed in, or holds no role, is given one page and nothing else: st.navigation never receives
the others, so no URL reaches them.

Without a provider, the demo's role switcher is shown, and only to this machine: the launcher
binds 127.0.0.1, and a visitor from another address (a server started by hand on 0.0.0.0) is
refused here too.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from dashboard import queries
from dashboard.access import DEMO, Access, resolve
from dashboard.display import heading
from dashboard.i18n import t
from dashboard.settings import configured

_KEY = queries.ACCESS_KEY   # this run's Access, for the pages (session state is per visitor)


def auth_section() -> Mapping | None:
    """Streamlit's `[auth]` secrets table, or None without one."""
    try:
        section = st.secrets["auth"] if "auth" in st.secrets else None
    except FileNotFoundError:     # no secrets file at all: StreamlitSecretNotFoundError
        return None
    return section if isinstance(section, Mapping) else None


def providers(section: Mapping) -> list[str | None]:
    """The providers to offer: None for the unnamed one (`[auth]` itself), then `[auth.<name>]`."""
    named = [name for name, value in section.items() if isinstance(value, Mapping)]
    return ([None] if "client_id" in section else []) + named


def peer_ip() -> str | None:
    """The visitor's TCP peer address; None on this machine (127.0.0.1 or ::1)."""
    found = st.context.ip_address
    return found if isinstance(found, str) else None      # AppTest's runtime is a mock


def current_access() -> Access:
    """This visitor's access; stops the run on the one page they may see when it is not a role's."""
    section = auth_section()
    if section is None:
        if peer_ip() is not None:
            _only_page(_refused_page, "refused")
        access = DEMO
    else:
        user = st.user.to_dict()
        if user.get("is_logged_in") is not True:
            _only_page(lambda: _sign_in_page(section), "signin")
        # An address the provider says it has not verified proves nothing.
        email = user.get("email") if user.get("email_verified", True) is not False else None
        access = resolve(email, configured(), _employee_for(email))
        with st.sidebar:
            st.caption(t("signed_in_as", email=access.email or "?"))
            st.button(t("sign_out"), on_click=st.logout, key="sign_out")
        if not access.roles:
            _only_page(_no_role_page, "no-role")
    st.session_state[_KEY] = access
    return access


def access() -> Access:
    """The access decided by the entry script for this run (pages call this)."""
    found = st.session_state.get(_KEY)
    if not isinstance(found, Access):     # a page run without the entry script: nothing shown
        st.stop()
    return found


def _employee_for(email: object) -> str | None:
    if not isinstance(email, str) or not email.strip():
        return None
    db = queries.served_database()
    if not db.exists():
        return None
    return queries.safe(queries.employee_for_email, str(db), queries.version(db), email)


def _only_page(body, url_path: str) -> None:
    st.navigation([st.Page(body, title=t("app_title"), url_path=url_path, default=True)],
                  position="hidden").run()
    st.stop()


def _sign_in_page(section: Mapping) -> None:
    heading(t("app_title"))
    st.write(t("sign_in_intro"))
    for provider in providers(section):
        label = t("sign_in") if provider is None else t("sign_in_with", provider=provider)
        st.button(label, type="primary", on_click=st.login, args=(provider,) if provider else (),
                  key=f"sign_in:{provider or ''}")


def _no_role_page() -> None:
    st.info(t("no_role"))


def _refused_page() -> None:
    st.error(t("remote_refused"))
