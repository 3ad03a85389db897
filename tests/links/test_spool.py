"""The click spool: whole lines, held files kept, finished files ingested once, bad lines counted."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from links.agents import agent_class
from links.ingest import ingest_spool
from links.spool import SpoolWriter, hit_line, new_hit, parse_line, read_spool
from store import open_store
from tests.links.conftest import BROWSER, PHONE, make_programme

AT = datetime(2026, 3, 10, 12, 30, tzinfo=timezone.utc)


def test_lines_round_trip_and_hold_no_visitor():
    hit = new_hit("Ab3dEf9hJk2M", AT, "human", "desktop")
    line = hit_line(hit)
    assert parse_line(line.strip()) == hit
    assert set(json.loads(line)) == {"id", "code", "at", "kind", "ua"}


@pytest.mark.parametrize("line", [
    b"not json", b"[]", b'{"id": "x"}', b"{" * 5000,
    b'{"id":"abcdef123456","code":"../etc/pw","at":"2026-03-10T12:00:00Z","kind":"human","ua":"desktop"}',
    b'{"id":"abcdef123456","code":"Ab3dEf9hJk2M","at":"2026-03-10T12:00:00","kind":"human","ua":"desktop"}',
    b'{"id":"abcdef123456","code":"Ab3dEf9hJk2M","at":"2026-03-10T12:00:00Z","kind":"admin","ua":"desktop"}',
    b'{"id":"=cmd|x","code":"Ab3dEf9hJk2M","at":"2026-03-10T12:00:00Z","kind":"human","ua":"desktop"}',
])
def test_malformed_lines_are_refused(line):
    with pytest.raises((ValueError, TypeError)):
        parse_line(line)


def test_a_held_file_is_read_but_kept_and_a_released_one_is_finished(tmp_path):
    writer = SpoolWriter(tmp_path / "spool")
    writer.write(new_hit("Ab3dEf9hJk2M", AT, "human", "desktop"))
    batch = read_spool(tmp_path / "spool")
    assert len(batch.hits) == 1 and batch.done == [] and batch.active == 1
    writer.write(new_hit("Ab3dEf9hJk2M", AT, "bot", "bot"))
    writer.close()
    batch = read_spool(tmp_path / "spool")
    assert len(batch.hits) == 2 and len(batch.done) == 1 and batch.active == 0


def test_rotation_releases_the_old_file(tmp_path):
    writer = SpoolWriter(tmp_path / "spool", rotate_seconds=0)
    for _ in range(3):
        writer.write(new_hit("Ab3dEf9hJk2M", AT, "human", "desktop"))
    batch = read_spool(tmp_path / "spool")
    assert len(batch.hits) == 3 and batch.active == 1 and len(batch.done) >= 1
    writer.close()


def test_ingestion_skips_bad_lines_counts_them_and_keeps_the_good_ones(tmp_path):
    db = tmp_path / "db.duckdb"
    codes = list(make_programme(db).values())
    folder = tmp_path / "spool"
    folder.mkdir()
    good = [new_hit(codes[0], AT, "human", "mobile"), new_hit(codes[1], AT, "repeat", "desktop")]
    (folder / "clicks-1.jsonl").write_bytes(
        hit_line(good[0]) + b"garbage\n" + b"\x00\xff" * 3000 + b"\n" + hit_line(good[1])
        + hit_line(new_hit("ZZZZZZZZZZZZ", AT, "human", "desktop"))        # a code that is no link
        + b'{"id":"abcdef12345')                                             # a torn last line
    with open_store(db) as store:
        stats = ingest_spool(store, folder)
        assert (stats.clicks, stats.others, stats.bad_lines, stats.unknown_code, stats.files_done) == (1, 1, 3, 1, 1)
        assert store._rows("SELECT count(*) FROM clicks") == [(1,)]
    assert not (folder / "clicks-1.jsonl").exists()


def test_a_huge_spool_ingests_in_one_batch(tmp_path):
    db = tmp_path / "db.duckdb"
    codes = list(make_programme(db).values())
    folder = tmp_path / "spool"
    folder.mkdir()
    hits = [new_hit(codes[n % len(codes)], AT, "human", "desktop") for n in range(50_000)]
    (folder / "clicks-big.jsonl").write_bytes(b"".join(hit_line(h) for h in hits))
    with open_store(db) as store:
        assert ingest_spool(store, folder).clicks == 50_000
        (folder / "clicks-again.jsonl").write_bytes(b"".join(hit_line(h) for h in hits[:100]))
        stats = ingest_spool(store, folder)
        assert (stats.clicks, stats.known) == (0, 100)


@pytest.mark.parametrize("agent, method, expected", [
    (BROWSER, "GET", "desktop"), (PHONE, "GET", "mobile"), (BROWSER, "HEAD", "bot"), (None, "GET", "bot"),
    ("LinkedInBot/1.0", "GET", "bot"), ("Something/1.0", "GET", "other"), ("x" * 100_000, "GET", "other"),
])
def test_agent_classes(agent, method, expected):
    assert agent_class(agent, method) == expected
