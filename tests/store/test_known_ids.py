"""insert_mentions checks ids first: both lookup paths (index probes, semi-join) dedupe exactly."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ambassade.model import Mention
from store.connect import open_store
from store.mentions import INDEX_LOOKUP_MAX, insert_mentions, known_ids


def mentions(start: int, count: int) -> list[Mention]:
    return [Mention(source="x", native_id=str(i), author=f"a{i % 7}", author_id=str(i % 7),
                    text=f"Lemoine {i}", url=None,
                    created_at=datetime(2026, 11, 1, tzinfo=timezone.utc), matched=("Lemoine",))
            for i in range(start, start + count)]


@pytest.mark.parametrize("size", [10, INDEX_LOOKUP_MAX, INDEX_LOOKUP_MAX + 1, 2_000])
def test_overlapping_batches_add_only_new_rows(tmp_path, size):
    with open_store(tmp_path / "k.duckdb") as store:
        with store.transaction() as con:
            assert insert_mentions(con, mentions(0, size)) == size
        with store.transaction() as con:
            half = size // 2
            assert insert_mentions(con, mentions(half, size)) == half   # ids size..size+half new
            asked = [f"x:{i}" for i in range(size + half - 2, size + half + 2)]
            assert known_ids(con, asked) == set(asked[:2])
        assert store._rows("SELECT count(*), count(DISTINCT id) FROM mentions") == [
            (size + half, size + half)]


def test_ids_with_quotes_and_markup_are_plain_values(tmp_path):
    odd = ["x:1' OR '1'='1", "x:<script>", "x:" + "é" * 300]
    with open_store(tmp_path / "k.duckdb") as store, store.transaction() as con:
        assert known_ids(con, odd) == set()
        assert known_ids(con, []) == set()
