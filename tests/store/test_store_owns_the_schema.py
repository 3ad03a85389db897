"""The store owns the schema: no other package builds SQL, imports DuckDB or reaches the connection."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["ambassade", "collectors", "scoring", "charter", "dashboard", "exports", "programme", "links", "alerts"]
SQL = re.compile(r"\b(SELECT\b[\s\S]+\bFROM|INSERT\s+(OR\s+REPLACE\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
                 r"|CREATE\s+(OR\s+REPLACE\s+)?(TABLE|VIEW|INDEX|MACRO|SEQUENCE)|DROP\s+(TABLE|VIEW)"
                 r"|ALTER\s+TABLE|PRAGMA\s|information_schema)\b")
STORE_INTERNALS = {"_con", "_rows", "_frame", "_arrow", "_registered"}
DRIVERS = {"duckdb", "psycopg", "psycopg_pool"}     # the store alone opens either engine


def modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            found.append(f"{where}:{node.lineno}: SQL text")
        elif isinstance(node, ast.Attribute) and node.attr in STORE_INTERNALS:
            found.append(f"{where}:{node.lineno}: store internal .{node.attr}")
        elif isinstance(node, ast.Import) and any(a.name.split(".")[0] in DRIVERS for a in node.names):
            found.append(f"{where}:{node.lineno}: imports {node.names[0].name.split('.')[0]}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in DRIVERS:
            found.append(f"{where}:{node.lineno}: imports {node.module.split('.')[0]}")
    return found


def test_the_packages_are_found():
    assert len(modules()) > 40


def test_no_sql_and_no_connection_outside_the_store():
    assert [o for path in modules() for o in offences(path)] == []


def test_the_detector_sees_a_driver_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import psycopg\nfrom duckdb import connect\n", encoding="utf-8")
    assert offences(module) == ["m.py:1: imports psycopg", "m.py:2: imports duckdb"]


@pytest.mark.parametrize("text", [
    "SELECT id FROM mentions", "select_x", "INSERT INTO t VALUES (1)", "DELETE FROM employees",
    "UPDATE runs SET x = 1", "CREATE VIEW v AS SELECT 1",
])
def test_the_detector_sees_sql(text, tmp_path):
    module = tmp_path / "m.py"
    module.write_text(f"QUERY = {text!r}\nstore._rows(QUERY)\n", encoding="utf-8")
    found = offences(module)
    assert any("store internal ._rows" in o for o in found)
    assert any("SQL text" in o for o in found) == (text != "select_x")
