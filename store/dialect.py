"""The store's SQL, written for DuckDB, as PostgreSQL runs it.

Every statement of the store modules is DuckDB SQL. On PostgreSQL each one is translated
once (sqlglot, duckdb -> postgres, cached per SQL text) and the translation is rewritten
where sqlglot's is not PostgreSQL's meaning:

- placeholders: `?` and `$name` become psycopg's named `%(name)s` (a positional `?` that
  sqlglot repeats, as in `list_contains`, would otherwise shift every later value);
- `INSERT OR REPLACE` becomes `ON CONFLICT (primary key) DO UPDATE`, and `INSERT … BY NAME`
  and `SELECT * REPLACE/EXCLUDE` are spelt out, from the columns the catalog knows;
- a batch (a registered table) inserted into a keyed table goes in in key order and skips
  rows another writer stored meanwhile (DuckDB has one writer; PostgreSQL several at once);
- `GROUP BY ALL` becomes the positions of the projection's non-aggregates;
- a derived table gets the alias PostgreSQL 15 requires;
- the first row of each group (`QUALIFY row_number() … = 1`) is `DISTINCT ON`, and an empty
  list `[]` is `'{}'` (PostgreSQL's `ARRAY[]` has no type);
- `len(list)` is `cardinality` (the store's SQL takes len() of lists only), `strftime` formats quote their literal characters,
  `arg_max` is an ordered `array_agg`.

DuckDB functions PostgreSQL lacks (any_value, epoch_us, list_intersect, …) are SQL functions
created by store/postgres_functions.sql, and the schema's macros are SQL functions of the
`*.postgres.sql` migrations. A statement sqlglot cannot translate fails on PostgreSQL with a
one-line StoreError naming it, never silently.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.dialects.postgres import Postgres

# sqlglot warns about what PostgreSQL lacks (e.g. any_value's IGNORE NULLS, which the
# compatibility any_value does); the errors that matter are raised, not logged.
logging.getLogger("sqlglot").setLevel(logging.ERROR)

_PLACEHOLDER = "\x00P{}\x00"
_SENTINEL = re.compile("\x00P([A-Za-z_0-9]+)\x00")
# `?` outside quotes: positional placeholders (strings, quoted names and `--` comments are
# skipped: an apostrophe in a migration's comment is not a quote).
# DuckDB's numbered `$1`, `$2` are positional too (the same value may be used twice).
_TOKENS = re.compile(r"--[^\n]*|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|\$[0-9]+\b|\blen\s*\(")


@dataclass(eq=False)
class Catalog:
    """Columns (in order) and primary key of each table: what the rewrites need to spell out.

    One per database; compared by identity, so that the translation cache stays per schema."""

    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    json: dict[str, frozenset[str]] = field(default_factory=dict)   # JSON columns: text is cast to them

    def __hash__(self) -> int:
        return id(self)


@dataclass(frozen=True)
class Translated:
    """One DuckDB statement as PostgreSQL statements, and the names of its parameters in order."""

    statements: tuple[str, ...]
    positional: int        # how many `?` the DuckDB text had (they are named p0, p1, …)


def bind(translated: Translated, params: list | tuple | dict | None) -> dict:
    """The parameters as the named mapping the translation expects."""
    if params is None:
        return {}
    if isinstance(params, dict):
        return dict(params)
    params = list(params)
    if len(params) != translated.positional:
        raise ValueError(f"{translated.positional} placeholders, {len(params)} values")
    return {f"p{i}": value for i, value in enumerate(params)}


def translate(sql: str, catalog: Catalog, registered: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Translated:
    """The PostgreSQL statements for DuckDB `sql` (cached per text, catalog and registered tables)."""
    return _translate(sql, catalog, registered)


@lru_cache(maxsize=4096)
def _translate(sql: str, catalog: Catalog, registered: tuple[tuple[str, tuple[str, ...]], ...]) -> Translated:
    counter = iter(range(10_000))
    positional = 0

    def name(match: re.Match) -> str:
        nonlocal positional
        if match.group(0).startswith("len"):
            return "cardinality("    # DuckDB's len() is a list's length in the store's SQL
        token = match.group(0)
        if token.startswith("$"):
            number = int(token[1:])
            positional = max(positional, number)
            return f"$p{number - 1}"
        if token != "?":
            return token
        positional += 1
        return f"$p{next(counter)}"

    # A trailing newline: sqlglot's tokenizer fails on a statement that ends in `''` once it holds a placeholder.
    named = _TOKENS.sub(name, sql) + "\n"
    columns = {**catalog.columns, **dict(registered)}
    out = []
    for tree in sqlglot.parse(named, read="duckdb"):
        if tree is None:
            continue
        tree = _rewrite(tree, catalog, columns, frozenset(dict(registered)))
        if tree is None:
            continue
        text = tree.sql(dialect=_Postgres)
        # psycopg formats `%`: literal ones are doubled, then the sentinels become placeholders.
        text = _SENTINEL.sub(lambda m: f"%({m.group(1)})s", text.replace("%", "%%"))
        out.append(text)
    return Translated(tuple(out), positional)


def _rewrite(tree: exp.Expression, catalog: Catalog, columns: dict[str, tuple[str, ...]],
             batches: frozenset[str] = frozenset()) -> exp.Expression | None:
    if isinstance(tree, exp.Create) and tree.args.get("replace") and tree.kind == "TABLE":
        # `CREATE OR REPLACE TABLE t AS SELECT … FROM t ORDER BY …` re-sorts a table for
        # DuckDB's zone maps (store/search.py cluster); PostgreSQL's B-tree index needs none.
        return None
    for select in list(tree.find_all(exp.Select)):
        _first_of_each_as_distinct_on(select)
        _expand_star(select, columns)
        _aliases_in_order(select)
        _sample(select)
        group = select.args.get("group")
        if group is not None and group.args.get("all"):
            positions = [exp.Literal.number(i + 1) for i, e in enumerate(select.expressions)
                         if not _aggregates(e)]
            select.set("group", exp.Group(expressions=positions) if positions else None)
    for node in list(tree.find_all(exp.In)):
        _unwrap_row_subquery(node)
    for node in list(tree.find_all(exp.Array)):
        if not node.expressions:
            # DuckDB's `[]`: PostgreSQL's ARRAY[] has no type; '{}' takes the one its place needs.
            node.replace(exp.Literal.string("{}"))
    for node in reversed(list(tree.find_all(exp.Transform))):
        node.replace(_transform(node))
    for node in list(tree.find_all(exp.Literal)):
        if node.is_string and "\\p" in node.this:
            node.replace(exp.Literal.string(posix_classes(node.this)))
    for sub in list(tree.find_all(exp.Subquery)):
        if not sub.alias and isinstance(sub.parent, (exp.From, exp.Join)):
            sub.set("alias", exp.TableAlias(this=exp.to_identifier(f"_sq{id(sub) % 100000}")))
    if isinstance(tree, exp.Insert):
        _insert_rules(tree, catalog, columns)
        _batch_inserts_skip_conflicts(tree, catalog, batches)
        _batch_inserts_in_key_order(tree, catalog, batches)
        _json_values(tree, catalog)
    if isinstance(tree, exp.Update):
        json_columns = catalog.json.get(tree.this.name, frozenset())
        for assignment in tree.expressions:
            if isinstance(assignment, exp.EQ) and assignment.this.name in json_columns:
                assignment.set("expression", _as_json(assignment.expression))
    return tree


def _as_json(e: exp.Expression) -> exp.Expression:
    """DuckDB casts text to a JSON column on assignment; PostgreSQL needs it said."""
    if isinstance(e, exp.Cast):
        return e
    return exp.Cast(this=e.copy(), to=exp.DataType.build("JSON"))


def _json_values(insert: exp.Insert, catalog: Catalog) -> None:
    target = insert.this.this if isinstance(insert.this, exp.Schema) else insert.this
    json_columns = catalog.json.get(target.name)
    if not json_columns:
        return
    names = ([c.name for c in insert.this.expressions] if isinstance(insert.this, exp.Schema)
             else list(catalog.columns.get(target.name, ())))
    source = insert.expression
    rows = ([source.expressions] if isinstance(source, exp.Select)
            else [t.expressions for t in source.expressions] if isinstance(source, exp.Values) else [])
    for row in rows:
        for i, value in enumerate(row):
            if i < len(names) and names[i] in json_columns and not isinstance(value, exp.Star):
                if isinstance(value, exp.Alias):
                    value.set("this", _as_json(value.this))
                else:
                    value.replace(_as_json(value))


def _sample(select: exp.Select) -> None:
    """`… USING SAMPLE reservoir(n ROWS) REPEATABLE (seed)`: PostgreSQL samples tables only;
    a repeatable sample of n rows is the n first by a hash of the row (and the seed)."""
    sample = select.args.get("sample")
    if sample is None or sample.args.get("size") is None:
        return
    size = sample.args["size"].copy()
    seed = sample.args.get("seed")
    select.set("sample", None)
    inner = select.copy()
    salt = f" || '{int(seed.this)}'" if isinstance(seed, exp.Literal) else ""
    wrapped = sqlglot.parse_one(f"SELECT * FROM (SELECT 1) AS _sample ORDER BY hash(CAST(_sample AS TEXT){salt}) "
                                f"LIMIT {size.sql()}", read="postgres")
    wrapped.args["from_"].this.set("this", inner)
    select.replace(wrapped) if select.parent else None
    if select.parent is None:
        for key in list(select.args):
            select.set(key, None)
        for key, value in wrapped.args.items():
            select.set(key, value)


def _first_of_each_as_distinct_on(select: exp.Select) -> None:
    """`QUALIFY row_number() OVER (PARTITION BY k ORDER BY o) = 1` (the first row of each k) as
    `DISTINCT ON (k) … ORDER BY k, o`: sqlglot's own rewrite, a subquery, would add its row
    number as a column to a `SELECT *` (a view's columns)."""
    qualify = select.args.get("qualify")
    condition = qualify.this if qualify is not None else None
    if not (isinstance(condition, exp.EQ) and isinstance(condition.this, exp.Window)
            and isinstance(condition.this.this, exp.RowNumber) and condition.expression == exp.Literal.number(1)
            and condition.this.args.get("partition_by") and not select.args.get("order")
            and not select.args.get("distinct")):
        return
    window = condition.this
    keys = [k.copy() for k in window.args["partition_by"]]
    order = [exp.Ordered(this=k.copy(), nulls_first=False) for k in keys]
    order += [o.copy() for o in (window.args.get("order") or exp.Order(expressions=[])).expressions]
    select.set("qualify", None)
    select.set("distinct", exp.Distinct(on=exp.Tuple(expressions=keys)))
    select.set("order", exp.Order(expressions=order))


def _aliases_in_order(select: exp.Select) -> None:
    """An alias of the projection used inside an ORDER BY expression (DuckDB allows it,
    PostgreSQL only a bare alias): the aliased expression in its place."""
    order = select.args.get("order")
    if order is None:
        return
    aliases = {e.alias: e.this for e in select.expressions if isinstance(e, exp.Alias)}
    for ordered in order.expressions:
        if isinstance(ordered.this, exp.Column):
            continue
        for col in list(ordered.this.find_all(exp.Column)):
            if not col.table and col.name in aliases:
                col.replace(exp.Paren(this=aliases[col.name].copy()))


def _unwrap_row_subquery(node: exp.In) -> None:
    """`(a, b) IN (SELECT (a, b) …)`: DuckDB compares a struct, PostgreSQL the columns."""
    query = node.args.get("query")
    select = query.this if isinstance(query, exp.Subquery) else query
    if isinstance(select, exp.Select) and len(select.expressions) == 1 and isinstance(select.expressions[0], exp.Tuple):
        select.set("expressions", list(select.expressions[0].expressions))


def _transform(node: exp.Transform) -> exp.Expression:
    """`list_transform(list, lambda x: …)` as `ARRAY(SELECT … FROM unnest(list) AS _l(x))`
    (DuckDB's `range(a, b)` as generate_series, its end excluded)."""
    lam = node.expression
    var = lam.expressions[0].name
    source = node.this
    if isinstance(source, exp.GenerateSeries):
        start, end = source.args["start"], source.args["end"]
        if source.args.get("is_end_exclusive"):
            end = exp.Sub(this=end.copy(), expression=exp.Literal.number(1))
        rows = f"GENERATE_SERIES({start.sql(dialect=_Postgres)}, {end.sql(dialect=_Postgres)})"
    else:
        rows = f"UNNEST({source.sql(dialect=_Postgres)})"
    body = lam.this.copy()
    for ident in list(body.find_all(exp.Identifier)):
        if ident.name == var and not isinstance(ident.parent, exp.Column):
            ident.replace(exp.column(var))
    return exp.var(f"ARRAY(SELECT {body.sql(dialect=_Postgres)} FROM {rows} AS _l({var}))")


# RE2's Unicode classes (DuckDB) as POSIX classes (PostgreSQL's regular expressions).
_CLASSES = {"L": "alpha", "N": "digit", "Lu": "upper", "Ll": "lower"}


def posix_classes(pattern: str) -> str:
    """`\\pL`, `\\p{L}`, `\\pN` as `[[:alpha:]]`, `[[:digit:]]` (inside brackets: `[:alpha:]`)."""
    out, depth, i = [], 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern) and pattern[i + 1] == "p":
            m = re.match(r"\\p(?:\{(\w+)\}|(\w))", pattern[i:])
            name = _CLASSES.get((m.group(1) or m.group(2)) if m else "", "alnum")
            out.append(f"[:{name}:]" if depth else f"[[:{name}:]]")
            i += m.end() if m else 2
            continue
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]" and depth:
            depth -= 1
        out.append(c)
        i += 1
    return "".join(out)


