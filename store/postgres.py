"""The store on PostgreSQL: the same Store methods, on a psycopg connection from a pool.

A `postgresql://` URL names the database (`--db`, `AMBASSADE_DB`, `[store] path`). The
password comes from the environment (PGPASSWORD), `.pgpass`, or the URL given on the command
line or in the environment, never from the config file (ambassade/settings.py refuses one
there); every error line shows the URL without it.

Each Store holds one pooled connection for its life, as a DuckDB Store holds its connection:
a transaction, the temporary tables of `_registered` and the session's settings stay on it.
Connections run in autocommit; `transaction()` wraps BEGIN/COMMIT. Several processes and
hosts may write at once: PostgreSQL's row locks serialise conflicting upserts, with no
retry loop here.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from itertools import groupby
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import psycopg
import pyarrow as pa
from psycopg.types.numeric import FloatLoader
from psycopg.types.string import TextLoader
from psycopg_pool import ConnectionPool

from ambassade.errors import StoreError, StoreWriteFailed, one_line
from store.connect import Store, migrations, redact
from store.dialect import Catalog, Translated, bind, translate

if TYPE_CHECKING:
    import pandas as pd

_POOLS: dict[tuple[str, bool], _Database] = {}
_POOLS_GUARD = threading.Lock()


def _redacted(url: str, message: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        message = message.replace(parts.password, "***")
    return message


class _Database:
    """One database: its connection pool, and the catalog the SQL translation reads."""

    def __init__(self, url: str, read_only: bool) -> None:
        self.url = url
        self.label = redact(url)
        self.catalog = Catalog()
        self.migrated = False
        self.read_only = read_only
        # One plain connection first: a refused connection or a bad password fails at once, in
        # one line, where the pool would keep retrying in the background.
        try:
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as exc:
            raise StoreError(f"{self.label}: cannot connect: {_redacted(url, one_line(exc))}") from None
        self.pool = ConnectionPool(url, min_size=1, max_size=8, open=False, configure=self._configure,
                                   kwargs={"autocommit": True}, name=self.label)
        try:
            self.pool.open(wait=True, timeout=10)
        except Exception as exc:  # psycopg_pool.PoolTimeout: the server stopped answering
            self.pool.close()
            raise StoreError(f"{self.label}: cannot connect ({_redacted(url, one_line(exc))})") from None

    def _configure(self, con: psycopg.Connection) -> None:
        # Values come back as DuckDB gives them: numeric as float, JSON as its text.
        con.adapters.register_loader("numeric", FloatLoader)
        for name in ("json", "jsonb"):
            con.adapters.register_loader(name, TextLoader)
        con.execute("SET TimeZone = 'UTC'")
        con.execute("SET client_min_messages = warning")
        if self.read_only:
            con.execute("SET default_transaction_read_only = on")

    def load_catalog(self, con: psycopg.Connection) -> None:
        rows = con.execute(
            "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
            "WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position").fetchall()
        columns: dict[str, list[str]] = {}
        json: dict[str, set[str]] = {}
        for table, column, data_type in rows:
            columns.setdefault(table, []).append(column)
            if data_type in ("json", "jsonb"):
                json.setdefault(table, set()).add(column)
        keys: dict[str, list[str]] = {}
        for table, column in con.execute(
                "SELECT tc.table_name, k.column_name FROM information_schema.table_constraints tc "
                "JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name "
                "AND k.table_schema = tc.table_schema "
                "WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema() "
                "ORDER BY tc.table_name, k.ordinal_position").fetchall():
            keys.setdefault(table, []).append(column)
        catalog = Catalog({t: tuple(c) for t, c in columns.items()}, {t: tuple(k) for t, k in keys.items()},
                          {t: frozenset(c) for t, c in json.items()})
        self.catalog = catalog


def _database(url: str, read_only: bool) -> _Database:
    with _POOLS_GUARD:
        found = _POOLS.get((url, read_only))
        if found is None:
            found = _POOLS[(url, read_only)] = _Database(url, read_only)
        return found


def holds_tables(url: str) -> bool:
    """Whether the database's schema has any table (an empty database is not data to protect)."""
    try:
        with psycopg.connect(url, autocommit=True) as con:
            row = con.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").fetchone()
    except psycopg.Error as exc:
        raise StoreError(f"{redact(url)}: cannot connect: {_redacted(url, one_line(exc))}") from None
    return bool(row and row[0])


