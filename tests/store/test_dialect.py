"""The DuckDB SQL of the store translated for PostgreSQL (store/dialect.py): edge cases met."""

from __future__ import annotations

from store.dialect import Catalog, bind, translate


def test_numbered_placeholders_are_positional_and_may_repeat():
    translated = translate("SELECT f($1, created_at) WHERE a >= $2 AND b = $1", Catalog())
    assert translated.positional == 2
    assert bind(translated, ["x", "y"]) == {"p0": "x", "p1": "y"}
    assert "%(p0)s" in translated.statements[0] and "%(p1)s" in translated.statements[0]


def test_a_statement_ending_in_an_empty_string_after_a_placeholder_translates():
    # sqlglot's tokenizer failed on this shape (a daily-authors recount on a zone change).
    translated = translate("SELECT f(?) FROM t WHERE voice = ''", Catalog())
    assert translated.statements == ("SELECT F(%(p0)s) FROM t WHERE voice = ''",)
