"""Writers wait for a dashboard reader, and the reader for them: nobody fails for a lock."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ambassade.model import Mention
from store.connect import open_store
from store.mentions import insert_mentions
from tests.conftest import MINIMAL_TOML, REPO

pytestmark = pytest.mark.slow

READER = textwrap.dedent("""
    import sys, time
    from store.connect import read_only
    from ambassade.errors import StoreLocked
    path, stop = sys.argv[1], sys.argv[2]
    reads = failures = 0
    import os
    while not os.path.exists(stop):
        try:
            with read_only(path, retry_seconds=5) as store:   # the dashboard's bounded retry
                store._rows("SELECT count(*) FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id")
                time.sleep(0.05)                              # a page's few queries on one connection
            reads += 1
        except StoreLocked:
            failures += 1
    print(reads, failures, flush=True)
""")


def test_writing_commands_and_a_dashboard_reader_take_turns(tmp_path: Path):
    db = tmp_path / "a.duckdb"
    now = datetime.now(timezone.utc)
    with open_store(db) as store, store.transaction() as tx:
        insert_mentions(tx, [Mention(source="rss", native_id=str(i), author=f"a{i % 40}", author_id=None,
                                     text=f"Lemoine {i} super", url=None, created_at=now - timedelta(minutes=i))
                             for i in range(3_000)])
    config = tmp_path / "ambassade.toml"
    config.write_text(MINIMAL_TOML)
    stop = tmp_path / "stop"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMBASSADE_")}
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop)], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, text=True)
    try:
        outcomes = {}
        for command in (["collect", "rss"], ["score"], ["purge"], ["erase", "E1", "--yes"], ["score"]):
            done = subprocess.run([sys.executable, "-m", "ambassade", "--config", str(config), "--db", str(db),
                                   *command], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
            outcomes[" ".join(command)] = (done.returncode, "locked" in done.stderr)
        stop.touch()
        reads, failures = map(int, reader.communicate(timeout=60)[0].split())
    finally:
        if reader.poll() is None:
            reader.kill()
    assert outcomes == {"collect rss": (0, False),      # no feed configured: nothing to read, no lock
                        "score": (0, False), "purge": (0, False),
                        "erase E1 --yes": (2, False)}   # it got in: E1 is simply unknown
    assert failures == 0 and reads > 0