def drop_schema_objects(url: str) -> None:
    """Drop every table, view, sequence and function of the database's current schema (the
    demo's fresh start, as a DuckDB demo file is deleted; its caller checked it was a demo)."""
    with _POOLS_GUARD:
        for key in [k for k in _POOLS if k[0] == url]:
            _POOLS.pop(key).pool.close()
    try:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(_DROP_ALL)
    except psycopg.Error as exc:
        raise StoreError(f"{redact(url)}: cannot clear the database: {_redacted(url, one_line(exc))}") from None


_DROP_ALL = """
DO $$ DECLARE r record; BEGIN
    FOR r IN SELECT format('DROP %s IF EXISTS %I.%I CASCADE',
                           CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                          WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                           n.nspname, c.relname) AS q
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    LOOP EXECUTE r.q; END LOOP;
    FOR r IN SELECT format('DROP %s IF EXISTS %s CASCADE',
                           CASE p.prokind WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
                           p.oid::regprocedure::text) AS q
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = current_schema()
             ORDER BY p.prokind = 'a' DESC   -- aggregates first: dropping their step function drops them
    LOOP EXECUTE r.q; END LOOP;
END $$"""


def close_pools() -> None:
    """Close every pool of this process (at exit; tests between databases)."""
    with _POOLS_GUARD:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for database in pools:
        database.pool.close()


atexit.register(close_pools)


# Arrow types of registered tables as PostgreSQL columns (COPY binary needs exact types).
def _pg_type(t: pa.DataType) -> str:
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "text"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_integer(t):
        return "bigint"
    if pa.types.is_floating(t):
        return "double precision"
    if pa.types.is_timestamp(t):
        return "timestamptz" if t.tz else "timestamp"
    if pa.types.is_date(t):
        return "date"
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return "bytea"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return _pg_type(t.value_type) + "[]"
    if pa.types.is_null(t):
        return "text"
    raise StoreError(f"cannot register an Arrow column of type {t} on PostgreSQL")


# PostgreSQL type oids as Arrow types, for _arrow() results (an empty result keeps its schema).
_ARROW_OF_OID = {16: pa.bool_(), 20: pa.int64(), 21: pa.int64(), 23: pa.int64(), 25: pa.string(),
                 1043: pa.string(), 114: pa.string(), 3802: pa.string(), 701: pa.float64(),
                 700: pa.float64(), 1700: pa.float64(), 1184: pa.timestamp("us", tz="UTC"),
                 1114: pa.timestamp("us"), 1082: pa.date32(), 17: pa.binary(),
                 1009: pa.list_(pa.string()), 1015: pa.list_(pa.string()), 1016: pa.list_(pa.int64()),
                 1007: pa.list_(pa.int64()), 1022: pa.list_(pa.float64())}


_COUNTED = {"INSERT", "UPDATE", "DELETE", "MERGE"}