def _aggregates(e: exp.Expression) -> bool:
    for node in e.walk():
        if isinstance(node, exp.AggFunc) and not node.find_ancestor(exp.Window):
            return True
        if isinstance(node, exp.Window):
            return True
    return False


def _expand_star(select: exp.Select, columns: dict[str, tuple[str, ...]]) -> None:
    """`SELECT * REPLACE (…)` / `* EXCLUDE (…)` over one known table, spelt out column by column."""
    stars = [e for e in select.expressions
             if isinstance(e, exp.Star) and (e.args.get("replace") or e.args.get("except"))]
    if not stars:
        return
    table = _single_table(select)
    if table is None or table not in columns:
        return
    star = stars[0]
    replaced = {a.alias: a for a in star.args.get("replace") or []}
    excluded = {c.name for c in star.args.get("except") or []}
    spelt = [replaced.get(c, exp.column(c)) for c in columns[table] if c not in excluded]
    at = select.expressions.index(star)
    select.set("expressions", select.expressions[:at] + spelt + select.expressions[at + 1:])


def _single_table(select: exp.Select) -> str | None:
    source = select.args.get("from_") or select.args.get("from")
    if source is None or select.args.get("joins") or not isinstance(source.this, exp.Table):
        return None
    return source.this.name


def _batch_inserts_skip_conflicts(insert: exp.Insert, catalog: Catalog, batches: frozenset[str]) -> None:
    """A batch (a registered table) inserted into a keyed table: ON CONFLICT DO NOTHING.

    The store checks a batch's ids first and inserts the new ones (store/mentions.py). DuckDB
    has one writing process, so nobody inserts between the check and the insert; PostgreSQL's
    writers run at once, and a row another collector committed after the check would fail the
    whole page (measured: 3 of 4 concurrent collectors failed on duplicate keys)."""
    if insert.args.get("conflict") is not None or insert.args.get("alternative"):
        return
    target = insert.this.this if isinstance(insert.this, exp.Schema) else insert.this
    select = insert.expression
    if not catalog.keys.get(target.name) or not isinstance(select, exp.Select):
        return
    if _single_table(select) in batches:
        insert.set("conflict", exp.OnConflict(action=exp.var("DO NOTHING")))


