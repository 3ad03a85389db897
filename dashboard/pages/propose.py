"""Propose: an enrolled employee proposes a link or an idea (ideas meet the charter first),
likes colleagues' proposals, and sees the decisions on their own with the reasons given."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ambassade.errors import AmbassadeError, one_line
from dashboard import queries
from dashboard.display import brand_zone, heading, subheading
from dashboard.i18n import t
from dashboard.people import pick_me, safe_link
from dashboard.settings import checker, configured
from programme.proposals import IdeaRefused
from store.proposals import IDEA_MAX_CHARS, NOTE_MAX_CHARS, URL_MAX_CHARS

db = queries.database()
version = queries.version(db)
heading(t("page_propose"))
st.caption(t("propose_intro"))
me = pick_me("propose_who", state="enrolled")
if "propose_flash" in st.session_state:
    st.success(st.session_state.pop("propose_flash"))

kind = st.radio(t("propose_kind"), ["link", "idea"], horizontal=True, key="propose_kind",
                format_func=lambda k: t(f"kind_{k}"))
with st.form("propose_form", clear_on_submit=False, border=True):
    if kind == "link":
        url = st.text_input(t("propose_url"), max_chars=URL_MAX_CHARS, key="propose_url")
        note = st.text_area(t("propose_note"), max_chars=NOTE_MAX_CHARS, key="propose_note")
    else:
        idea = st.text_area(t("propose_idea"), max_chars=IDEA_MAX_CHARS, key="propose_idea")
    sent = st.form_submit_button(t("propose_send"), type="primary")
if sent:
    try:
        if kind == "link":
            queries.propose_link(str(db), me, url, note)
        else:
            queries.propose_idea(str(db), me, idea, configured(), checker().check)
    except IdeaRefused as refused:
        st.error(t("propose_refused"))
        st.dataframe(pd.DataFrame(refused.findings, columns=["severity", "clause", "evidence", "coaching"]),
                     hide_index=True, width="stretch")
    except AmbassadeError as exc:
        st.error(one_line(exc, limit=300))
    else:
        st.session_state["propose_flash"] = t("propose_sent")
        st.rerun()


def rows(found, with_proposer: bool) -> pd.DataFrame:
    return pd.DataFrame([{
        **({"proposer": p.proposer} if with_proposer else {}),
        "kind": t(f"kind_{p.kind}"), "proposal": p.body or "", "link": safe_link(p.url),
        "likes": p.likes, "state": t(f"proposal_{p.state}"), "why": p.why or "",
        "at": p.proposed_at} for p in found])


config = {"proposer": t("col_by"), "kind": t("col_kind"), "proposal": t("col_proposal"),
          "link": st.column_config.LinkColumn(t("col_link")), "likes": t("col_likes"),
          "state": t("state"), "why": t("col_why"),
          "at": st.column_config.DatetimeColumn(t("col_date"), format="DD/MM/YYYY", timezone=brand_zone())}

subheading(t("my_proposals"))
mine = queries.safe(queries.proposals_of, str(db), version, me)
if mine:
    st.dataframe(rows(mine, False), hide_index=True, width="stretch", column_config=config)
else:
    st.info(t("none_yet"))

subheading(t("colleagues_proposals"))
theirs, liked = queries.safe(queries.colleagues_proposals, str(db), version, me)
if not theirs:
    st.info(t("none_yet"))
for p in theirs:
    with st.container(border=True):
        left, right = st.columns([5, 1])
        with left:
            st.text(f"{p.proposer} · {t(f'kind_{p.kind}')} · {p.likes} {t('col_likes')}")
            if p.body:
                st.text(p.body)
            if safe_link(p.url):
                st.dataframe([{"link": p.url}], hide_index=True, column_config={
                    "link": st.column_config.LinkColumn(t("col_link"))})
        with right:
            if p.id in liked:
                st.caption(t("liked"))
            elif st.button(t("like"), key=f"like:{me}:{p.id}"):
                try:
                    queries.like(str(db), p.id, me)
                except AmbassadeError as exc:
                    st.error(one_line(exc, limit=300))
                else:
                    st.rerun()