class PostgresStore(Store):
    """A PostgreSQL database with the schema at LATEST_VERSION (see the module's docstring)."""

    engine = "postgres"

    def __init__(self, database: _Database, read_only: bool) -> None:
        self._database = database
        self.path = database.label
        self.read_only = read_only
        self._registered_tables: dict[str, tuple[str, ...]] = {}
        self._in_transaction = False
        try:
            self._con = database.pool.getconn(timeout=30)
        except Exception as exc:
            raise StoreError(f"{database.label}: no free connection ({one_line(exc)})") from None

    # -- statements -------------------------------------------------------------------
    def _translated(self, sql: str) -> Translated:
        try:
            return translate(sql, self._database.catalog, tuple(sorted(self._registered_tables.items())))
        except Exception as exc:  # sqlglot's parse and our rewrites: one line naming the statement
            raise StoreError(f"{self.path}: cannot run on PostgreSQL ({one_line(exc)}): "
                             f"{' '.join(sql.split())[:160]}") from None

    def _execute(self, sql: str, params: list | tuple | dict | None) -> psycopg.Cursor:
        translated = self._translated(sql)
        try:
            values = bind(translated, params)
        except ValueError as exc:
            raise StoreError(f"{self.path}: {exc}: {' '.join(sql.split())[:160]}") from None
        cur = psycopg.ClientCursor(self._con)
        try:
            for statement in translated.statements:
                cur.execute(statement, values or None) if values else cur.execute(statement.replace("%%", "%"))
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: {_redacted(self._database.url, one_line(exc))}") from None
        return cur

    def _rows(self, sql: str, params: list | tuple | dict | None = None) -> list[tuple]:
        cur = self._execute(sql, params)
        if cur.description is None:
            # DuckDB answers INSERT, UPDATE and DELETE with one row: how many rows they changed.
            return [(cur.rowcount,)] if cur.rowcount >= 0 and cur.statusmessage.split()[0] in _COUNTED else []
        return [tuple(row) for row in cur.fetchall()]

    def _frame(self, sql: str, params: list | tuple | dict | None = None) -> pd.DataFrame:
        import pandas as pd

        cur = self._execute(sql, params)
        names = [c.name for c in cur.description or []]
        return pd.DataFrame.from_records(cur.fetchall() if cur.description else [], columns=names)

    def _arrow(self, sql: str, params: list | tuple | dict | None = None) -> pa.Table:
        cur = self._execute(sql, params)
        description = cur.description or []
        rows = cur.fetchall() if description else []
        arrays = []
        for i, column in enumerate(description):
            values = [row[i] for row in rows]
            wanted = _ARROW_OF_OID.get(column.type_code)
            try:
                arrays.append(pa.array(values, type=wanted) if wanted is not None else pa.array(values))
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                arrays.append(pa.array(values))
        return pa.table(arrays, names=[c.name for c in description]) if description else pa.table({})

    @contextmanager
    def _registered(self, name: str, table: pa.Table) -> Iterator[None]:
        """`table` as a temporary table `name` for the block, loaded by binary COPY."""
        types = [_pg_type(f.type) for f in table.schema]
        columns = ", ".join(f'"{f.name}" {t}' for f, t in zip(table.schema, types))
        try:
            with self._con.cursor() as cur:
                cur.execute(f'DROP TABLE IF EXISTS "{name}"')
                cur.execute(f'CREATE TEMPORARY TABLE "{name}" ({columns})')
                names = ", ".join(f'"{n}"' for n in table.schema.names)
                with cur.copy(f'COPY "{name}" ({names}) FROM STDIN (FORMAT BINARY)') as copy:
                    copy.set_types(types)
                    for row in zip(*(column.to_pylist() for column in table.columns)):
                        copy.write_row(row)
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: {_redacted(self._database.url, one_line(exc))}") from None
        self._registered_tables[name] = tuple(table.schema.names)
        try:
            yield
        finally:
            self._registered_tables.pop(name, None)
            try:
                self._con.execute(f'DROP TABLE IF EXISTS "{name}"')
            except psycopg.Error:
                pass  # an aborted transaction: the rollback drops it

    # -- transactions and life --------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Store]:
        try:
            self._con.execute("BEGIN")
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: {one_line(exc)}") from None
        try:
            yield self
        except BaseException:
            self._rollback()
            raise
        try:
            self._con.execute("COMMIT")
        except psycopg.Error as exc:
            self._rollback()
            raise StoreWriteFailed(f"{self.path}: could not save the changes ({one_line(exc)})") from None

    def _rollback(self) -> None:
        try:
            self._con.execute("ROLLBACK")
        except psycopg.Error:
            pass

    def cursor(self) -> Store:
        """A Store on another pooled connection of the same database (one per thread)."""
        return PostgresStore(self._database, self.read_only)

    def schema_version(self) -> int:
        return _schema_version(self._con)

    def close(self) -> None:
        con, self._con = self._con, None
        if con is not None:
            try:
                self._database.pool.putconn(con)
            except Exception:
                pass  # the pool is closed already (at exit)


