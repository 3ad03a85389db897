"""A migrated schema as plain data, to compare two runners' results (tests/store/test_migrations.py).

`duckdb_schema` reads DuckDB's catalog functions and `postgres_schema` PostgreSQL's catalogs,
each row as a list of strings, sorted, so that two databases compare with `==` and a
difference shows as a diff. Object ids and database names are left out: they differ between
any two databases. The snapshot in tests/store/data/ was written by this module from the
runner as it was before per-engine files ran beside the plain ones (commit c81032d):

    python tests/store/schema_snapshot.py FOLDER   # that commit's store/ and tests/ first on sys.path
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

_DUCKDB = {
    "tables": "SELECT table_name, sql FROM duckdb_tables() WHERE NOT internal AND NOT temporary",
    "columns": "SELECT table_name, column_index, column_name, data_type, column_default, is_nullable "
               "FROM duckdb_columns() WHERE NOT internal",
    "views": "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND NOT temporary",
    "indexes": "SELECT index_name, table_name, is_unique, expressions, sql FROM duckdb_indexes()",
    "macros": "SELECT function_name, function_type, parameters, macro_definition FROM duckdb_functions() "
              "WHERE NOT internal AND function_type IN ('macro', 'table_macro')",
    "sequences": "SELECT sequence_name, sql FROM duckdb_sequences()",
    "constraints": "SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints()",
}

# `current_schema()` only: the functions of store/postgres_functions.sql are there too.
_POSTGRES = {
    "columns": "SELECT table_name, ordinal_position, column_name, data_type, udt_name, is_nullable, "
               "column_default, collation_name FROM information_schema.columns "
               "WHERE table_schema = current_schema()",
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()",
    "views": "SELECT viewname, definition FROM pg_views WHERE schemaname = current_schema()",
    "functions": "SELECT p.proname, pg_get_function_identity_arguments(p.oid), pg_get_functiondef(p.oid) "
                 "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                 "WHERE n.nspname = current_schema() AND p.prokind = 'f'",
    "sequences": "SELECT sequencename, data_type::text, start_value, increment_by FROM pg_sequences "
                 "WHERE schemaname = current_schema()",
    "constraints": "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
                   "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                   "WHERE n.nspname = current_schema()",
}


def _normal(value: Any) -> str:
    """A catalog value as one comparable string: whitespace runs folded (view texts)."""
    return re.sub(r"\s+", " ", str(value)).strip()


def _rows(rows: list[tuple], dropped: set[str] = frozenset()) -> list[list[str]]:
    return sorted([_normal(v) for v in row] for row in rows if str(row[0]) not in dropped)


def duckdb_schema(con: Any) -> dict[str, list[list[str]]]:
    """Tables, columns, views, indexes, macros, sequences and constraints of a DuckDB connection."""
    return {part: _rows(con.execute(sql).fetchall()) for part, sql in _DUCKDB.items()}


def postgres_schema(con: Any) -> dict[str, list[list[str]]]:
    """Columns, indexes, views, functions, sequences and constraints of a psycopg connection's schema."""
    return {part: _rows(con.execute(sql).fetchall()) for part, sql in _POSTGRES.items()}


def _statements_of(dump: str) -> str:
    """A dump's SQL alone: psql's meta-commands (`\\restrict` in recent pg_dump) are not SQL,
    and its comment headers (one per object) only repeat the names."""
    lines = [line for line in dump.splitlines() if line and not line.startswith(("\\", "--"))]
    return "\n".join(lines) + "\n"


def _write(folder: Path) -> None:
    """Migrate a new DuckDB file and a PostgreSQL database with the store on sys.path; write
    DuckDB's schema as JSON and PostgreSQL's as a schema-only dump (restored by the tests)."""
    import subprocess
    import tempfile

    import duckdb

    from store import open_store
    from store.postgres import close_pools
    from tests.pg import Cluster, _bin_dir

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "snapshot.duckdb"
        open_store(path).close()
        con = duckdb.connect(str(path), read_only=True)
        (folder / "schema_v23.duckdb.json").write_text(json.dumps(duckdb_schema(con), indent=1) + "\n")
        con.close()
    bin_dir = _bin_dir()
    cluster = Cluster(bin_dir)
    try:
        name = cluster.new_database()
        url = cluster.url(name)
        open_store(url).close()
        close_pools()
        pg_dump = Path(os.path.realpath(bin_dir / "initdb")).parent / "pg_dump"
        dump = subprocess.run([*cluster._as, str(pg_dump), "--schema-only", "--no-owner",
                               "--no-privileges", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", cluster.user,
                               name], capture_output=True, text=True, check=True).stdout
        (folder / "schema_v23.postgres.sql").write_text(_statements_of(dump))
    finally:
        cluster.stop()


if __name__ == "__main__":
    _write(Path(sys.argv[1]))
