"""On the demo: share of voice against the competitor on the overview, reasons on the advocacy page."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest

from ambassade.demo.build import build_demo
from tests.dashboard.conftest import run_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("voice") / "demo.duckdb"
    build_demo(path, today=date(2026, 11, 30))
    return path


@pytest.fixture
def demo(demo_file, monkeypatch):
    with resources.as_file(resources.files("ambassade.demo").joinpath("ambassade.toml")) as config:
        monkeypatch.setenv("AMBASSADE_CONFIG", str(config))
    monkeypatch.setenv("AMBASSADE_DB", str(demo_file))
    return demo_file


def test_overview_shows_share_of_voice_against_the_competitor(demo):
    at = run_app(lang="en")
    assert not at.exception, [e.value for e in at.exception]
    voices = next(d.value for d in at.dataframe if "voice" in d.value.columns)
    assert set(voices["voice"]) == {"Maison Lemoine", "Boulangeries Dupain"}
    assert voices["share"].sum() == pytest.approx(1.0)
    topics = next(d.value for d in at.dataframe if "topic" in d.value.columns)
    assert {"flan", "lemoine"} & set(topics["topic"]) == {"flan"}     # the incident, not the brand's name
    assert len(at.get("vega_lite_chart")) == 4


def test_the_topics_trend_reads_as_french_in_french(demo):
    at = run_app(lang="fr")
    assert not at.exception, [e.value for e in at.exception]
    topics = next(d.value for d in at.dataframe if "topic" in d.value.columns)
    changes = [v for v in topics["trend"] if v != "nouveau"]
    assert changes and all(v.endswith("\u202f%") and not v.endswith("\u202f\u202f%") for v in changes), changes


def test_advocacy_page_gives_the_posts_behind_a_class(demo):
    at = run_app("pages/advocacy.py", "en")
    assert not at.exception, [e.value for e in at.exception]
    reasons = at.dataframe[2].value
    assert 1 <= len(reasons) <= 5
    assert reasons["url"].str.startswith("https://").all()
    assert "Bayesian" not in " ".join(c.value for c in at.caption)
