"""Advocacy classes: one outburst is not a detractor, a few mild posts are not an ambassador."""

from __future__ import annotations

from ambassade.settings import ScoringSettings
from scoring.advocacy import classify

CFG = ScoringSettings()


def history(*compounds: float, weight_each: float = 1.0):
    return len(compounds), weight_each * len(compounds), weight_each * sum(compounds)


def test_one_angry_post_is_not_a_detractor():
    result = classify(*history(-0.95), CFG)
    assert result.klass == "neutral"
    assert result.score < 0


def test_three_mild_posts_are_not_an_ambassador():
    assert classify(*history(0.3, 0.3, 0.3), CFG).klass == "neutral"


def test_steady_praise_makes_an_ambassador_with_high_confidence():
    result = classify(*history(*[0.7] * 8), CFG)
    assert result.klass == "ambassador"
    assert result.confidence > 0.9


def test_repeated_complaints_make_a_detractor():
    result = classify(*history(-0.8, -0.6, -0.9, -0.7, -0.5), CFG)
    assert result.klass == "detractor"
    assert 0.6 <= result.confidence <= 1.0


def test_silence_is_neutral_with_the_prior_score():
    result = classify(0, 0.0, 0.0, CFG)
    assert result.klass == "neutral" and result.score == 0.0
    assert 0 < result.confidence < 1


def test_old_praise_counts_less_than_recent_complaints():
    # Eight old posts at a sixteenth of the weight each (four half-lives ago), three recent complaints.
    old_n, old_w, old_s = history(*[0.8] * 8, weight_each=1 / 16)
    new_n, new_w, new_s = history(-0.8, -0.7, -0.9)
    result = classify(old_n + new_n, old_w + new_w, old_s + new_s, CFG)
    assert result.score < 0


def test_more_evidence_means_more_confidence():
    few = classify(*history(*[0.6] * 4), CFG)
    many = classify(*history(*[0.6] * 20), CFG)
    assert many.confidence > few.confidence


def test_thresholds_come_from_the_settings():
    strict = ScoringSettings(ambassador_threshold=0.6)
    assert classify(*history(*[0.7] * 8), strict).klass == "neutral"


def test_score_stays_in_range():
    assert -1 <= classify(*history(*[1.0] * 1000), CFG).score <= 1
    assert classify(*history(*[-1.0] * 1000), CFG).klass == "detractor"


def test_vectorised_classes_match_the_scalar_rule():
    import numpy as np

    from scoring.advocacy import classify_arrays

    cases = [(n, w, s) for n in (0, 1, 2, 5, 40) for w in (0.0, 0.3, 1.0, 4.0, 30.0)
             for s in (-1.0, -0.4, -0.26, 0.0, 0.24, 0.5, 1.0)]
    mentions = np.array([n for n, _, _ in cases])
    weight = np.array([w for _, w, _ in cases])
    weighted_sum = np.array([w * s for _, w, s in cases])
    classes, confidence, score = classify_arrays(mentions, weight, weighted_sum, CFG)
    for i, (n, w, s) in enumerate(cases):
        expected = classify(n, w, w * s, CFG)
        assert (classes[i], score[i]) == (expected.klass, expected.score)
        assert abs(confidence[i] - expected.confidence) < 1e-4
