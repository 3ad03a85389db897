"""Fixtures for the programme: the brand's settings, a real store, and a checker of the real charter."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ambassade.settings import Settings, parse_settings
from charter.config import checker_from_settings

NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)

PROGRAMME_TOML = """
[brand]
name = "Maison Lemoine"
terms = ["Lemoine", "Maison Lemoine", "@maisonlemoine", "#LemoineLife"]
exclude = ["Lemoine Immobilier"]
confidential_terms = ["Projet Brioche"]
languages = ["fr", "en"]
"""


@pytest.fixture
def settings() -> Settings:
    return parse_settings(PROGRAMME_TOML)


@pytest.fixture(scope="session")
def checker():
    return checker_from_settings(parse_settings(PROGRAMME_TOML), sentiment=lambda text: 0.0)


@pytest.fixture
def passes(checker):
    """The rule every suggested text meets: the charter accepts it and finds no missing disclosure."""
    def check(text: str, lang: str) -> bool:
        result = checker.check(text, lang)
        return result.ok and not any(f.category == "disclosure" for f in result.findings)
    return check
