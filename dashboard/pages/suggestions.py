"""My suggestions: the employee's ranked, explained suggestions with a text per network and
one-click share intents carrying their own tracked link. Nobody else's."""

from __future__ import annotations

import re

import streamlit as st

from ambassade.errors import AmbassadeError, one_line
from dashboard import queries
from dashboard.i18n import labelled, t
from dashboard.people import pick_me
from dashboard.settings import checker, configured
from dashboard.display import heading
from links.intents import intent_url, mastodon_instance

LINK = re.compile(r"https?://[^\s]+")
NETWORK_NAMES = {"linkedin": "LinkedIn", "x": "X", "facebook": "Facebook", "bluesky": "Bluesky",
                 "mastodon": "Mastodon"}

db = queries.database()
version = queries.version(db)
heading(t("page_suggestions"))
st.caption(t("sugg_intro"))
me = pick_me("sugg_who", state="enrolled", scope="shares")
settings = configured()
if settings is None:
    st.info(t("sugg_needs_config"))
    st.stop()

check = checker()


def passes(text: str, lang: str) -> bool:
    result = check.check(text, lang)
    return result.ok and not any(f.category == "disclosure" for f in result.findings)


# Suggesting mints the employee's tracked links: computed once per person and page session.
key = f"suggestions:{me}"
if key not in st.session_state:
    try:
        st.session_state[key] = queries.suggestions(str(db), me, settings, passes)
    except AmbassadeError as exc:
        st.error(one_line(exc, limit=300))
        st.stop()
found = st.session_state[key]
if not found:
    st.info(t("sugg_none"))
    st.stop()
instance = mastodon_instance(queries.safe(queries.mastodon_handle, str(db), version, me))
for s in found:
    with st.container(border=True):
        st.text(s.title)
        st.text(labelled(t("sugg_why"), " · ".join(s.reasons)))
        rows = []
        for network, text in s.texts.items():
            # The text carries the employee's link; the intent takes it apart from the text.
            found_links = LINK.findall(text)
            link = found_links[-1] if found_links else s.url
            bare = re.sub(r"[ \t]{2,}", " ", text.replace(link, "")).strip()
            try:
                intent = intent_url(network, bare, link, instance)
            except AmbassadeError:
                intent = None                    # e.g. Mastodon without the employee's instance
            rows.append({"network": NETWORK_NAMES.get(network, network), "text": text, "link": link,
                         "intent": intent})
        st.dataframe(rows, hide_index=True, width="stretch", column_config={
            "network": t("col_network"), "text": t("sugg_text"), "link": t("my_link"),
            "intent": st.column_config.LinkColumn(t("share_on"), display_text="↗")})