def open_postgres(url: str, read_only: bool = False) -> PostgresStore:
    """Open (and create or upgrade the schema of) the PostgreSQL database at `url`."""
    database = _database(url, read_only)
    store = PostgresStore(database, read_only)
    try:
        if not database.migrated:
            if read_only:
                version = _schema_version(store._con)
                from store.connect import LATEST_VERSION
                if version != LATEST_VERSION:
                    raise StoreError(
                        f"{database.label}: schema version {version}, this Ambassade needs {LATEST_VERSION}; "
                        "run any writing command (e.g. `ambassade collect`) to upgrade it")
            else:
                migrate(store._con, database.label, url)
            database.load_catalog(store._con)
            database.migrated = True
    except BaseException:
        store.close()
        raise
    return store


def migrate(con: psycopg.Connection, label: str, url: str = "") -> int:
    """Bring the schema up to LATEST_VERSION, one transaction per migration (its plain file
    translated, its `.postgres.sql` files as written: store.connect.migrations); an advisory lock
    keeps two processes starting at once from running the same migration twice."""
    from store.connect import LATEST_VERSION, UpgradeProgress

    con.execute("SELECT pg_advisory_lock(hashtext('ambassade:migrate'))")
    try:
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = _schema_version(con)
        if current > LATEST_VERSION:
            raise StoreError(f"{label}: schema version {current} was written by a newer Ambassade "
                             f"(this one knows up to {LATEST_VERSION})")
        try:
            con.execute(resources.files("store").joinpath("postgres_functions.sql").read_text(encoding="utf-8"))
        except psycopg.Error as exc:
            raise StoreError(f"{label}: PostgreSQL functions: {_redacted(url, one_line(exc))}") from None
        progress = UpgradeProgress(label, current)
        for version, files in groupby(migrations("postgres"), key=lambda m: m[0]):
            if version <= current:
                continue
            files = list(files)
            progress.migration(version, files[0][1])
            steps = [(name, statement) for _, name, sql in files
                     for statement in _migration_statements(label, name, sql)]
            con.execute("BEGIN")
            running = ""     # the file that fails, named in the error
            try:
                for name, statement in steps:
                    running = name
                    con.execute(statement)
                con.execute("DELETE FROM schema_version")
                con.execute("INSERT INTO schema_version VALUES (%s)", [version])
            except psycopg.Error as exc:
                con.execute("ROLLBACK")
                raise StoreError(f"{label}: migration {running} failed: {_redacted(url, one_line(exc))}") from None
            con.execute("COMMIT")
        version = _schema_version(con)
        progress.finished(version)
        return version
    finally:
        con.execute("SELECT pg_advisory_unlock(hashtext('ambassade:migrate'))")


# Migrations are translated without a catalog (their SQL spells out its columns); one object
# for all, so that the translation cache serves every database a process migrates.
_NO_CATALOG = Catalog()


def _migration_statements(label: str, name: str, sql: str) -> list[str]:
    """A migration file as PostgreSQL statements: a `.postgres.sql` file as written, a plain
    one translated (possibly to none: a file of comments). Run without parameters, so the
    translation's doubled `%` are single again."""
    if name.endswith(".postgres.sql"):
        return [sql]
    try:
        translated = translate(sql, _NO_CATALOG)
    except Exception as exc:  # sqlglot's parse and our rewrites: one line naming the file
        raise StoreError(f"{label}: migration {name} cannot run on PostgreSQL ({one_line(exc)})") from None
    return [statement.replace("%%", "%") for statement in translated.statements]


def _schema_version(con: psycopg.Connection) -> int:
    try:
        row = con.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
        if not row or not row[0]:
            return 0
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    except psycopg.Error:
        return 0
    return int(row[0]) if row and row[0] is not None else 0

