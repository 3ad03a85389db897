"""A checker built from Ambassade's settings: the brand's terms and the company's charter file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ambassade.settings import Settings, config_path, load_settings
from charter.check import Checker
from charter.loader import load_charter


def charter_file(settings: Settings) -> Path | None:
    """The company charter named by `[charter] path`, relative to the config file's folder."""
    if not settings.charter.path:
        return None
    path = Path(settings.charter.path)
    if not path.is_absolute() and settings.source_path is not None:
        path = settings.source_path.parent / path
    return path


def scoring_sentiment() -> Callable[[str], float] | None:
    """The compound score from `scoring` (FR/EN), or None if scoring cannot be loaded."""
    try:
        from scoring.sentiment import score_text
    except ImportError:
        return None
    return lambda text: score_text(text, None).compound


def checker_from_settings(
    settings: Settings | None, sentiment: Callable[[str], float] | None = None
) -> Checker:
    """A Checker for the configured brand and charter; with no settings, the default charter and no brand.

    `sentiment` (default: scoring's) lets a very negative draft turn respect warnings into blocks.
    """
    sentiment = sentiment or scoring_sentiment()
    if settings is None:
        return Checker(sentiment=sentiment)
    return Checker(
        charter=load_charter(charter_file(settings)),
        brand_name=settings.brand.name,
        brand_terms=settings.brand.terms,
        confidential_terms=settings.brand.confidential_terms,
        brand_exclude=settings.brand.exclude,
        default_lang=settings.charter.lang,
        max_chars=settings.charter.max_chars,
        sentiment=sentiment,
        unannounced=settings.charter.unannounced,
    )


def checker_from_config(config: str | None = None) -> tuple[Checker, bool]:
    """The checker for `--config`/AMBASSADE_CONFIG/./ambassade.toml, and whether a config file was found."""
    path, named = config_path(config)
    if not named and not path.exists():
        return Checker(), False
    return checker_from_settings(load_settings(path)), True
