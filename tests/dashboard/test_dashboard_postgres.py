"""The dashboard on a PostgreSQL URL (issue 16): every comms page serves the demo as on DuckDB,
the data version moves with every committed write of another connection (and never before its
COMMIT), and the URL's password shows nowhere: not in a page, not in what the command prints,
not on a command line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from ambassade.demo.build import DEMO_SETTINGS, build_demo
from ambassade.model import Mention
from dashboard import queries
from store import open_store
from store.mentions import insert_mentions
from tests.conftest import REPO, free_port
from tests.dashboard.conftest import NOW, run_app
from tests.dashboard.shown import shown_strings
from tests.pg import Cluster

pytestmark = pytest.mark.slow

PASSWORD = "Sesame-7f3k"      # the throwaway cluster trusts 127.0.0.1: any password is accepted
COMMS_PAGES = ["overview", "mentions", "incidents", "advocacy", "coaching", "value", "content",
               "programme_status", "draft_check", "health"]


def with_password(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{parts.username}:{PASSWORD}@{parts.hostname}:{parts.port}"))


@pytest.fixture(scope="module")
def demo_url(pg_cluster: Cluster) -> Iterator[str]:
    """The demo built once on a database of the session's cluster, ending today (pages read now)."""
    from store.postgres import close_pools

    name = pg_cluster.new_database()
    url = with_password(pg_cluster.url(name))
    build_demo(url)
    yield url
    close_pools()
    pg_cluster.drop(name)


@pytest.fixture
def served(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AMBASSADE_DB", demo_url)
    monkeypatch.setenv("AMBASSADE_CONFIG", str(DEMO_SETTINGS))
    return demo_url


@pytest.mark.parametrize("page", COMMS_PAGES)
def test_every_comms_page_serves_the_demo_on_postgresql(served, page):
    at = run_app(f"pages/{page}.py", role="comms")
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    shown = shown_strings(at)
    assert shown
    assert not [s for s in shown if PASSWORD in s]


@pytest.mark.parametrize("role,page", [("employee", "me"), ("employee", "suggestions"), ("employee", "propose"),
                                       ("employee", "consent"), ("manager", "team")])
def test_the_employees_and_managers_pages_serve_the_demo_on_postgresql(served, role, page):
    at = run_app(f"pages/{page}.py", role=role)
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    assert not [s for s in shown_strings(at) if PASSWORD in s]


def test_the_health_page_names_the_database_without_its_password_and_gives_its_size(served):
    at = run_app("pages/health.py", role="comms")
    assert not at.exception
    caption = " ".join(c.value for c in at.caption)
    assert "postgresql://postgres:***@127.0.0.1" in caption and PASSWORD not in caption
    size = {m.label: m.value for m in at.metric}["Taille de la base"]
    assert size.endswith(" Mo") and size != "0,0 Mo"           # pg_database_size, not a missing file's 0


def test_the_explorer_reads_the_demo_on_postgresql(served):
    at = run_app("pages/mentions.py", role="comms")
    assert not at.exception
    assert sum(len(frame.value) for frame in at.dataframe) > 0


def _mention(native_id: str) -> Mention:
    return Mention(source="x", native_id=native_id, author="late", author_id="late", text="Lemoine encore",
                   url="https://example.org/late", created_at=NOW - timedelta(hours=1), lang="fr",
                   matched=("Lemoine",))


def _mentions(url: str, data_version: float) -> float:
    start, end = NOW - timedelta(days=40), NOW + timedelta(days=1)
    return queries.totals(url, data_version, start, end, ("x",), True)["mentions"]


def test_the_version_moves_with_another_connections_commit_and_not_before(pg_url):
    url = with_password(pg_url)
    writer = open_store(url)                                    # another connection, another pool
    before = queries.file_version(url)
    first = _mentions(url, before)
    assert queries.file_version(url) == before                 # reads alone never move it
    with writer.transaction() as tx:
        insert_mentions(tx, [_mention("late-1")])
        assert queries.file_version(url) == before             # not visible yet: not moved either
    writer.close()
    moved = queries.file_version(url)
    assert moved != before
    assert _mentions(url, moved) == first + 1
    assert _mentions(url, before) == first                      # the old key stays answered from the cache


def test_the_hold_applies_on_postgresql_as_on_a_file(pg_url):
    url = with_password(pg_url)
    hold = queries.VERSION_HOLD_SECONDS
    writer = open_store(url)
    adopted = queries.version(url, now=100.0)
    with writer.transaction() as tx:
        insert_mentions(tx, [_mention("late-1")])
    writer.close()
    assert queries.version(url, now=100.0 + hold / 2) == adopted       # within the hold: cached
    moved = queries.version(url, now=100.0 + hold)
    assert moved == queries.file_version(url) != adopted
    assert queries.version(url, now=100.0 + hold * 5) == moved


def test_the_dashboards_own_write_on_postgresql_is_seen_at_once(pg_url):
    url = with_password(pg_url)
    with open_store(url) as writer, writer.transaction() as tx:
        insert_mentions(tx, [_mention("late-1"), _mention("late-2")])
    adopted = queries.version(url)
    assert _mentions(url, adopted) == 2
    queries.correct_mention(url, "x:late-1", "irrelevant", "comms@example.org")
    moved = queries.version(url)                       # no hold after the dashboard's own write
    assert moved != adopted
    assert _mentions(url, moved) == 1


def test_an_unreachable_server_keeps_the_version_in_use(pg_url):
    url = with_password(pg_url)
    adopted = queries.version(url, now=0.0)
    gone = f"postgresql://postgres:{PASSWORD}@127.0.0.1:{free_port()}/nothing"     # nobody listens there
    assert queries.version(gone, now=0.0) == 0.0
    assert queries.version(url, now=queries.VERSION_HOLD_SECONDS + 1) == adopted


def test_a_page_on_an_unreachable_server_says_so_in_one_line_without_the_password(monkeypatch, tmp_path):
    from tests.conftest import MINIMAL_TOML

    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML, encoding="utf-8")
    monkeypatch.setenv("AMBASSADE_DB", f"postgresql://postgres:{PASSWORD}@127.0.0.1:{free_port()}/nothing")
    monkeypatch.setenv("AMBASSADE_CONFIG", str(config))
    at = run_app("pages/overview.py", role="comms")
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert "cannot connect" in error and "postgres:***@127.0.0.1" in error and "\n" not in error
    assert not [s for s in shown_strings(at) if PASSWORD in s]


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child in Path(f"/proc/{parent}/task/{parent}/children").read_text().split():
            found.add(int(child))
            todo.append(int(child))
    return found


