"""run_collector: a bad payload skips its partition and is counted; a bug fails the run, loudly."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ambassade.errors import BadPayload
from ambassade.model import Mention
from collectors.base import MESSAGE_LIMIT, Cursor, Page, RunStats, every_page, parsing, run_collector

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


class ScriptedCollector:
    """Partitions "a", "b", "c": each yields one page, unless `raises` names what it raises."""

    name = "scripted"
    reads_source = "scripted"
    paused: str | None = None
    notice: str | None = None

    def __init__(self, raises: dict[str, Exception]) -> None:
        self.raises = raises

    def partitions(self) -> list[str]:
        return ["a", "b", "c"]

    def pages(self, query, cursor):
        if query in self.raises:
            raise self.raises[query]
        yield Page([Mention(source=self.name, native_id=query, author="x", author_id="1",
                            text="Lemoine", url=None, created_at=NOW)],
                   Cursor(self.name, query, {"done": "1"}))

    def preview(self, query):
        return every_page(self, query)


def runs(store) -> list[tuple]:
    return store._rows("SELECT job, status, items, errors, message FROM runs ORDER BY id")


def stored(store) -> list[str]:
    return [r[0] for r in store._rows("SELECT id FROM mentions ORDER BY id")]


def test_a_bad_payload_skips_its_partition_counted_and_the_others_run(store, caplog):
    collector = ScriptedCollector({"b": BadPayload("b: response is not valid JSON")})
    stats = run_collector(collector, store)
    assert (stats.status, stats.errors) == ("ok", 1)
    assert stored(store) == ["scripted:a", "scripted:c"]
    assert "b: skipped (b: response is not valid JSON)" in stats.messages
    [(job, status, items, errors, message)] = runs(store)
    assert (job, status, items, errors) == ("collect:scripted", "ok", 2, 1)
    assert "b: skipped" in message and "Traceback" not in message
    assert any(r.levelname == "WARNING" and "partition skipped" in r.message
               for r in caplog.records)


def test_a_bug_is_a_failed_run_with_its_traceback_in_runs(store, caplog):
    collector = ScriptedCollector({"b": KeyError("created_utc")})       # our bug, not a payload
    with pytest.raises(KeyError):
        run_collector(collector, store)
    assert stored(store) == ["scripted:a"]                # "a" was committed before the bug
    [(job, status, items, errors, message)] = runs(store)
    assert (job, status, items) == ("collect:scripted", "failed", 1)
    assert "Traceback (most recent call last)" in message
    assert "KeyError: 'created_utc'" in message
    assert f"{__file__}\", line " in message and "in pages" in message   # the innermost frame
    assert f"(at {__file__}:" in message.splitlines()[0]                 # on the summary line too
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "run failed" in record.message and record.exc_info[0] is KeyError


def test_the_journal_keeps_the_innermost_frame_of_a_long_traceback():
    stats = RunStats("x", status="failed", messages=["m" * 3000],
                     failure="Traceback\n" + "  frame\n" * 500 + '  File "x.py", line 9\nKeyError: 1')
    journal = stats.journal()
    assert len(journal) <= MESSAGE_LIMIT
    assert journal.endswith('File "x.py", line 9\nKeyError: 1')


def test_parsing_turns_a_field_of_the_wrong_shape_into_a_bad_payload():
    with pytest.raises(BadPayload, match=r"feed: unexpected payload \(KeyError: 'id'\)"):
        with parsing("feed"):
            {}["id"]


class SkippingCollector(ScriptedCollector):
    """Each partition's page dropped two entries (not matching, malformed)."""

    def pages(self, query, cursor):
        for page in super().pages(query, cursor):
            yield Page(page.mentions, page.cursor, skipped=2)


def test_skipped_entries_are_counted_in_the_summary_and_in_runs(store):
    stats = run_collector(SkippingCollector({}), store)
    assert stats.skipped == 6 and "3 new of 3 fetched, 3 pages, 6 skipped, 0 errors" in stats.summary()
    assert store._rows("SELECT items, errors, skipped FROM runs") == [(3, 0, 6)]
