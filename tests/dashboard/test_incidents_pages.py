"""The overview shows incidents, not raw alert rows; the incidents page opens each one on its
drivers, summary, curve and mentions, as text and grids only."""

from __future__ import annotations

from pathlib import Path

import pytest

from ambassade.demo.build import DEMO_SETTINGS, build_demo
from tests.dashboard.conftest import run_app


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_without_incidents_both_pages_say_so(small_db, lang):
    at = run_app("pages/incidents.py", lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.info[0].value == ("Aucun incident sur la période." if lang == "fr" else "No incident in this period.")
    overview = run_app(lang=lang)
    assert not overview.exception
    assert any(c.value in ("Aucun incident sur la période.", "No incident in this period.") for c in overview.caption)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-incidents") / "demo.duckdb"
    build_demo(path)            # ending today: the flan buzz ten days ago is in the default 30 days
    return path


@pytest.fixture
def demo(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AMBASSADE_DB", str(demo_file))
    monkeypatch.setenv("AMBASSADE_CONFIG", str(DEMO_SETTINGS))
    return demo_file


@pytest.mark.slow
def test_overview_lists_incidents_in_words_with_the_time_zone(demo):
    at = run_app()
    assert not at.exception, [e.value for e in at.exception]
    grids = [d.value for d in at.dataframe if "Gravité" in d.value.columns]
    [grid] = grids
    assert len(grid) < 8                                   # not the 26 raw alert rows
    assert "pic de volume + sentiment négatif en hausse" in set(grid["Type"])
    assert "élevée" in set(grid["Gravité"])
    assert not {"volume", "negative_share", "z", "kind", "observed"} & set(grid.columns)
    assert any("Heures de Europe/Paris" in c.value for c in at.caption)
    assert len(at.get("vega_lite_chart")) == 4             # the overview's own charts (share of voice included), unchanged


@pytest.mark.slow
def test_incidents_page_opens_the_flan_incident_on_its_drivers_and_mentions(demo):
    at = run_app("pages/incidents.py")
    assert not at.exception, [e.value for e in at.exception]
    [flan] = [e for e in at.expander if "sentiment négatif en hausse" in e.label and "élevée" in e.label]
    frames = [d.value for d in flan.dataframe]
    terms = next(f for f in frames if "term" in f.columns)["term"].tolist()
    assert {"flan", "flans", "intoxication", "malades"} & set(terms[:5])
    mentions = frames[-1]
    assert len(mentions) >= 100 and {"Texte", "Auteur"} <= set(mentions.columns)
    assert all(u is None or u.startswith(("https://", "http://")) for u in mentions["url"])
    texts = [x.value for x in flan.text]
    assert len(texts) >= 3 and any("flan" in x.lower() for x in texts)
    assert any("Transmettez" in x or "Vérifiez" in x for x in texts)      # the response path
    assert flan.get("vega_lite_chart")                                      # its curve
    assert not any("flan" in m.value.lower() for m in flan.markdown)        # internet text never as Markdown


@pytest.mark.slow
def test_incidents_page_in_english(demo):
    at = run_app("pages/incidents.py", "en")
    assert not at.exception
    assert any("negative sentiment rising" in e.label for e in at.expander)
    assert any("Times in Europe/Paris" in c.value for c in at.caption)