def _serve_until_healthy(arguments: list[str], env: dict[str, str], log: Path) -> list[bytes]:
    """Run `ambassade ARGUMENTS…` until its dashboard answers /_stcore/health; the command lines
    of the processes it started."""
    from tests.e2e.conftest import wait_healthy

    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "ambassade", *arguments, "--port", str(port)],
                                  cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", server, timeout=240)
        return [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in _descendants(server.pid)]
    finally:
        server.terminate()
        server.wait(30)


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("AMBASSADE_", "PG"))}


def test_the_dashboard_command_serves_a_postgresql_url(demo_url, tmp_path):
    env = _environment()
    env["AMBASSADE_DB"] = demo_url           # as README says: the URL in the environment
    log = tmp_path / "server.log"
    command_lines = _serve_until_healthy(["--config", str(DEMO_SETTINGS), "dashboard"], env, log)
    assert command_lines                                     # Streamlit runs under the command
    assert not [c for c in command_lines if PASSWORD.encode() in c]
    printed = log.read_text()
    assert "(database: postgresql://postgres:***@127.0.0.1" in printed
    assert PASSWORD not in printed


def test_the_demo_command_builds_and_serves_on_a_postgresql_url(pg_empty_url, tmp_path):
    env = _environment()
    env["AMBASSADE_DB"] = with_password(pg_empty_url)
    log = tmp_path / "demo.log"
    command_lines = _serve_until_healthy(["demo"], env, log)
    assert not [c for c in command_lines if PASSWORD.encode() in c]
    printed = log.read_text()
    assert "demo: built postgresql://postgres:***@127.0.0.1" in printed and "(database: postgresql://postgres:***@" in printed
    assert PASSWORD not in printed
