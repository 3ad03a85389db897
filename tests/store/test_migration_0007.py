"""Migration 0007 upgrades a database written before the programme, keeping what it meant."""

from __future__ import annotations

from datetime import datetime, timezone

import duckdb

from store import open_store
from store.connect import migrations
from store.enrolment import members
from store.library import decisions, library_items

THEN = datetime(2026, 6, 1, tzinfo=timezone.utc)


def test_a_version_6_database_upgrades_in_place(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for version, _, sql in migrations():
        if version <= 6:
            con.execute(sql)
    con.execute("INSERT INTO schema_version VALUES (6)")
    con.execute("INSERT INTO employees (id, display_name, team, opted_in_at, withdrawn_at, named_ok, coaching_ok) "
                "VALUES ('emp:a', 'A', 'T', ?, NULL, true, false), ('emp:b', 'B', 'T', ?, ?, false, true)",
                [THEN, THEN, THEN])
    con.execute("INSERT INTO employee_handles VALUES ('x', 'a_x', 'emp:a'), ('x', 'b_x', 'emp:b')")
    con.execute("INSERT INTO content (id, url, canonical_url, title) VALUES ('content:1', 'https://e.fr/a', "
                "'https://e.fr/a', 'A')")
    con.close()
    with open_store(path) as store:
        assert store.schema_version() >= 7
        # Opting in used to mean the share programme: those rows keep the shares scope.
        assert [(m.id, m.state, m.scopes) for m in members(store)] == [
            ("emp:a", "enrolled", ("shares", "named")), ("emp:b", "withdrawn", ())]
        assert store._rows("SELECT employee_id FROM sharing_handles") == [("emp:a",)]
        # Content never reviewed is proposed, and says so.
        [item] = library_items(store, THEN)
        assert item.state == "proposed"
        assert [d.decided_by for d in decisions(store, "content:1")] == ["migration 0007"]
