"""`ambassade schedule` ingests the spool; erasure and purge remove every hit of a person."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ambassade.scheduler import links_ingest_job
from links.spool import SpoolWriter, new_hit
from store import open_store
from store.retention import erase_employee, purge_expired
from tests.conftest import MINIMAL_TOML
from ambassade.settings import parse_settings
from tests.links.conftest import make_programme


def test_the_scheduler_job_ingests_the_spool_beside_the_database(tmp_path):
    db = tmp_path / "db.duckdb"
    codes = make_programme(db)
    writer = SpoolWriter(tmp_path / "db.duckdb.clicks")
    now = datetime.now(timezone.utc)
    writer.write(new_hit(codes["emp:ana|Le pain|x"], now, "human", "desktop"))
    writer.write(new_hit(codes["emp:bob|Le pain|x"], now, "bot", "bot"))
    writer.close()
    settings = parse_settings(MINIMAL_TOML)
    with open_store(db) as store:
        links_ingest_job(store, settings)
        links_ingest_job(store, settings)
        assert store._rows("SELECT kind, count(*) FROM link_hits GROUP BY 1 ORDER BY 1") == [("bot", 1), ("human", 1)]


def test_erasure_and_purge_remove_hits_and_tracking(tmp_path):
    db = tmp_path / "db.duckdb"
    codes = make_programme(db)
    writer = SpoolWriter(tmp_path / "db.duckdb.clicks")
    now = datetime.now(timezone.utc)
    for code in codes.values():
        writer.write(new_hit(code, now, "human", "desktop"))
        writer.write(new_hit(code, now - timedelta(days=400), "bot", "bot"))
    writer.close()
    with open_store(db) as store:
        links_ingest_job(store, parse_settings(MINIMAL_TOML))
        with store.transaction() as tx:
            gone = erase_employee(tx, "emp:ana")
        assert gone["link_hits"] == 8 and gone["share_link_tracking"] == 4
        ana = [c for k, c in codes.items() if k.startswith("emp:ana")]
        for table in ("link_hits", "clicks", "share_link_tracking", "share_links"):
            assert store._rows(f"SELECT count(*) FROM {table} WHERE code IN (SELECT unnest(?))", [ana]) == [(0,)]
        with store.transaction() as tx:
            gone = purge_expired(tx, 365, now)
        assert gone["link_hits"] == 4
        assert store._rows("SELECT count(*) FROM link_hits WHERE hit_at < ?", [now - timedelta(days=365)]) == [(0,)]
