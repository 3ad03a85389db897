"""Copying a whole database from one engine to the other (`ambassade store copy`).

Table by table, in chunks ordered by the primary key, each chunk one transaction on the
target inserted with ON CONFLICT DO NOTHING: a copy that stopped half-way (a killed process,
a lost connection) runs again from where the rows are, and a finished table is passed over. A
table without a primary key is copied whole in one transaction, or again from empty when its
counts differ. Sequences on the target move past the copied ids. Both sides' row counts per
table are the report.

The explorer's word index (`mention_tokens`, ~17 rows a mention) is DuckDB's alone: PostgreSQL
searches with its own full-text index (migration 0024), kept on the mentions by the server. So
a copy to PostgreSQL leaves it out (the target's table stays empty), and a copy to DuckDB from
PostgreSQL rebuilds it from the copied mentions, in chunks (each a transaction: a stopped
rebuild goes on with the mentions not yet indexed), then sorts it as purge does. Its queue of
mentions not yet indexed (`mention_tokens_pending`, migration 0026) goes the same way: left out
of a copy to PostgreSQL, folded into the index before a rebuild. A DuckDB-to-DuckDB copy
keeps both as they are (the queued mentions are searched directly there too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ambassade.errors import StoreError

from store import search
from store.connect import Store
from store.daily import DUCKDB_ONLY, number_authors
from store.health import row_counts, table_names
from store.mentions import DUCKDB_COMPUTED, fill_score_times

CHUNK_ROWS = 20_000
INDEX_CHUNK_MENTIONS = 50_000     # mentions indexed per transaction when the word index is rebuilt
WORD_INDEX = "mention_tokens"
WORD_QUEUE = "mention_tokens_pending"      # mentions not yet in the word index (0026)

# Tables whose id comes from a sequence (the migrations' `DEFAULT nextval(…)`).
SEQUENCES = {"runs": "runs_id_seq", "consent_events": "consent_events_id_seq",
             "content_decisions": "content_decisions_id_seq", "proposals": "proposals_id_seq",
             "corrections": "corrections_id_seq"}


@dataclass(frozen=True)
class TableCopy:
    """One table's rows on each side after the copy, and how many this run added."""

    table: str
    source_rows: int
    target_rows: int
    added: int
    # What the target must hold once copied: the source's rows, except for the word index,
    # which the target's engine keeps by its own rule (none on PostgreSQL; rebuilt on DuckDB).
    expected_rows: int | None = None
    note: str = ""

    @property
    def complete(self) -> bool:
        """Whether the target holds what it must."""
        return self.target_rows == (self.source_rows if self.expected_rows is None else self.expected_rows)


def copy_database(source: Store, target: Store, progress: Callable[[str], None] | None = None,
                  chunk_rows: int = CHUNK_ROWS) -> list[TableCopy]:
    """Copy every table of `source` into `target` (both at the latest schema); resumable."""
    say = progress or (lambda line: None)
    tables = table_names(source)
    missing = sorted(set(tables) - set(table_names(target)))
    if missing:
        raise StoreError(f"{target.path}: tables missing on the target: {', '.join(missing)}")
    before = row_counts(target)
    counts = row_counts(source)
    report = []
    for table in tables:
        columns = [c for c in _columns(source, table)
                   if target.engine != "postgres" or c not in DUCKDB_ONLY.get(table, ())]
        key = _primary_key(source, table)
        had = before.get(table, 0)
        if table in (WORD_INDEX, WORD_QUEUE) and (target.engine == "postgres" or source.engine == "postgres"):
            continue        # not copied: the target's engine keeps its own (after the loop)
        if had == counts[table]:
            say(f"{table}: {had} rows, already copied")
        elif not key:
            with target.transaction() as db:
                db._rows(f'DELETE FROM "{table}"')
                _copy_whole(source, db, table, columns)
            say(f"{table}: {counts[table]} rows copied (no primary key: copied whole)")
        else:
            _copy_by_key(source, target, table, columns, key, chunk_rows)
            say(f"{table}: {counts[table]} rows")
        if table in SEQUENCES:
            _advance_sequence(target, table, SEQUENCES[table])
    expected: dict[str, tuple[int, str]] = {}
    if WORD_INDEX in tables and target.engine == "postgres":
        expected[WORD_INDEX] = (0, "not used on PostgreSQL (full-text search): not copied")
        say(f"{WORD_INDEX}: not copied (PostgreSQL searches with its own full-text index)")
        if WORD_QUEUE in tables:
            expected[WORD_QUEUE] = (0, "not used on PostgreSQL (full-text search): not copied")
    elif WORD_INDEX in tables and source.engine == "postgres":
        rebuild_word_index(target, say)
        expected[WORD_INDEX] = (word_index_rows(target), "rebuilt from the copied mentions")
        if WORD_QUEUE in tables:
            expected[WORD_QUEUE] = (0, "folded into the rebuilt word index")
    number_authors(target)      # the authors a PostgreSQL source had no numbers for (migration 0030)
    with target.transaction() as db:
        fill_score_times(db)    # and its scores' times (0031)
    after = row_counts(target)
    for table in tables:
        rows, note = expected.get(table, (None, ""))
        report.append(TableCopy(table, counts[table], after.get(table, 0), after.get(table, 0) - before.get(table, 0),
                                rows, note))
    return report


