"""Alerts that overlap or follow closely, whatever their source or kind, are one incident."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from alerts.merge import merge_alerts, severity
from store.incidents import AlertRow

T = datetime(2026, 11, 21, 17, tzinfo=timezone.utc)
H = timedelta(hours=1)


def alert(id_: str, kind: str, source: str, start: float, end: float, score: float = 5.0) -> AlertRow:
    return AlertRow(id_, kind, source, T + start * H, T + end * H, score)


def test_overlapping_alerts_of_every_source_and_kind_are_one_incident():
    rows = [alert("a", "negative_share", "x", 0, 6), alert("b", "negative_share", "all", 0, 6),
            alert("c", "volume", "all", 1, 3), alert("d", "volume", "x", 5, 6),
            alert("e", "volume", "reddit", 2, 3)]
    [group] = merge_alerts(rows, timedelta(0))
    assert group.kinds == ["volume", "negative_share"]
    assert group.sources == ["reddit", "x"]          # 'all' is their sum, not a source
    assert (group.starts_at, group.ends_at) == (T, T + 6 * H)


def test_alerts_further_apart_than_the_gap_are_separate_incidents():
    rows = [alert("a", "volume", "x", 0, 2), alert("b", "volume", "x", 10, 12), alert("c", "volume", "x", 60, 61)]
    assert [len(g.alerts) for g in merge_alerts(rows, timedelta(hours=8))] == [2, 1]
    assert [len(g.alerts) for g in merge_alerts(rows, timedelta(hours=7))] == [1, 1, 1]
    assert [len(g.alerts) for g in merge_alerts(rows, timedelta(0))] == [1, 1, 1]


def test_an_incident_keeps_its_id_while_it_grows_and_when_input_order_changes():
    first = merge_alerts([alert("a", "volume", "x", 0, 2)], timedelta(hours=4))[0].id
    grown = merge_alerts([alert("c", "negative_share", "all", 3, 9), alert("a", "volume", "x", 0, 2),
                          alert("b", "volume", "all", 1, 4)], timedelta(hours=4))
    assert [g.id for g in grown] == [first]
    assert first.startswith("incident:")


def test_a_bridging_alert_merges_two_incidents_under_the_older_id():
    old = merge_alerts([alert("a", "volume", "x", 0, 1), alert("b", "volume", "x", 20, 21)], timedelta(hours=4))
    merged = merge_alerts([alert("a", "volume", "x", 0, 1), alert("b", "volume", "x", 20, 21),
                           alert("m", "negative_share", "all", 3, 18)], timedelta(hours=4))
    assert len(old) == 2 and len(merged) == 1 and merged[0].id == old[0].id


def test_no_alert_no_incident():
    assert merge_alerts([], timedelta(hours=24)) == []


def test_severity_counts_kinds_strength_and_an_influential_author():
    [volume_only] = merge_alerts([alert("a", "volume", "x", 0, 1, score=4.5)], timedelta(0))
    [both] = merge_alerts([alert("a", "volume", "x", 0, 1, score=4.5),
                           alert("b", "negative_share", "x", 0, 3, score=5)], timedelta(0))
    [strong] = merge_alerts([alert("a", "volume", "x", 0, 1, score=12),
                             alert("b", "negative_share", "x", 0, 3, score=5)], timedelta(0))
    assert severity(volume_only, 4.0, None, 50_000) == "low"
    assert severity(both, 4.0, 100, 50_000) == "medium"
    assert severity(strong, 4.0, 100, 50_000) == "high"
    assert severity(both, 4.0, 80_000, 50_000) == "high"
    assert severity(both, 4.0, 80_000, 0) == "medium"       # 0 turns the trigger off
