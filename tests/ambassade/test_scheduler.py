"""The scheduler: jitter, one run per source at a time, isolation, backoff, graceful stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ambassade.errors import MissingCredentials, RateLimited, SourceUnavailable
from ambassade.model import Mention
from ambassade.scheduler import Scheduler, backoff_delay
from collectors.base import Cursor, Page, every_page
from store import state
from store.connect import open_store
from tests.collectors.conftest import BRAND_TOML, make_settings, payload

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parents[2]


def mention(source: str, n: int) -> Mention:
    return Mention(source=source, native_id=str(n), author="a", author_id="1",
                   text=f"Lemoine {n}", url=None, created_at=NOW, matched=("Lemoine",))


class ListCollector:
    """Pages from memory; `gate` (if set) must open before each page after the first."""

    paused: str | None = None
    notice: str | None = None

    def __init__(self, name: str, pages: int = 3, gate: threading.Event | None = None,
                 error: Exception | None = None) -> None:
        self.name, self.count, self.gate, self.error = name, pages, gate, error
        self.reads_source = name
        self.started = threading.Event()
        self.at_gate = threading.Event()
        self.fetched = 0

    def partitions(self) -> list[str]:
        return ["q"]

    def pages(self, query, cursor):
        self.started.set()
        if self.error is not None:
            raise self.error
        for n in range(self.count):
            if n and self.gate is not None:
                self.at_gate.set()
                assert self.gate.wait(10)
            self.fetched += 1
            yield Page([mention(self.name, n)], Cursor(self.name, query, {"n": str(n)}))

    def preview(self, query):
        return every_page(self, query)


def scheduler_for(tmp_path, collectors: dict, clock=lambda: NOW, extra: str = "") -> Scheduler:
    settings = make_settings("[rss]\ninterval_minutes = 10\n[x]\ninterval_minutes = 60\n" + extra)
    lines: list[str] = []

    def build(name, settings, store):
        made = collectors[name]
        if isinstance(made, Exception):
            raise made
        return made

    sched = Scheduler(settings, tmp_path / "a.duckdb", list(collectors), build=build, clock=clock,
                      report=lines.append)
    sched.lines = lines
    return sched


def stored(tmp_path) -> list[tuple]:
    with open_store(tmp_path / "a.duckdb") as store:
        return store._rows("SELECT id FROM mentions ORDER BY id")


def runs(tmp_path) -> list[tuple]:
    with open_store(tmp_path / "a.duckdb") as store:
        return store._rows("SELECT job, status, items, errors FROM runs ORDER BY id")


def test_intervals_have_jitter(tmp_path):
    sched = scheduler_for(tmp_path, {"rss": ListCollector("rss"), "x": ListCollector("x")})
    sched.setup()
    jobs = {next(iter(job.tags)): job for job in sched.sched.jobs}
    assert (jobs["rss"].interval, jobs["rss"].latest) == (480, 720)      # 10 min ± 20 %
    assert (jobs["x"].interval, jobs["x"].latest) == (2880, 4320)


def test_one_failing_source_never_stops_the_others(tmp_path):
    sched = scheduler_for(tmp_path, {"x": ListCollector("x", error=RuntimeError("boom")),
                                     "rss": ListCollector("rss")})
    sched.setup()
    sched.run_all_now()
    sched.join()
    assert stored(tmp_path) == [("rss:0",), ("rss:1",), ("rss:2",)]
    assert sorted(runs(tmp_path)) == [("collect:rss", "ok", 3, 0), ("collect:x", "failed", 0, 0)]


def test_repeated_failures_back_off_exponentially_and_survive_a_restart(tmp_path):
    failing = ListCollector("rss", error=SourceUnavailable("rss: server error (503)"))
    clock = [NOW]
    sched = scheduler_for(tmp_path, {"rss": failing}, clock=lambda: clock[0])
    sched.setup()
    delays = []
    for _ in range(3):
        assert sched.launch("rss")
        sched.join()
        delays.append(sched.sources["rss"].not_before - clock[0])
        assert not sched.launch("rss")             # still backing off
        clock[0] = sched.sources["rss"].not_before
    assert delays == [timedelta(minutes=10), timedelta(minutes=20), timedelta(minutes=40)]
    restarted = scheduler_for(tmp_path, {"rss": failing}, clock=lambda: clock[0] - timedelta(1))
    restarted.setup()
    assert restarted.sources["rss"].failures == 3 and not restarted.launch("rss")


def test_a_bug_in_a_collector_backs_off_with_its_traceback_journalled(tmp_path):
    sched = scheduler_for(tmp_path, {"rss": ListCollector("rss", error=KeyError("id"))})
    sched.setup()
    assert sched.launch("rss")
    sched.join()
    assert sched.sources["rss"].failures == 1 and not sched.launch("rss")
    with open_store(tmp_path / "a.duckdb") as store:
        [(status, message)] = store._rows("SELECT status, message FROM runs")
    assert status == "failed"
    assert "KeyError: 'id'" in message and f'{__file__}", line' in message


def test_backoff_is_capped():
    assert backoff_delay(20, 30, 360) == timedelta(minutes=360)
    assert backoff_delay(0, 30, 360) == timedelta(0)


def test_no_two_runs_of_one_source_at_once(tmp_path):
    gate = threading.Event()
    slow = ListCollector("rss", gate=gate)
    sched = scheduler_for(tmp_path, {"rss": slow})
    sched.setup()
    assert sched.launch("rss")
    assert slow.started.wait(10)
    assert not sched.launch("rss")
    gate.set()
    sched.join()
    assert sched.launch("rss")
    sched.join()


def test_stop_commits_the_page_in_hand_then_ends(tmp_path):
    gate = threading.Event()
    slow = ListCollector("rss", pages=3, gate=gate)
    sched = scheduler_for(tmp_path, {"rss": slow})
    sched.setup()
    sched.launch("rss")
    assert slow.at_gate.wait(10)
    sched.stop()                                   # while page 2 is being fetched
    gate.set()
    sched.join()
    assert slow.fetched == 2
    assert runs(tmp_path)[-1][:3] == ("collect:rss", "stopped", 2)
    with open_store(tmp_path / "a.duckdb") as store:
        assert state.load_cursor(store, "rss", "q") == {"n": "1"}


def test_rate_limited_source_waits_for_its_reset(tmp_path):
    reset = NOW + timedelta(minutes=7)
    sched = scheduler_for(tmp_path, {"rss": ListCollector("rss", error=RateLimited("429", reset))})
    sched.setup()
    sched.launch("rss")
    sched.join()
    assert sched.sources["rss"].not_before == reset and sched.sources["rss"].failures == 0
    assert not sched.launch("rss")


def test_missing_credentials_say_what_to_set_once(tmp_path):
    sched = scheduler_for(tmp_path, {"x": MissingCredentials("set X_BEARER_TOKEN in the environment")})
    sched.setup()
    for _ in range(2):
        sched.launch("x")
        sched.join()
    assert sched.lines == ["ambassade: x: skipped: set X_BEARER_TOKEN in the environment"]
    assert runs(tmp_path) == [("collect:x", "skipped", 0, 0)]


def write_config(tmp_path, url: str) -> Path:
    config = tmp_path / "ambassade.toml"
    config.write_text(BRAND_TOML + f'\n[rss]\nfeeds = ["{url}"]\ninterval_minutes = 1\n'
                      '[reddit]\nrss_fallback = false\n', encoding="utf-8")
    return config


def test_schedule_once_runs_each_source_and_exits(httpserver, tmp_path):
    from click.testing import CliRunner

    from ambassade.cli import main

    httpserver.expect_request("/feed").respond_with_data(payload("rss", "listening_rss2.xml"))
    config = write_config(tmp_path, httpserver.url_for("/feed"))
    result = CliRunner().invoke(main, ["--config", str(config), "--db", str(tmp_path / "a.duckdb"),
                                       "schedule", "--once", "rss", "reddit", "x"])
    assert result.exit_code == 0, result.output
    assert "reddit: skipped: set REDDIT_CLIENT_ID" in result.stderr
    assert "x: skipped: set X_BEARER_TOKEN" in result.stderr
    assert len(stored(tmp_path)) == 2


@pytest.mark.slow
def test_sigterm_stops_the_scheduler_gracefully(httpserver, tmp_path):
    httpserver.expect_request("/feed").respond_with_data(payload("rss", "listening_rss2.xml"))
    config = write_config(tmp_path, httpserver.url_for("/feed"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("X_", "REDDIT_", "praw_"))}
    child = subprocess.Popen(
        [str(Path(sys.executable).parent / "ambassade"), "--config", str(config), "--db",
         str(tmp_path / "a.duckdb"), "schedule", "rss"],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        for line in child.stderr:
            if line.startswith("ambassade: ok: rss"):
                break
        child.send_signal(signal.SIGTERM)
        rest = child.communicate(timeout=30)[1]
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0
    assert "ambassade: stopped" in rest
    assert len(stored(tmp_path)) == 2


def test_extra_jobs_are_journalled_and_their_failure_is_not_fatal(tmp_path):
    from ambassade.scheduler import score_job

    sched = scheduler_for(tmp_path, {"rss": ListCollector("rss")})
    sched.setup()
    assert {next(iter(j.tags)) for j in sched.sched.jobs} == {"rss", "score", "purge", "export", "links-ingest", "alerts"}
    sched.launch("rss")
    sched.join()
    sched._extra("score", score_job)
    sched._extra("broken", lambda store, settings: 1 / 0)
    assert [r[:2] for r in runs(tmp_path)] == [("collect:rss", "ok"), ("score", "ok"),
                                               ("broken", "failed")]
    with open_store(tmp_path / "a.duckdb") as store:
        assert store._rows("SELECT count(*) FROM scores") == [(3,)]


def test_another_process_can_read_between_pages(tmp_path):
    """The file is held only while a page commits: the dashboard's read-only opens succeed."""
    from collectors.base import run_collector
    from store.state import ShortLivedStore

    counts: list[str] = []

    class ReadingCollector(ListCollector):
        def pages(self, query, cursor):
            for page in super().pages(query, cursor):
                yield page
                reader = subprocess.run(
                    [sys.executable, "-c", "import sys; from store.connect import read_only\n"
                     "with read_only(sys.argv[1], retry_seconds=0) as s:\n"
                     "    print(s._rows('SELECT count(*) FROM mentions')[0][0])",
                     str(tmp_path / "a.duckdb")], cwd=ROOT, capture_output=True, text=True,
                    timeout=60)
                counts.append(reader.stdout.strip() or reader.stderr.strip()[-200:])

    open_store(tmp_path / "a.duckdb").close()
    run_collector(ReadingCollector("rss", pages=2), ShortLivedStore(tmp_path / "a.duckdb"))
    assert counts == ["1", "2"]


