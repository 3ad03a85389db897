"""Check my draft: the charter checker on a draft, spans highlighted, coaching for each finding.

User text is never rendered as HTML: the highlighted draft is Markdown built from escaped
plain-text parts (charter.highlight), and evidence is shown with st.code.
"""

from __future__ import annotations


import streamlit as st

from ambassade.errors import AmbassadeError, one_line
from charter.highlight import COLOURS, escape_markdown, highlighted_markdown
from dashboard.i18n import labelled, lang as ui_lang
from dashboard.i18n import t
from dashboard.settings import checker as configured_checker
from dashboard.settings import configured
from dashboard.display import heading, subheading

ICONS = {"block": "🛑", "warn": "⚠️", "info": "ℹ️"}

lang = ui_lang()


heading(t("draft_title"))
st.caption(t("draft_intro"))

checker = configured_checker()
if configured() is None:
    st.caption(t("draft_no_config"))

choices = ["auto", "fr", "en"]
with st.form("draft_form", border=False):
    draft = st.text_area(t("draft_draft"), key="draft_text", height=180, max_chars=checker.max_chars)
    chosen = st.radio(t("draft_draft_lang"), choices, horizontal=True, key="draft_lang",
                      format_func={"auto": t("draft_auto"), "fr": "FR", "en": "EN"}.get)
    submitted = st.form_submit_button(t("draft_check"), type="primary")

text = draft or ""
if not submitted and "draft_result" not in st.session_state:
    st.info(t("draft_empty"))
    st.stop()
if submitted:
    if not text.strip():
        st.session_state.pop("draft_result", None)
        st.info(t("draft_empty"))
        st.stop()
    try:
        st.session_state["draft_result"] = checker.check(text, lang=None if chosen == "auto" else chosen)
    except AmbassadeError as exc:
        st.session_state.pop("draft_result", None)
        st.error(one_line(exc, limit=300))
        st.stop()

result = st.session_state["draft_result"]
advice_lang = result.lang
blocking = sum(f.severity == "block" for f in result.findings)
if not result.findings:
    st.success(t("draft_clean"))
    st.stop()
if blocking:
    st.error(t("draft_blocked", n=blocking))
else:
    st.warning(t("draft_ok_with_notes"))

subheading(t("draft_highlighted"))
with st.container(border=True):
    st.markdown(highlighted_markdown(result.text, result.findings))

subheading(t("draft_findings"))
for number, finding in enumerate(result.findings, 1):
    clause = checker.charter.clause(finding.clause)
    clause_text = clause.text(advice_lang) if clause else None
    colour = COLOURS.get(finding.severity, "gray")
    title = clause_text.title if clause_text else finding.clause
    with st.container(border=True):
        st.markdown(f"{ICONS.get(finding.severity, '')} :{colour}[**⁽{number}⁾ {escape_markdown(t('draft_' + finding.severity))}**] · "
                    f"**{escape_markdown(title)}** · {escape_markdown(finding.label)}")
        st.caption(f"{t('draft_evidence')} ({finding.start}–{finding.end})")
        st.code(finding.evidence, language=None, wrap_lines=True)
        st.markdown(f"**{escape_markdown(t('draft_advice'))}** : {escape_markdown(finding.coaching)}" if lang == "fr"
                    else f"**{escape_markdown(t('draft_advice'))}**: {escape_markdown(finding.coaching)}")
        if clause_text and clause_text.tips:
            st.markdown("\n".join(f"- {escape_markdown(tip)}" for tip in clause_text.tips))
        if clause_text and clause_text.why:
            st.caption(labelled(t("draft_why"), clause_text.why))
        if clause_text and clause_text.good:
            st.caption(t("draft_good"))
            st.code(clause_text.good[0], language=None, wrap_lines=True)