def _batch_inserts_in_key_order(insert: exp.Insert, catalog: Catalog, batches: frozenset[str]) -> None:
    """A batch goes in in primary-key order: two writers inserting overlapping batches then
    take the rows' locks in the same order and wait for each other instead of deadlocking
    (measured: 2 of 4 concurrent collectors died on "deadlock detected" without it)."""
    select = insert.expression
    if not isinstance(select, exp.Select) or select.args.get("order") is not None:
        return
    if not any(t.name in batches for t in select.find_all(exp.Table)):
        return
    target = insert.this.this if isinstance(insert.this, exp.Schema) else insert.this
    key = catalog.keys.get(target.name)
    names = ([c.name for c in insert.this.expressions] if isinstance(insert.this, exp.Schema)
             else list(catalog.columns.get(target.name, ())))
    if not key or any(k not in names for k in key) or len(select.expressions) != len(names):
        return
    select.set("order", exp.Order(expressions=[exp.Ordered(this=exp.Literal.number(names.index(k) + 1))
                                               for k in key]))


def _insert_rules(insert: exp.Insert, catalog: Catalog, columns: dict[str, tuple[str, ...]]) -> None:
    target = insert.this.this if isinstance(insert.this, exp.Schema) else insert.this
    table = target.name
    if insert.args.get("by_name"):
        insert.set("by_name", False)
        select = insert.expression
        names = [e.alias_or_name for e in select.expressions] if isinstance(select, exp.Select) else []
        if any(isinstance(e, exp.Star) for e in (select.expressions if isinstance(select, exp.Select) else [])):
            source = _single_table(select)
            names = list(columns.get(source, ()))
            select.set("expressions", [exp.column(c) for c in names])
        wanted = [c for c in names if c in catalog.columns.get(table, names)]
        if isinstance(select, exp.Select) and len(wanted) != len(names):
            select.set("expressions", [exp.column(c) for c in wanted])
        insert.set("this", exp.Schema(this=target, expressions=[exp.to_identifier(c) for c in wanted]))
    if insert.args.get("alternative") == "REPLACE":
        insert.set("alternative", None)
        key = catalog.keys.get(table)
        if not key:
            raise ValueError(f"INSERT OR REPLACE into {table}: no primary key known")
        given = ([c.name for c in insert.this.expressions] if isinstance(insert.this, exp.Schema)
                 else list(catalog.columns.get(table, ())))
        updates = [exp.EQ(this=exp.column(c), expression=exp.column(c, table="excluded"))
                   for c in given if c not in key]
        insert.set("conflict", exp.OnConflict(
            conflict_keys=[exp.to_identifier(k) for k in key],
            action=exp.var("DO UPDATE") if updates else exp.var("DO NOTHING"),
            expressions=updates or None,
        ))


