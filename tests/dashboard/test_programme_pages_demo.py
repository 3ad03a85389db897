"""On `ambassade demo`, every page of the programme shows something (built through the same
store functions: proposals with likes, approved, declined with a reason, pending)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ambassade.demo.build import DEMO_SETTINGS, build_demo
from tests.dashboard.conftest import run_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-pages") / "demo.duckdb"
    build_demo(path)            # ending today: the pages read "now" (approvals expire)
    return path


@pytest.fixture
def demo(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AMBASSADE_DB", str(demo_file))
    monkeypatch.setenv("AMBASSADE_CONFIG", str(DEMO_SETTINGS))
    return demo_file


def test_employee_pages_show_the_demo(demo):
    at = run_app("pages/propose.py", role="employee")
    assert not at.exception
    assert any((b.key or "").startswith("like:") for b in at.button)     # colleagues' proposals to like
    at = run_app("pages/consent.py", role="employee")
    assert not at.exception and len(at.dataframe[0].value) >= 1   # consent history
    at = run_app("pages/suggestions.py", role="employee")
    assert not at.exception and at.dataframe and len(at.dataframe[0].value) >= 1


def test_comms_pages_show_the_demo(demo):
    at = run_app("pages/content.py", role="comms")
    assert not at.exception
    assert len(at.dataframe[0].value) >= 20 and len(at.dataframe[1].value) >= 3   # library, queue
    at = run_app("pages/programme_status.py", role="comms")
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["inscrit·e"]) >= 25
    assert (metrics["approuvée"], metrics["déclinée"]) == ("2", "2") and int(metrics["en attente"]) >= 3


def test_the_coaching_page_opens_on_someone_with_cards(demo):
    # The demo's employees' own brand posts fall inside the coaching window of its last days
    # (ambassade/demo/staff.py BRAND_POST_DAYS): someone has cards, and the page opens on them.
    at = run_app("pages/coaching.py", role="comms")
    assert not at.exception
    assert not at.success                   # "nothing to coach" is not what the page opens on
    assert len(at.subheader) >= 1           # a card's title
