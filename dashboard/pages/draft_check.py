"""Check my draft: the charter checker on a draft, spans highlighted, coaching for each finding.

User text is never rendered as HTML: the highlighted draft is Markdown built from escaped
plain-text parts (charter.highlight), and evidence is shown with st.code.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from ambassade.errors import AmbassadeError
from charter.config import checker_from_config
from charter.highlight import COLOURS, escape_markdown, highlighted_markdown

LABELS = {
    "title": {"fr": "Vérifier mon brouillon", "en": "Check my draft"},
    "intro": {"fr": "Collez votre message avant de le publier : Ambassade le relit selon la charte et vous propose des conseils. "
                    "Votre brouillon n'est ni enregistré ni transmis.",
              "en": "Paste your post before publishing: Ambassade reads it against the charter and offers advice. "
                    "Your draft is neither stored nor sent anywhere."},
    "draft": {"fr": "Votre brouillon", "en": "Your draft"},
    "draft_lang": {"fr": "Langue des conseils", "en": "Language of the advice"},
    "auto": {"fr": "automatique", "en": "automatic"},
    "check": {"fr": "Vérifier", "en": "Check"},
    "empty": {"fr": "Écrivez ou collez un brouillon, puis cliquez sur « Vérifier ».",
              "en": "Write or paste a draft, then click \"Check\"."},
    "clean": {"fr": "Rien à signaler : ce brouillon suit la charte. Bonne publication !",
              "en": "Nothing to report: this draft follows the charter. Happy posting!"},
    "ok_with_notes": {"fr": "Rien de bloquant, mais relisez les points ci-dessous.",
                      "en": "Nothing blocks, but do read the points below."},
    "blocked": {"fr": "À revoir avant de publier : {n} point(s) bloquant(s).",
                "en": "Please revise before posting: {n} blocking point(s)."},
    "highlighted": {"fr": "Votre brouillon, passages relevés surlignés", "en": "Your draft, with the passages found highlighted"},
    "findings": {"fr": "Ce que la charte en dit", "en": "What the charter says"},
    "evidence": {"fr": "Passage", "en": "Passage"},
    "advice": {"fr": "Conseil", "en": "Advice"},
    "why": {"fr": "Pourquoi", "en": "Why"},
    "good": {"fr": "Un bon exemple", "en": "A good example"},
    "block": {"fr": "Bloquant", "en": "Blocks"},
    "warn": {"fr": "Attention", "en": "Warning"},
    "info": {"fr": "À noter", "en": "Note"},
    "no_config": {"fr": "Aucun fichier de configuration : charte par défaut, sans les termes de la marque.",
                  "en": "No configuration file: default charter, without the brand's terms."},
    "config_error": {"fr": "Configuration illisible", "en": "Unreadable configuration"},
}
ICONS = {"block": "🛑", "warn": "⚠️", "info": "ℹ️"}

lang = st.session_state.get("lang", "fr")
lang = lang if lang in ("fr", "en") else "fr"


def t(key: str, **values: object) -> str:
    text = LABELS[key].get(lang, LABELS[key]["fr"])
    return text.format(**values) if values else text


def _config_key() -> tuple[str, float]:
    path = Path(os.environ.get("AMBASSADE_CONFIG") or "ambassade.toml").resolve()
    try:
        return str(path), path.stat().st_mtime
    except OSError:
        return str(path), 0.0


@st.cache_resource(show_spinner=False, max_entries=4)
def _checker(config: str, _mtime: float):
    return checker_from_config(os.environ.get("AMBASSADE_CONFIG"))


st.title(t("title"))
st.caption(t("intro"))

try:
    checker, configured = _checker(*_config_key())
except AmbassadeError as exc:
    st.error(f"{t('config_error')}: {' '.join(str(exc).split())[:300]}")
    st.stop()
if not configured:
    st.caption(t("no_config"))

choices = ["auto", "fr", "en"]
with st.form("draft_form", border=False):
    draft = st.text_area(t("draft"), key="draft_text", height=180, max_chars=checker.max_chars)
    chosen = st.radio(t("draft_lang"), choices, horizontal=True, key="draft_lang",
                      format_func=lambda c: t("auto") if c == "auto" else c.upper())
    submitted = st.form_submit_button(t("check"), type="primary")

text = draft or ""
if not submitted and "draft_result" not in st.session_state:
    st.info(t("empty"))
    st.stop()
if submitted:
    if not text.strip():
        st.session_state.pop("draft_result", None)
        st.info(t("empty"))
        st.stop()
    try:
        st.session_state["draft_result"] = checker.check(text, lang=None if chosen == "auto" else chosen)
    except AmbassadeError as exc:
        st.session_state.pop("draft_result", None)
        st.error(" ".join(str(exc).split())[:300])
        st.stop()

result = st.session_state["draft_result"]
advice_lang = result.lang
blocking = sum(f.severity == "block" for f in result.findings)
if not result.findings:
    st.success(t("clean"))
    st.stop()
if blocking:
    st.error(t("blocked", n=blocking))
else:
    st.warning(t("ok_with_notes"))

st.subheader(t("highlighted"))
with st.container(border=True):
    st.markdown(highlighted_markdown(result.text, result.findings))

st.subheader(t("findings"))
for number, finding in enumerate(result.findings, 1):
    clause = checker.charter.clause(finding.clause)
    clause_text = clause.text(advice_lang) if clause else None
    colour = COLOURS.get(finding.severity, "gray")
    title = clause_text.title if clause_text else finding.clause
    with st.container(border=True):
        st.markdown(f"{ICONS.get(finding.severity, '')} :{colour}[**⁽{number}⁾ {escape_markdown(t(finding.severity))}**] · "
                    f"**{escape_markdown(title)}** · {escape_markdown(finding.label)}")
        st.caption(f"{t('evidence')} ({finding.start}–{finding.end})")
        st.code(finding.evidence, language=None, wrap_lines=True)
        st.markdown(f"**{escape_markdown(t('advice'))}** : {escape_markdown(finding.coaching)}" if lang == "fr"
                    else f"**{escape_markdown(t('advice'))}**: {escape_markdown(finding.coaching)}")
        if clause_text and clause_text.tips:
            st.markdown("\n".join(f"- {escape_markdown(tip)}" for tip in clause_text.tips))
        if clause_text and clause_text.why:
            st.caption(f"{t('why')} : {clause_text.why}" if lang == "fr" else f"{t('why')}: {clause_text.why}")
        if clause_text and clause_text.good:
            st.caption(t("good"))
            st.code(clause_text.good[0], language=None, wrap_lines=True)
