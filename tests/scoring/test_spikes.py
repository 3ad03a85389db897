"""Spikes: a known anomaly on a seasonal series is found; seasonal noise alone raises nothing."""

from __future__ import annotations

import math
import random
from datetime import datetime, timezone

from ambassade.settings import ScoringSettings
from scoring.spikes import HOUR, Hour, negative_spikes, volume_spikes

CFG = ScoringSettings()
START = datetime(2026, 10, 5, tzinfo=timezone.utc)  # a Monday


def poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method is fine for the small rates used here.
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def seasonal_rate(t: datetime) -> float:
    daily = 1.0 + 0.9 * math.sin((t.hour - 8) / 24 * 2 * math.pi)  # busy afternoons, quiet nights
    weekly = 0.5 if t.weekday() >= 5 else 1.0  # quiet weekends
    return 6.0 * daily * weekly


def series(days: int, seed: int, negative_share: float = 0.15) -> list[Hour]:
    rng = random.Random(seed)
    out = []
    for i in range(days * 24):
        t = START + i * HOUR
        n = poisson(rng, seasonal_rate(t))
        neg = sum(rng.random() < negative_share for _ in range(n))
        out.append(Hour(t, n, n, neg))
    return out


def split(hours: list[Hour], baseline_days: int = 28):
    return hours[: baseline_days * 24], hours[baseline_days * 24 :]


def test_seasonal_noise_raises_no_alert():
    for seed in range(5):
        baseline, checked = split(series(30, seed))
        assert volume_spikes(baseline, checked, CFG) == []
        assert negative_spikes(baseline, checked, CFG) == []


def test_a_burst_of_mentions_is_found_at_its_hours():
    baseline, checked = split(series(30, 7))
    burst_at = 30  # hours into the checked window
    checked = [Hour(h.start, h.count + (60 if i in (burst_at, burst_at + 1) else 0), h.scored, h.negative)
               for i, h in enumerate(checked)]
    spikes = volume_spikes(baseline, checked, CFG)
    assert len(spikes) == 1
    spike = spikes[0]
    assert spike.kind == "volume"
    assert spike.starts_at == checked[burst_at].start and spike.ends_at == checked[burst_at + 2].start
    assert spike.observed > spike.expected * 3 and spike.score >= CFG.spike_z


def test_busy_afternoon_is_not_a_spike_but_the_same_count_at_night_is():
    baseline, checked = split(series(30, 3))
    night = next(i for i, h in enumerate(checked) if h.start.hour == 3)
    afternoon = next(i for i, h in enumerate(checked) if h.start.hour == 14)
    busy = checked[afternoon].count
    moved = [Hour(h.start, busy if i == night else h.count, h.scored, h.negative) for i, h in enumerate(checked)]
    found = volume_spikes(baseline, moved, CFG)
    assert [s.starts_at for s in found] == [checked[night].start]


def test_a_wave_of_negative_mentions_is_found():
    baseline, checked = split(series(30, 11))
    wave = range(20, 26)
    checked = [Hour(h.start, h.count, h.scored, h.scored if i in wave else h.negative)
               for i, h in enumerate(checked)]
    spikes = negative_spikes(baseline, checked, CFG)
    assert spikes and all(s.kind == "negative_share" for s in spikes)
    # Buckets are three hours wide: the wave's core (hours 21-23) is inside the alert.
    assert spikes[0].starts_at <= checked[21].start and spikes[-1].ends_at >= checked[24].start
    assert spikes[0].observed > 0.8 and spikes[0].expected < 0.25


def test_a_few_extra_mentions_never_alert():
    baseline, checked = split(series(30, 5))
    quiet_night = next(i for i, h in enumerate(checked) if h.start.hour == 4 and h.count <= 1)
    checked[quiet_night] = Hour(checked[quiet_night].start, 4, 4, 4)  # four, all negative
    assert volume_spikes(baseline, checked, CFG) == []
    assert negative_spikes(baseline, checked, CFG) == []


def test_no_history_never_alerts():
    baseline = [Hour(START + i * HOUR, 0) for i in range(28 * 24)]
    baseline[5] = Hour(baseline[5].start, 1, 1, 0)
    checked = [Hour(START + (28 * 24 + i) * HOUR, 3, 3, 3) for i in range(48)]
    assert volume_spikes(baseline, checked, CFG) == []
    assert negative_spikes(baseline, checked, CFG) == []
