"""A killed `score` leaves no worker process and no resource tracker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ambassade.model import Mention
from store.connect import open_store
from store.mentions import insert_mentions
from tests.conftest import MINIMAL_TOML, REPO

pytestmark = pytest.mark.slow


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_killing_score_kills_its_workers(tmp_path: Path, sig: int):
    db = tmp_path / "a.duckdb"
    now = datetime.now(timezone.utc)
    with open_store(db) as store, store.transaction() as tx:
        insert_mentions(tx, [Mention(source="rss", native_id=str(i), author="a", author_id=None,
                                     text=f"Lemoine {i} " + "vraiment très bien " * 20, url=None,
                                     created_at=now - timedelta(seconds=i)) for i in range(20_000)])
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMBASSADE_")}
    score = subprocess.Popen([sys.executable, "-m", "ambassade", "--config", str(config), "--db", str(db),
                              "score", "--workers", "2"], cwd=REPO, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        children: set[int] = set()
        while len(children) < 3 and time.monotonic() < deadline:   # 2 workers and the tracker
            time.sleep(0.2)
            children = descendants(score.pid)
            assert score.poll() is None, "score ended before its workers started"
        assert len(children) >= 3, children
        time.sleep(0.5)            # the workers are scoring
        score.send_signal(sig)
        score.wait(30)
        deadline = time.monotonic() + 15
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [pid for pid in children if alive(pid)] == []
    finally:
        if score.poll() is None:
            score.kill()
        for pid in descendants(score.pid):
            os.kill(pid, signal.SIGKILL)
