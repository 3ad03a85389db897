"""The quality gate: precision and recall of the checker on our labelled drafts stay at or above 0.85."""

from __future__ import annotations

from pathlib import Path

from charter.evaluation import checker_for, evaluate, format_evaluation, load_drafts
from charter.model import CATEGORIES

DRAFTS = Path(__file__).parent / "drafts.toml"


def test_labelled_set_covers_every_category_both_languages_and_clean_posts():
    _, drafts = load_drafts(DRAFTS)
    assert len(drafts) >= 60
    for category in CATEGORIES:
        langs = {d.lang for d in drafts if category in d.expect}
        assert langs == {"fr", "en"}, category
    assert sum(not d.expect for d in drafts) >= 15


def test_precision_and_recall_hold_overall_and_per_category():
    brand, drafts = load_drafts(DRAFTS)
    result = evaluate(checker_for(brand), drafts)
    report = format_evaluation(result)
    assert result.overall.precision >= 0.85, report
    assert result.overall.recall >= 0.85, report
    for category, counts in result.per_category.items():
        assert counts.precision >= 0.85 and counts.recall >= 0.85, f"{category}\n{report}"


def test_clean_friendly_posts_are_never_flagged():
    brand, drafts = load_drafts(DRAFTS)
    result = evaluate(checker_for(brand), [d for d in drafts if not d.expect])
    assert result.clean_flagged == 0, format_evaluation(result)
