"""The health page says "environ"/"about" beside PostgreSQL's estimates (issue 16), in both
languages, and gives exact figures where it counted."""

from __future__ import annotations

import pytest

from ambassade.demo.build import DEMO_SETTINGS
from store import health, open_store
from tests.dashboard.conftest import run_app
from tests.store.test_pg_reads import _filled

pytestmark = pytest.mark.slow


@pytest.fixture
def estimated(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A PostgreSQL store of 30 mentions (12 scored) where five rows make a table "big"."""
    with open_store(pg_url) as db:
        _filled(db)
        db._rows("ANALYZE")
    monkeypatch.setattr(health, "ESTIMATE_FROM", 5)
    monkeypatch.setenv("AMBASSADE_DB", pg_url)
    monkeypatch.setenv("AMBASSADE_CONFIG", str(DEMO_SETTINGS))
    return pg_url


@pytest.mark.parametrize("lang,about,scored", [("fr", "environ", "Mentions évaluées"),
                                               ("en", "about", "Mentions scored")])
def test_the_health_page_says_about_beside_an_estimate(estimated, lang, about, scored):
    at = run_app("pages/health.py", lang=lang, role="comms")
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}[scored] == f"{about} 12 / 30"
    counts = next(frame.value for frame in at.dataframe if "rows" in frame.value.columns)
    rows = dict(zip(counts["table"], counts["rows"]))
    assert rows["mentions"] == "30"                                  # daily_mentions: exact
    assert rows["évaluations" if lang == "fr" else "scores"] == f"{about} 12"
    assert any(about in c.value for c in at.caption)
