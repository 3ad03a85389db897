"""Erasure and retention leave nothing: every table and column of a built demo is searched.

"Nothing" means no cell of any table (raw payloads decompressed, lists and JSON as text) holds
the person's id, a declared handle (with or without "@", in any case), their name or e-mail.
"""

from __future__ import annotations

import re
import shutil
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ambassade.demo.build import build_demo
from store import open_store
from store.connect import Store
from store.mentions import decompress_raw
from store.retention import erase_employee, purge_expired

TODAY = date(2026, 3, 15)
NOW = datetime(2026, 3, 16, tzinfo=timezone.utc)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("erasure") / "demo.duckdb"
    build_demo(path, today=TODAY)
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Store:
    copy = tmp_path / "demo.duckdb"
    shutil.copy(demo_file, copy)
    with open_store(copy) as store:
        yield store


def people(store: Store) -> dict[str, list[str]]:
    """employee id -> what identifies them: id, handles, display name (and e-mail where stored)."""
    columns = {row[0] for row in store._rows(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'employees'")}
    email = "email" if "email" in columns else "NULL"
    found: dict[str, list[str]] = {}
    for ident, name, mail in store._rows(f"SELECT id, display_name, {email} FROM employees"):
        found[ident] = [ident, name] + ([mail] if mail else [])
    for ident, handle in store._rows("SELECT employee_id, handle FROM employee_handles"):
        found[ident].append(handle)
    return found


def cells(store: Store) -> list[tuple[str, str, str]]:
    """(table, column, text) of every non-null cell of every table; raw payloads decompressed."""
    out = []
    tables = [row[0] for row in store._rows(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'")]
    for table in tables:
        names = [row[0] for row in store._rows(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position", [table])]
        for row in store._rows(f'SELECT * FROM "{table}"'):
            for column, value in zip(names, row):
                if value is None:
                    continue
                if isinstance(value, (bytes, bytearray)):
                    value = json.dumps(decompress_raw(value), ensure_ascii=False)
                out.append((table, column, str(value)))
    return out


def traces(store: Store, words: list[str]) -> list[tuple[str, str, str]]:
    """Cells where one of `words` appears as a whole word, case-insensitively."""
    pattern = re.compile(
        r"(?<![\w])@?(" + "|".join(re.escape(w) for w in words) + r")(?![\w])", re.IGNORECASE)
    return [(t, c, pattern.search(text).group(0)) for t, c, text in cells(store)
            if pattern.search(text)]


def test_the_demo_has_traces_of_every_employee_to_find(demo):
    everyone = people(demo)
    assert len(everyone) >= 30
    # The search is not vacuous: before erasure, every employee is found somewhere beyond
    # their enrolment rows (their posts, shares, links or author rows).
    for ident, words in everyone.items():
        found = {t for t, _, _ in traces(demo, words)} - {"employees", "employee_handles"}
        assert found, ident


def test_erasing_each_employee_in_turn_leaves_nothing_of_them(demo):
    everyone = people(demo)
    for ident, words in everyone.items():
        with demo.transaction():
            erase_employee(demo, ident)
        assert traces(demo, words) == [], ident
    assert demo._rows("SELECT count(*) FROM employees") == [(0,)]
    assert demo._rows("SELECT count(*) FROM shares") == [(0,)]
    assert demo._rows("SELECT count(*) FROM share_links") == [(0,)]
    # Public listening is untouched: brand mentions by the public remain.
    assert demo._rows("SELECT count(*) FROM mentions")[0][0] > 500


def test_erasing_one_employee_keeps_everyone_else(demo):
    everyone = people(demo)
    chosen = "emp:claire-m"
    before = {ident: len(traces(demo, words)) for ident, words in everyone.items() if ident != chosen}
    with demo.transaction():
        erase_employee(demo, chosen)
    after = {ident: len(traces(demo, words)) for ident, words in everyone.items() if ident != chosen}
    assert after == before


def test_purge_past_retention_leaves_nothing_older_and_nothing_of_the_withdrawn(demo):
    withdrawals = dict(demo._rows("SELECT id, withdrawn_at FROM employees WHERE withdrawn_at IS NOT NULL"))
    assert withdrawals, "the demo has a withdrawn employee"
    words = [w for ident, ws in people(demo).items() if ident in withdrawals for w in ws]
    days = (NOW - max(withdrawals.values())).days - 1     # every withdrawal is past the limit
    with demo.transaction():
        purge_expired(demo, days, NOW)
    cutoff = NOW - timedelta(days=days)
    assert traces(demo, words) == []
    for table, column in [("mentions", "created_at"), ("shares", "shared_at"), ("clicks", "clicked_at"),
                          ("authors", "last_seen"), ("alerts", "ends_at"), ("runs", "started_at")]:
        assert demo._rows(f"SELECT count(*) FROM {table} WHERE {column} < ?", [cutoff]) == [(0,)], table
    # Nothing left pointing at what was purged.
    assert demo._rows("SELECT count(*) FROM scores WHERE mention_id NOT IN (SELECT id FROM mentions)") == [(0,)]
    assert demo._rows("SELECT count(*) FROM advocacy WHERE subject_kind = 'author' "
                      "AND subject_id NOT IN (SELECT id FROM authors)") == [(0,)]


def _in_file(path: Path, words: list[str]) -> set[str]:
    """Which of `words` the raw bytes of the file hold (as `strings` would find them), any case."""
    data = path.read_bytes().lower()
    for extra in path.parent.glob(path.name + ".wal"):
        data += extra.read_bytes().lower()
    return {w for w in words if w.lower().encode("utf-8") in data}


def test_erase_leaves_nothing_readable_in_the_file_itself(demo_file: Path, tmp_path: Path):
    from tests.ambassade.test_cli import invoke

    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_file, path)
    with open_store(path) as store:
        everyone = people(store)
        runs_before = store._rows("SELECT max(id) FROM runs")[0][0]
        enrolled_before = store._rows("SELECT count(*) FROM enrolled_employees WHERE id <> 'emp:claire-m'")[0][0]
    chosen = "emp:claire-m"
    words = [w for w in everyone[chosen] if len(w) >= 5]
    present = _in_file(path, words)
    assert chosen in present and len(present) >= 2       # the search is not vacuous
    result = invoke("--db", str(path), "erase", chosen, "--yes")
    assert result.exit_code == 0, result.output
    assert _in_file(path, words) == set()
    with open_store(path) as store:                        # the copy is a whole, working database
        assert traces(store, everyone[chosen]) == []
        assert {ident for ident in people(store)} == set(everyone) - {chosen}
        with store.transaction() as db:                    # sequences carried over: no id reused
            from store.state import start_run
            assert start_run(db, "after-erase") > runs_before
        assert store._rows("SELECT handle_key(' @Abc ')") == [("abc",)]   # macros and views too
        assert store._rows("SELECT count(*) FROM enrolled_employees")[0][0] == enrolled_before
    assert list(tmp_path.glob(".demo.duckdb.rewrite-*")) == []


def test_cursors_and_runs_naming_a_handle_go_with_the_employee(demo):
    from store import state

    everyone = people(demo)
    chosen = "emp:claire-m"
    handle = next(w for w in everyone[chosen][2:] if "@" not in w)
    with demo.transaction() as db:
        for source, query in [("shares", f"x:{handle}"), ("x", f"x:@{handle.upper()}"),
                              ("x", f"from:{handle} -is:retweet"), ("rss", "https://news.example/feed")]:
            state.save_cursor(db, source, query, {"next_token": f"after-{handle}" if source == "x" else "t"})
        run = state.start_run(db, "collect:shares")
        state.finish_run(db, run, "failed", message=f"shares x:{handle}: 429; @{handle.title()} deferred")
    with demo.transaction():
        erase_employee(demo, chosen)
    assert traces(demo, everyone[chosen]) == []
    assert demo._rows("SELECT query FROM cursors WHERE query LIKE 'https://news%'") == [("https://news.example/feed",)]


def test_purge_that_erases_someone_rewrites_the_file_too(demo_file: Path, tmp_path: Path):
    from tests.ambassade.test_cli import invoke
    from tests.conftest import MINIMAL_TOML

    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_file, path)
    with open_store(path) as store:
        withdrawn = [row[0] for row in store._rows("SELECT id FROM employees WHERE withdrawn_at IS NOT NULL")]
        words = [w for ident in withdrawn for w in people(store)[ident] if len(w) >= 5]
    assert _in_file(path, words)
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML + "[privacy]\nretention_days = 30\n")   # the demo is older than that
    result = invoke("--config", str(config), "--db", str(path), "purge")
    assert result.exit_code == 0, result.output
    assert _in_file(path, words) == set()


def test_the_scheduler_purge_that_erases_someone_rewrites_the_file(demo_file: Path, tmp_path: Path):
    from ambassade.scheduler import Scheduler, purge_job
    from ambassade.settings import parse_settings
    from tests.conftest import MINIMAL_TOML

    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_file, path)
    with open_store(path) as store:
        withdrawn = [row[0] for row in store._rows("SELECT id FROM employees WHERE withdrawn_at IS NOT NULL")]
        words = [w for ident in withdrawn for w in people(store)[ident] if len(w) >= 5]
    assert _in_file(path, words)
    settings = parse_settings(MINIMAL_TOML + "[privacy]\nretention_days = 30\n")
    Scheduler(settings, path, [])._extra("purge", purge_job)
    assert _in_file(path, words) == set()
    with open_store(path) as store:
        assert store._rows("SELECT status FROM runs WHERE job = 'purge'") == [("ok",)]