# strftime's codes as to_char's; every other character is quoted as a literal.
_STRFTIME = {"Y": "YYYY", "m": "MM", "d": "DD", "H": "HH24", "M": "MI", "S": "SS", "y": "YY",
             "j": "DDD", "f": "US", "b": "Mon", "B": "FMMonth", "a": "Dy", "A": "FMDay",
             "G": "IYYY", "V": "IW", "u": "ID", "W": "WW", "%": "%", "I": "HH12", "p": "AM",
             "z": "OF", "Z": "TZ"}


def to_char_format(fmt: str) -> str:
    """A strftime format as to_char's, literal characters in double quotes."""
    out, literal, i = [], "", 0
    while i < len(fmt):
        if fmt[i] == "%" and i + 1 < len(fmt) and fmt[i + 1] in _STRFTIME:
            if literal:
                out.append('"' + literal.replace('"', '\\"') + '"')
                literal = ""
            out.append(_STRFTIME[fmt[i + 1]])
            i += 2
        else:
            literal += fmt[i]
            i += 1
    if literal:
        out.append('"' + literal.replace('"', '\\"') + '"')
    return "".join(out)


def _strftime(gen: Postgres.Generator, e: exp.TimeToStr) -> str:
    fmt = e.args.get("format")
    if isinstance(fmt, exp.Literal) and fmt.is_string:
        from sqlglot.dialects.duckdb import DuckDB
        # sqlglot stores the format in its own (Python strftime) notation: map it back.
        python = DuckDB().format_time_str(fmt.this) if hasattr(DuckDB(), "format_time_str") else fmt.this
        return f"TO_CHAR({gen.sql(e, 'this')}, {gen.sql(exp.Literal.string(to_char_format(python)))})"
    return f"TO_CHAR({gen.sql(e, 'this')}, {gen.sql(e, 'format')})"


