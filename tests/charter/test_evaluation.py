"""The quality gate: precision and recall of the checker on our labelled drafts stay at or above 0.85."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter.evaluation import checker_for, checker_for_file, evaluate, format_evaluation, load_drafts
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


FRESH = Path(__file__).parent / "drafts_fresh.toml"


def test_the_fresh_held_out_set_is_large_varied_and_says_what_must_block():
    _, drafts = load_drafts(FRESH)
    assert len(drafts) >= 120
    assert sum(not d.expect for d in drafts) >= 30
    assert {d.lang for d in drafts} == {"fr", "en"}
    assert all(d.block <= d.expect for d in drafts)
    assert sum(bool(d.block) for d in drafts) >= 60


def test_a_sets_calendar_and_date_are_used_so_its_figures_do_not_age():
    checker = checker_for_file(FRESH)
    assert checker.today is not None and len(checker.calendar.events) >= 5
    result = evaluate(checker, load_drafts(FRESH)[1])
    assert result.blocks_expected >= 60 and "labelled blocks" in format_evaluation(result)


def test_a_block_label_outside_expect_is_refused(tmp_path):
    path = tmp_path / "d.toml"
    path.write_text('[[drafts]]\nexpect = []\nblock = ["rumour"]\ntext = "x"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="block"):
        load_drafts(path)