def test_schedule_with_an_unusable_database_is_one_line_exit_2(tmp_path):
    from click.testing import CliRunner

    from ambassade.cli import main

    config = write_config(tmp_path, "https://news.example.org/feed.xml")
    result = CliRunner().invoke(main, ["--config", str(config), "--db",
                                       str(tmp_path / "missing" / "a.duckdb"), "schedule", "--once"])
    assert result.exit_code == 2
    assert result.stderr.startswith("ambassade: error: ") and result.stderr.count("\n") == 1


def test_the_scheduler_is_orchestration_not_a_collector():
    """It runs several engines (collect, score, purge…): it lives in the application layer."""
    import importlib.util

    import ambassade.scheduler

    assert importlib.util.find_spec("collectors.scheduler") is None
    assert ambassade.scheduler.EXTRA_JOBS is not None          # the hook for other jobs
    sources = (ROOT / "collectors").glob("*.py")
    assert not [p.name for p in sources if "import schedule" in p.read_text(encoding="utf-8")]


def test_the_employees_digest_is_a_job_only_when_enabled(tmp_path):
    from ambassade.scheduler import digest_job

    sched = scheduler_for(tmp_path, {"rss": ListCollector("rss")}, extra="[digest]\nenabled = true\n")
    sched.setup()
    assert "digest" in {next(iter(j.tags)) for j in sched.sched.jobs}
    sched._extra("digest", digest_job)
    assert runs(tmp_path)[-1][:2] == ("digest", "ok")        # nobody chose it: nothing sent, no failure


def test_x_volume_counts_are_a_job_only_with_counts_queries(tmp_path, monkeypatch):
    from ambassade.scheduler import x_counts_job

    sched = scheduler_for(tmp_path, {"rss": ListCollector("rss")})
    sched.setup()
    assert "x-counts" not in {next(iter(j.tags)) for j in sched.sched.jobs}
    sched = scheduler_for(tmp_path, {"rss": ListCollector("rss")}, extra='counts_queries = ["pain"]\n')   # inside [x]
    sched.setup()
    assert "x-counts" in {next(iter(j.tags)) for j in sched.sched.jobs}
    sched._extra("x-counts", x_counts_job)           # no X_BEARER_TOKEN: journalled as failed, not fatal
    assert runs(tmp_path)[-1][:2] == ("x-counts", "failed")
