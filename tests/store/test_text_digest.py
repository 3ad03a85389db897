"""Each mention keeps the digest of its normal text (migration 0027): written when it is stored,
back-filled for the mentions stored before, carried by `store copy`, and always the digest of
the text stored beside it, on both engines. Coordinated posts group copies by it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ambassade.model import Mention
from store import Store, links, open_store
from store.copy import copy_database
from store.mentions import insert_mentions
from store.postgres import close_pools
from tests.store.test_sample_key import undo_sample_key

NOW = datetime(2026, 5, 4, 12, tzinfo=timezone.utc)
BASE = "Boycott Lemoine, ils empoisonnent leurs clients"
# Texts a listener really meets, and worse: links, every kind of space at both ends and inside,
# case, emoji, a text just under and just over the 20 characters that count, a very long one.
HOSTILE = [
    BASE, BASE.upper(), f"{BASE} https://t.co/abc", f"https://bit.ly/x {BASE}", f"{BASE}\thttp://x.fr/a?b=c",
    f"\t{BASE}\n", f"{BASE}\r\n", BASE.replace(" ", "  "), BASE.replace(" ", "\u00a0"), f"\u00a0{BASE}\u00a0",
    f"\u3000{BASE}\u2003", f"{BASE}\u000b", f"\f{BASE} HTTP://X.FR", f"{BASE} 🔥🔥 👍🏽", "🔥" * 25,
    f"voir:https://x.fr/y {BASE}", f"{BASE} ://", "x" * 19, "x" * 20, " " * 30, "\u00a0" * 19 + "abc",
    "Déçu, TRÈS DÉÇU par Lemoine", (BASE + " ") * 5_000,
] + [f"{chr(c)}{BASE}{chr(c)}" for c in links.TRIMMED]


def mentions(texts: list[str], prefix: str = "t") -> list[Mention]:
    return [Mention(source="x", native_id=f"{prefix}{i}", author=f"acct{i}", author_id=f"id{i}", text=text,
                    url=None, created_at=NOW - timedelta(minutes=i), matched=("Lemoine",))
            for i, text in enumerate(texts)]


def expected_digest(db: Store) -> str:
    """The digest as the straightforward query would compute it: MD5 of `_NORMAL_TEXT`, by pattern."""
    return (f"CASE WHEN length(text) >= 20 THEN CAST(md5({links._NORMAL_TEXT.format(col='text')}) AS UUID) END")


def wrong_digests(db: Store) -> list[tuple]:
    """(id, stored digest, expected digest) of every mention whose digest is not its text's."""
    return db._rows(f"SELECT id, text_digest, expected FROM (SELECT id, text_digest, {expected_digest(db)} "
                    "AS expected FROM mentions) d WHERE text_digest IS DISTINCT FROM expected")


def test_the_digest_written_at_ingest_is_the_normal_texts_for_hostile_texts(db: Store):
    with db.transaction() as tx:
        insert_mentions(tx, mentions(HOSTILE))
    assert wrong_digests(db) == []
    digests = dict(db._rows("SELECT text, text_digest FROM mentions"))
    # Short texts have none (they never count); the variants of one message share one.
    assert digests["x" * 19] is None and digests["x" * 20] is not None
    assert digests[" " * 30] is not None      # 30 characters, however empty once normalised
    copies = [BASE, BASE.upper(), f"{BASE} https://t.co/abc", BASE.replace(" ", "  "), f"\t{BASE}\n"]
    if db.engine == "duckdb":       # PostgreSQL's trim drops the plain space alone
        copies.append(f"\u00a0{BASE}\u00a0")
    assert len({digests[t] for t in copies}) == 1
    assert digests[BASE] != digests[f"{BASE} 🔥🔥 👍🏽"]


def test_a_mention_collected_again_keeps_its_text_and_its_digest(db: Store):
    with db.transaction() as tx:
        insert_mentions(tx, mentions([BASE, f"{BASE} https://t.co/abc"]))
    # The same ids with other texts (an edited post read again): the stored rows are kept.
    with db.transaction() as tx:
        insert_mentions(tx, mentions(["Tout autre chose, vraiment rien à voir", "court"]))
    assert sorted(text for (text,) in db._rows("SELECT text FROM mentions")) == sorted(
        [BASE, f"{BASE} https://t.co/abc"])
    assert wrong_digests(db) == []


UPDATE_OF_TEXT = re.compile(r"UPDATE\s+mentions\s+SET[^\"']*?\btext\s*=", re.IGNORECASE)