def _arg_max(gen: Postgres.Generator, e: exp.ArgMax) -> str:
    return (f"(ARRAY_AGG({gen.sql(e, 'this')} ORDER BY {gen.sql(e, 'expression')} DESC) "
            f"FILTER (WHERE {gen.sql(e, 'expression')} IS NOT NULL))[1]")


def _arg_min(gen: Postgres.Generator, e: exp.ArgMin) -> str:
    return (f"(ARRAY_AGG({gen.sql(e, 'this')} ORDER BY {gen.sql(e, 'expression')}) "
            f"FILTER (WHERE {gen.sql(e, 'expression')} IS NOT NULL))[1]")


class _Postgres(Postgres):
    class Generator(Postgres.Generator):
        TRANSFORMS = {
            **Postgres.Generator.TRANSFORMS,
            exp.TimeToStr: _strftime,
            exp.ArgMax: _arg_max,
            exp.ArgMin: _arg_min,
            exp.ArraySize: lambda gen, e: f"CARDINALITY({gen.sql(e, 'this')})",
        }

        def not_sql(self, expression: exp.Not) -> str:
            # `x IS NOT NULL` as written (sqlglot's `NOT x IS NULL` means the same, but reads
            # differently in a view's definition than the one PostgreSQL's own files make).
            inner = expression.this
            if isinstance(inner, exp.Is) and isinstance(inner.expression, exp.Null):
                return f"{self.sql(inner, 'this')} IS NOT NULL"
            return super().not_sql(expression)

        def placeholder_sql(self, expression: exp.Placeholder) -> str:
            return _PLACEHOLDER.format(expression.name or "p")
