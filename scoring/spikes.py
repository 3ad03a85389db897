"""Spikes ("bad buzz"): hourly volume and negative share against a seasonal baseline.

Volume: the expected count of an hour is level × hour-of-day factor × day-of-week factor,
estimated on the baseline weeks before the hours checked; the excess is standardised with a
negative-binomial variance (expected + φ·expected², φ fitted on the baseline), so ordinary
seasonal ups and downs and overdispersed noise do not alert. Negative share: per bucket of a
few hours, a binomial test of the negative count against the baseline's negative share.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ambassade.settings import ScoringSettings

HOUR = timedelta(hours=1)
# Below this many mentions in the baseline weeks there is no baseline to speak of: no alert.
MIN_BASELINE_MENTIONS = 30


@dataclass(frozen=True)
class Hour:
    """One hour of one series: mentions, how many are scored, how many negative."""

    start: datetime
    count: int
    scored: int = 0
    negative: int = 0


@dataclass(frozen=True)
class Spike:
    """An anomaly over [starts_at, ends_at)."""

    kind: str  # volume | negative_share
    starts_at: datetime
    ends_at: datetime
    observed: float
    expected: float
    score: float


def fill(hours: Sequence[Hour], since: datetime, until: datetime) -> list[Hour]:
    """Every hour in [since, until), with zeros where nothing was said."""
    by_start = {h.start: h for h in hours}
    out, t = [], since
    while t < until:
        out.append(by_start.get(t, Hour(t, 0)))
        t += HOUR
    return out


def seasonal_expectation(baseline: Sequence[Hour]) -> tuple[Callable[[datetime], float], float]:
    """(expected(hour start) -> count, dispersion φ) fitted on the baseline hours."""
    n = len(baseline)
    total = sum(h.count for h in baseline)
    level = total / n if n else 0.0
    # Factors with a pseudo-count of one level-hour, so an empty hour-of-day is not zero forever.
    hod = {}
    for hour in range(24):
        cells = [h.count for h in baseline if h.start.hour == hour]
        hod[hour] = (sum(cells) + level) / ((len(cells) + 1) * level) if level else 1.0
    dow = {}
    for day in range(7):
        cells = [h.count for h in baseline if h.start.weekday() == day]
        dow[day] = (sum(cells) + 24 * level) / ((len(cells) + 24) * level) if level else 1.0

    def expected(start: datetime) -> float:
        """Expected count of the hour starting at `start`."""
        return max(level * hod[start.hour] * dow[start.weekday()], 0.05)

    excess = [((h.count - expected(h.start)) ** 2 - expected(h.start)) / expected(h.start) ** 2
              for h in baseline]
    phi = max(0.0, sum(excess) / len(excess)) if excess else 0.0
    return expected, min(phi, 2.0)


def volume_spikes(baseline: Sequence[Hour], checked: Sequence[Hour], cfg: ScoringSettings) -> list[Spike]:
    """Runs of consecutive hours whose count is far above the seasonal expectation."""
    if sum(h.count for h in baseline) < MIN_BASELINE_MENTIONS:
        return []
    expected, phi = seasonal_expectation(baseline)
    flagged = []
    for h in checked:
        e = expected(h.start)
        z = (h.count - e) / math.sqrt(e + phi * e * e)
        if h.count >= cfg.spike_min_mentions and h.count >= cfg.spike_min_ratio * e and z >= cfg.spike_z:
            flagged.append((h.start, h.start + HOUR, h.count, e, z))
    return _merge("volume", flagged)


def negative_spikes(baseline: Sequence[Hour], checked: Sequence[Hour], cfg: ScoringSettings) -> list[Spike]:
    """Buckets whose share of negative mentions is far above the baseline's share."""
    scored = sum(h.scored for h in baseline)
    if scored < MIN_BASELINE_MENTIONS:
        return []
    # Beta(1, 1) smoothing keeps a baseline with no negative mention from making any one alert.
    p0 = (sum(h.negative for h in baseline) + 1) / (scored + 2)
    size = cfg.negative_bucket_hours
    flagged = []
    for i in range(0, len(checked), size):
        bucket = checked[i : i + size]
        n = sum(h.scored for h in bucket)
        neg = sum(h.negative for h in bucket)
        if n < cfg.spike_min_mentions:
            continue
        z = (neg - n * p0) / math.sqrt(n * p0 * (1 - p0))
        # The binomial z is loose on small counts: also ask for spike_min_mentions extra negatives.
        if (z >= cfg.negative_z and neg / n >= p0 + cfg.negative_min_increase
                and neg - n * p0 >= cfg.spike_min_mentions):
            flagged.append((bucket[0].start, bucket[-1].start + HOUR, neg / n, p0, z))
    return _merge("negative_share", flagged, share=True)


def _merge(kind: str, flagged: list[tuple], share: bool = False) -> list[Spike]:
    """Adjacent flagged periods become one spike (sums for counts, means for shares)."""
    spikes: list[Spike] = []
    run: list[tuple] = []
    for item in flagged + [None]:
        if item is not None and (not run or item[0] == run[-1][1]):
            run.append(item)
            continue
        if run:
            observed = sum(r[2] for r in run) / (len(run) if share else 1)
            expected = sum(r[3] for r in run) / (len(run) if share else 1)
            spikes.append(Spike(kind, run[0][0], run[-1][1], round(observed, 4), round(expected, 4),
                                round(max(r[4] for r in run), 3)))
        run = [item] if item is not None else []
    return spikes