def test_no_writer_changes_a_stored_text():
    # DuckDB's digest is written by the insert (store/mentions.py `_insert_batch`, store/copy.py):
    # a writer that changed mentions.text would have to write it too (PostgreSQL's column is
    # generated: it follows any update). Corrections, erasure and purge never rewrite a text.
    root = Path(__file__).resolve().parents[2]
    offenders = [str(p.relative_to(root)) for package in ("store", "scoring", "collectors", "ambassade", "alerts",
                                                        "exports", "programme", "links", "dashboard")
                 for p in (root / package).rglob("*.py") if UPDATE_OF_TEXT.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
    assert UPDATE_OF_TEXT.search("UPDATE mentions SET text = ?")      # the pattern finds one


def test_postgresqls_digest_follows_an_update_of_the_text(pg_url: str):
    with open_store(pg_url) as db:
        with db.transaction() as tx:
            insert_mentions(tx, mentions([BASE]))
        db._rows("UPDATE mentions SET text = ? WHERE id = 'x:t0'", [f"{BASE.upper()} https://t.co/z"])
        db._rows("UPDATE mentions SET text = ? WHERE id = 'x:t0'", ["Merci Lemoine pour tout, vraiment"])
        assert wrong_digests(db) == []


def _undo_0027(db: Store) -> None:
    """The file or database as migration 0026 left it, its mentions stored already (DuckDB's
    sample key, 0028 and 0029, undone as well)."""
    if db.engine == "postgres":
        db._rows("ALTER TABLE mentions DROP COLUMN text_digest")
        db._rows("DROP FUNCTION text_digest(text)")
    else:
        db._rows("ALTER TABLE mentions DROP COLUMN text_digest")
        db._rows("DROP MACRO text_digest")
        undo_sample_key(db)
    db._rows("UPDATE schema_version SET version = 26")


def test_the_migration_back_fills_the_mentions_stored_before_it(db_target):
    with open_store(db_target) as db:     # today's writers fill the mentions, then 0027 is undone
        with db.transaction() as tx:
            insert_mentions(tx, mentions(HOSTILE))
        _undo_0027(db)
        assert "text_digest" not in {c for (c,) in db._rows(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'mentions'")}
    close_pools()
    with open_store(db_target) as db:     # and migration 0027 digests them
        assert db.schema_version() >= 27
        assert wrong_digests(db) == []
        [(digests,)] = db._rows("SELECT count(text_digest) FROM mentions")
        assert digests == sum(len(t) >= 20 for t in HOSTILE)
        with db.transaction() as tx:      # and the writers go on as before
            insert_mentions(tx, mentions([BASE], prefix="new"))
        assert wrong_digests(db) == []


def test_a_copy_between_engines_carries_each_engines_own_digest_and_duckdbs_sample_key(tmp_path: Path, pg_url: str):
    source = tmp_path / "source.duckdb"
    with open_store(source) as db, db.transaction() as tx:
        insert_mentions(tx, mentions(HOSTILE))
    with open_store(source, read_only=True) as db, open_store(pg_url) as pg:
        copy_database(db, pg)
        assert wrong_digests(pg) == []
        [(there,)] = pg._rows("SELECT count(text_digest) FROM mentions")
        assert there == sum(len(t) >= 20 for t in HOSTILE)
    back = tmp_path / "back.duckdb"
    with open_store(pg_url, read_only=True) as pg, open_store(back) as db:
        copy_database(pg, db)
        assert wrong_digests(db) == []
    # PostgreSQL has no sample key (migration 0028): DuckDB computes it again, the same one.
    sql = "SELECT id, (text_digest, sample_key) FROM mentions"
    with open_store(source, read_only=True) as db:
        before = dict(db._rows(sql))
    with open_store(back, read_only=True) as db:
        assert dict(db._rows(sql)) == before


def test_the_ranges_of_digests_hold_every_digest_once(db: Store):
    # Coordinated posts aggregate each range on its own (store/links.py `digest_ranges`).
    with db.transaction() as tx:
        insert_mentions(tx, mentions(HOSTILE + [f"{BASE} numéro {i}" for i in range(300)]))
    [(digests,)] = db._rows("SELECT count(text_digest) FROM mentions")
    counted = [db._rows("SELECT count(*) FROM mentions WHERE text_digest BETWEEN CAST(? AS UUID) AND CAST(? AS UUID)",
                        [lo, hi])[0][0] for lo, hi in links.digest_ranges()]
    assert sum(counted) == digests > 300 and all(counted)
    assert links.digest_ranges(1) == [("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff")]
