"""An incident's mentions, read by id in the incident's order, on both engines (on PostgreSQL the
ids travel as one array literal, which `unnest` needs typed)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ambassade.model import Mention
from store.incidents import mentions_by_ids
from store.mentions import insert_mentions

NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)


def test_mentions_by_ids_keeps_the_order_asked_for(db):
    mentions = [Mention(source="x", native_id=str(i), author=f"a{i}", author_id=f"a{i}", text=f"Lemoine {i}",
                        url=f"https://example.org/{i}", created_at=NOW - timedelta(hours=i), lang="fr",
                        matched=("Lemoine",)) for i in range(3)]
    with db.transaction() as tx:
        insert_mentions(tx, mentions)
    found = mentions_by_ids(db, ["x:2", "x:0", "x:missing", "x:1"])
    assert list(found["id"]) == ["x:2", "x:0", "x:1"]
    assert list(found["text"]) == ["Lemoine 2", "Lemoine 0", "Lemoine 1"]
