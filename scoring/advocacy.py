"""Advocacy classes: a recency-weighted, shrunk mean of brand-targeted sentiment, with a confidence."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ambassade.settings import ScoringSettings


@dataclass(frozen=True)
class Advocacy:
    """One subject's class, the confidence in it and the figures behind it."""

    klass: str  # ambassador | neutral | detractor
    confidence: float
    score: float  # shrunk mean of brand-targeted compound, -1..1
    weight: float  # recency-weighted number of mentions


def _phi(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def classify(mentions: int, weight: float, weighted_sum: float, cfg: ScoringSettings) -> Advocacy:
    """Class of a subject from its recency-weighted sums of compound scores.

    score = (Σ w·s + k·m0) / (Σ w + k): with few or old mentions the prior (k pseudo-mentions
    at m0, neutral by default) dominates, so one angry post cannot make a detractor. The
    confidence is the normal-approximation probability that the subject's true mean lies on the
    class's side of its threshold (between both thresholds for neutral), with a standard error
    of score_sd / sqrt(Σ w + k). Below min_mentions or min_confidence the class is neutral.
    """
    k = cfg.prior_strength
    total = weight + k
    score = (weighted_sum + k * cfg.prior_mean) / total if total > 0 else cfg.prior_mean
    score = max(-1.0, min(1.0, score))
    se = cfg.score_sd / math.sqrt(total) if total > 0 else float("inf")
    high, low = cfg.ambassador_threshold, cfg.detractor_threshold
    p_above = 1.0 - _phi((high - score) / se) if se != float("inf") else 0.5
    p_below = _phi((low - score) / se) if se != float("inf") else 0.5
    if mentions >= cfg.min_mentions and score >= high and p_above >= cfg.min_confidence:
        return Advocacy("ambassador", round(p_above, 4), round(score, 4), round(weight, 4))
    if mentions >= cfg.min_mentions and score <= low and p_below >= cfg.min_confidence:
        return Advocacy("detractor", round(p_below, 4), round(score, 4), round(weight, 4))
    return Advocacy("neutral", round(max(0.0, 1.0 - p_above - p_below), 4), round(score, 4), round(weight, 4))


def _phi_array(z: np.ndarray) -> np.ndarray:
    """Standard normal CDF; erf by Abramowitz & Stegun 7.1.26 (error below 1.5e-7)."""
    x = np.abs(z) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = 1.0 - poly * np.exp(-x * x)
    return 0.5 * (1.0 + np.sign(z) * erf)


def classify_arrays(
    mentions: np.ndarray, weight: np.ndarray, weighted_sum: np.ndarray, cfg: ScoringSettings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`classify` for many subjects at once: (classes, confidences, scores) as arrays."""
    mentions = np.asarray(mentions, dtype=np.int64)
    weight = np.asarray(weight, dtype=np.float64)
    weighted_sum = np.asarray(weighted_sum, dtype=np.float64)
    k = cfg.prior_strength
    total = weight + k
    safe = np.where(total > 0, total, 1.0)
    score = np.where(total > 0, (weighted_sum + k * cfg.prior_mean) / safe, cfg.prior_mean)
    score = np.clip(score, -1.0, 1.0)
    se = np.where(total > 0, cfg.score_sd / np.sqrt(safe), np.inf)
    high, low = cfg.ambassador_threshold, cfg.detractor_threshold
    with np.errstate(divide="ignore", invalid="ignore"):
        p_above = np.where(np.isfinite(se), 1.0 - _phi_array((high - score) / se), 0.5)
        p_below = np.where(np.isfinite(se), _phi_array((low - score) / se), 0.5)
    enough = mentions >= cfg.min_mentions
    ambassador = enough & (score >= high) & (p_above >= cfg.min_confidence)
    detractor = enough & (score <= low) & (p_below >= cfg.min_confidence) & ~ambassador
    classes = np.where(ambassador, "ambassador", np.where(detractor, "detractor", "neutral"))
    confidence = np.where(ambassador, p_above, np.where(detractor, p_below,
                                                         np.maximum(0.0, 1.0 - p_above - p_below)))
    return classes, np.round(confidence, 4), np.round(score, 4)
