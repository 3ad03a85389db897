"""Content (comms team): the library with each item's state, approve or reject an item with a
reason (the charter's findings on its suggested texts are shown), and the employees' proposals
ranked by likes and freshness, to approve or decline with a reason the proposer sees."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ambassade.errors import AmbassadeError, one_line
from dashboard import queries
from dashboard.i18n import LABELS, t
from dashboard.display import brand_zone, choice, heading, subheading, timed
from dashboard.people import safe_link
from dashboard.settings import checker, configured

db = queries.database()
version = queries.version(db)
settings = configured()
heading(t("page_content"))
if "content_flash" in st.session_state:
    flash = st.session_state.pop("content_flash")
    st.success(t("decided"))
    if flash is not None:
        subheading(t("charter_findings"))
        if flash:
            st.dataframe(pd.DataFrame(flash, columns=["severity", "clause", "category", "network", "lang",
                                                      "evidence"]), hide_index=True, width="stretch")
        else:
            st.text(t("no_findings"))

subheading(t("content_library"))
items = queries.safe(queries.library, str(db), version)
if not items:
    st.info(t("no_data"))
else:
    st.dataframe(pd.DataFrame([{"state": t(f"content_{i.state}") if f"content_{i.state}" in LABELS else i.state,
                                "title": i.title, "url": safe_link(i.canonical_url),
                                "origin": t(f"origin_{i.origin}") if f"origin_{i.origin}" in LABELS else i.origin,
                                "tags": ", ".join(i.tags),
                                "expires_at": i.expires_at.strftime("%d/%m/%Y") if i.expires_at else "—"}
                               for i in items]),
                 hide_index=True, width="stretch", column_config={
                     "id": None, "state": t("state"), "title": t("col_title"),
                     "url": st.column_config.LinkColumn(t("col_link")),
                     "origin": t("col_origin"), "tags": t("col_tags"),
                     "expires_at": t("col_expires")})


def decided(findings: list[dict] | None) -> None:
    st.session_state["content_flash"] = findings
    st.rerun()


def decision_form(prefix: str, label: str, options: dict, no: str) -> tuple[object, str, str, bool | None]:
    """A choice among `options`, who decides and why, approve or `no`: (chosen, by, why,
    True for approve / False for no / None before a click). Widget keys start with `prefix`."""
    with st.form(f"{prefix}_decide_form", border=True):
        chosen = choice(label, list(options), format_func=options.get, key=f"{prefix}_item")
        by = st.text_input(t("decide_by"), max_chars=200, key=f"{prefix}_by")
        why = st.text_input(t("decide_why"), max_chars=1000, key=f"{prefix}_why")
        left, right = st.columns(2)
        approve = left.form_submit_button(t("approve"), type="primary")
        refuse = right.form_submit_button(t(no))
    return chosen, by, why, (True if approve else False if refuse else None)


if items and settings is not None:
    subheading(t("content_decide"))
    titles = {i.id: f"[{t('content_' + i.state)}] {i.title}" for i in items if i.state in ("proposed", "approved", "rejected")}
    chosen, by, why, approve = decision_form("content", t("col_title"), titles, "reject")
    if approve is not None:
        try:
            findings = queries.decide_content(str(db), chosen, "approved" if approve else "rejected", by, why,
                                              settings, checker().check)
        except AmbassadeError as exc:
            st.error(one_line(exc, limit=300))
        else:
            decided(findings if approve else None)

subheading(t("proposal_queue"))
st.caption(t("proposal_rank_help"))
queue = queries.safe(queries.proposal_queue, str(db), version, "pending")
if not queue:
    st.info(t("none_yet"))
else:
    st.dataframe(pd.DataFrame([{"id": p.id, "rank": round(p.rank, 2), "likes": p.likes, "proposer": p.proposer,
                                "kind": t(f"kind_{p.kind}"), "proposal": p.body or "", "link": safe_link(p.url),
                                "at": p.proposed_at} for p in queue]),
                 hide_index=True, width="stretch", column_config={
                     "id": None, "rank": t("col_rank"), "likes": t("col_likes"), "proposer": t("col_by"),
                     "kind": t("col_kind"), "proposal": t("col_proposal"),
                     "link": st.column_config.LinkColumn(t("col_link")),
                     "at": st.column_config.DatetimeColumn(timed(t("col_date")), format="DD/MM/YYYY",
                                                           timezone=brand_zone())})
    if settings is not None:
        labels = {p.id: f"#{p.id} · {p.proposer} · {(p.url or p.body or '')[:80]}" for p in queue}
        chosen, by, why, approve = decision_form("proposal", t("col_proposal"), labels, "decline")
        if approve is not None:
            try:
                done = queries.decide_proposal(str(db), chosen, "approve" if approve else "decline", by, why,
                                               settings, checker().check)
            except AmbassadeError as exc:
                st.error(one_line(exc, limit=300))
            else:
                decided(done.findings if done.proposal.content_id else None)

if settings is None:
    st.info(t("sugg_needs_config"))