def rebuild_word_index(target: Store, say: Callable[[str], None],
                       chunk: int = INDEX_CHUNK_MENTIONS) -> int:
    """Index, in DuckDB's word index, the mentions of `target` that have no row in it yet,
    `chunk` mentions a transaction in id order, then sort the index. Returns how many.
    Mentions queued for the index (migration 0026) are folded in first: none is indexed twice."""
    search.index_pending(target)
    with target.transaction() as db:
        db._rows("CREATE OR REPLACE TEMPORARY TABLE _unindexed AS SELECT id, row_number() OVER (ORDER BY id) AS n "
                 f"FROM mentions WHERE id NOT IN (SELECT mention_id FROM {WORD_INDEX})")
    try:
        [(todo,)] = target._rows("SELECT count(*) FROM _unindexed")
        for first in range(0, todo, chunk):
            with target.transaction() as db:
                rows = db._arrow("SELECT m.id, m.author, m.text, m.created_at, m.source, m.matched, m.competitors "
                                 "FROM mentions m JOIN _unindexed u ON u.id = m.id WHERE u.n > ? AND u.n <= ?",
                                 [first, first + chunk])
                with db._registered("_index_rows", rows):
                    search.index_batch(db, "_index_rows")
            say(f"{WORD_INDEX}: {min(first + chunk, todo):,} of {todo:,} mentions indexed")
    finally:
        target._rows("DROP TABLE IF EXISTS _unindexed")
    if todo:
        search.cluster(target)
    return int(todo)


def word_index_rows(db: Store) -> int:
    """How many rows DuckDB's word index holds when every stored mention is indexed."""
    [(rows,)] = db._rows("SELECT coalesce(sum(len(search_tokens(coalesce(author, '') || ' ' || text))), 0) "
                         "FROM mentions")
    return int(rows)


def _copy_by_key(source: Store, target: Store, table: str, columns: list[str], key: list[str],
                 chunk_rows: int) -> None:
    """The table in primary-key order, `chunk_rows` a transaction, each chunk read after the
    last key copied rather than at an OFFSET: an OFFSET makes the source sort and skip every row
    before it again for each chunk (hours for a 10M-row table); a key range reads its own rows
    only (the key's index on PostgreSQL). Source order and comparison are both the source's,
    so no row is skipped whatever the two engines' collations."""
    names = ", ".join(f'"{c}"' for c in columns)
    order = ", ".join(f'"{k}"' for k in key)
    after_key = f"({order}) > ({', '.join('?' for _ in key)})"
    last: list | None = None
    while True:
        where = "" if last is None else f" WHERE {after_key}"
        rows = source._arrow(f'SELECT {names} FROM "{table}"{where} ORDER BY {order} LIMIT {int(chunk_rows)}',
                             last)
        if rows.num_rows:
            with target.transaction() as db:
                _insert(db, table, names, rows, conflict=True)
        if rows.num_rows < chunk_rows:
            return
        last = [rows.column(k)[rows.num_rows - 1].as_py() for k in key]


def _copy_whole(source: Store, target: Store, table: str, columns: list[str]) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    rows = source._arrow(f'SELECT {names} FROM "{table}"')
    if rows.num_rows:
        _insert(target, table, names, rows, conflict=False)


def _insert(target: Store, table: str, names: str, rows, conflict: bool) -> None:
    with target._registered("_copy_rows", rows):
        skip = " ON CONFLICT DO NOTHING" if conflict else ""
        into = values = names
        if table == "mentions" and getattr(target, "engine", "duckdb") != "postgres":
            # Computed by the target's own rules, as its ingest computes them.
            into = names + "".join(f', "{name}"' for name in DUCKDB_COMPUTED)
            values = names + "".join(f", {sql}" for sql in DUCKDB_COMPUTED.values())
        target._rows(f'INSERT INTO "{table}" ({into}) SELECT {values} FROM _copy_rows{skip}')


def _columns(db: Store, table: str) -> list[str]:
    """The table's stored columns; PostgreSQL's generated ones (the mentions' search_vector,
    migration 0024) are computed by the target, never copied, and so are the mentions' columns
    DuckDB's writers compute (store/mentions.py DUCKDB_COMPUTED: computed by `_insert` there)."""
    generated = " AND is_generated = 'NEVER'" if db.engine == "postgres" else ""
    return [r[0] for r in db._rows(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        f"AND table_schema = current_schema(){generated} ORDER BY ordinal_position", [table])
        if table != "mentions" or r[0] not in DUCKDB_COMPUTED]


def _primary_key(db: Store, table: str) -> list[str]:
    return [r[0] for r in db._rows(
        "SELECT k.column_name FROM information_schema.table_constraints tc "
        "JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name "
        "AND k.table_name = tc.table_name "
        "WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_name = ? "
        "AND tc.table_schema = current_schema() ORDER BY k.ordinal_position", [table])]


def _advance_sequence(target: Store, table: str, sequence: str) -> None:
    """New rows on the target take ids after the copied ones."""
    [(top,)] = target._rows(f'SELECT coalesce(max(id), 0) FROM "{table}"')
    if not top:
        return
    if getattr(target, "engine", "duckdb") == "postgres":
        target._rows(f"SELECT setval('{sequence}', {int(top)})")
        return
    # DuckDB has no setval: draw the sequence up to the copied ids (few rows: runs, decisions).
    [(current,)] = target._rows(f"SELECT nextval('{sequence}')")
    if current < top:
        target._rows(f"SELECT max(nextval('{sequence}')) FROM range({int(top - current)})")
