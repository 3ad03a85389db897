"""Sidebar filters shared by the listening pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from dashboard import queries
from dashboard.i18n import t

PERIODS = (7, 30, 90)


@dataclass(frozen=True)
class Window:
    db: str
    version: float
    start: datetime
    end: datetime
    sources: tuple[str, ...]
    languages: list[str]
    terms: list[str]
    include_own: bool = False     # our own voice (employees' posts, the company's accounts) too


def listening_window() -> Window:
    """The period and sources picked in the sidebar (defaults: 30 days, every source)."""
    db = queries.database()
    version = queries.version(db)
    newest, sources, languages, terms = queries.safe(queries.bounds, str(db), version)
    if newest is None:
        st.info(t("no_data"))
        st.stop()
    with st.sidebar:
        # Labels are computed now: widgets may call format_func later, outside this run.
        period_labels = {n: t("days", n=n) for n in PERIODS}
        days = st.radio(t("period"), PERIODS, index=1, key="period",
                        format_func=period_labels.get, horizontal=True)
        chosen = st.multiselect(t("sources"), sources, default=sources, key="sources",
                                placeholder=t("all_options"))
        include_own = st.toggle(t("include_own_voice"), value=False, key="include_own")
        st.caption(t("include_own_voice_help"))
    start, end = queries.window(newest, days)
    return Window(str(db), version, start, end, tuple(chosen or sources), languages, terms,
                  include_own)
