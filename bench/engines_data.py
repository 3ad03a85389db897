"""The data behind bench_engines.py's large figures: a synthetic history built through the
store's own writers, kept between runs, and a persistent PostgreSQL cluster beside it.

The mentions: a 2,000-word vocabulary drawn Zipf-like (bench_search's: common and rare words
both occur), four sources, French and English, size // 20 authors, one year ending on END.
Each batch is drawn from its own seed, so a stopped build resumes with the same rows.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ambassade.model import Mention  # noqa: E402
from bench.bench_dashboard_pages import classify  # noqa: E402
from bench.bench_search import vocabulary  # noqa: E402
from store.connect import open_store  # noqa: E402
from store.mentions import ScoreRow, insert_mentions, save_scores  # noqa: E402

END = datetime(2026, 11, 30, tzinfo=timezone.utc)
SPAN = timedelta(days=365)
SOURCES = ("x", "reddit", "rss", "bluesky")
VOCABULARY = vocabulary(random.Random(14))


def make(n: int, start: int, size: int) -> list[Mention]:
    """Mentions number `start` to `start + n` of a history of `size`, evenly spread over SPAN."""
    weights = 1 / numpy.arange(1, len(VOCABULARY) + 1)
    draw = numpy.random.default_rng(start)
    lengths = draw.integers(8, 31, size=n).tolist()
    drawn = numpy.array(VOCABULARY, dtype=object)[
        draw.choice(len(VOCABULARY), size=sum(lengths), p=weights / weights.sum())]
    authors = max(10, size // 20)
    picked = draw.integers(0, authors, size=n).tolist()
    step = SPAN / size
    out, at = [], 0
    for i, length, a in zip(range(start, start + n), lengths, picked):
        text = "Lemoine " + " ".join(drawn[at:at + length])
        at += length
        out.append(Mention(source=SOURCES[i % 4], native_id=str(i), author=f"user{a}", author_id=str(a),
                           text=text, url=f"https://example.org/{i}", created_at=END - SPAN + step * i,
                           lang=("fr", "en")[i % 2], matched=("Lemoine",)))
    return out


def stored(target) -> int:
    """How many mentions the database holds (0 when there is none yet)."""
    if isinstance(target, Path) and not target.exists():
        return 0
    with open_store(target) as store:      # a writer: a file from before the latest migration is upgraded
        return int(store._rows("SELECT count(*) FROM mentions")[0][0])


def build(path: Path, size: int, batch: int) -> None:
    """`size` mentions through `insert_mentions` (rows, authors, word index, daily counts) and
    `save_scores` for nine in ten, one transaction a batch, then every author classed
    (`replace_advocacy`). Resumes after the mentions already there."""
    have = stored(path)
    labels, compounds = ("positive", "neutral", "negative"), (0.5, 0.0, -0.5)
    started = time.perf_counter()
    with open_store(path) as store:
        for start in range(have, size, batch):
            mentions = make(min(batch, size - start), start, size)
            with store.transaction() as tx:
                insert_mentions(tx, mentions)
                save_scores(tx, [ScoreRow(m.id, "bench/1", m.lang, compounds[j % 3], 0.3, 0.4, 0.3,
                                          labels[j % 3], compounds[j % 3])
                                 for j, m in enumerate(mentions) if j % 10])
            done = start + len(mentions)
            print(f"  {path.name}: {done:,} mentions, {time.perf_counter() - started:.0f} s "
                  f"({(done - have) / (time.perf_counter() - started):,.0f}/s, load {os.getloadavg()[0]:.1f})",
                  flush=True)
        if have < size:
            took = time.perf_counter() - started
            print(f"built {path.name}: mentions {have:,} to {size:,} through insert_mentions and save_scores "
                  f"in {took:.0f} s ({(size - have) / took:,.0f} rows/s), load {os.getloadavg()}", flush=True)
        if not store._rows("SELECT count(*) FROM advocacy")[0][0]:
            started = time.perf_counter()
            classify(store, random.Random(17))
            print(f"classed {path.name}'s authors in {time.perf_counter() - started:.0f} s", flush=True)


class KeptCluster:
    """A PostgreSQL cluster under `folder` that outlives the run: made once, started when
    stopped, left running (stop it with `pg_ctl -D FOLDER/data stop`)."""

    SETTINGS = "-c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=512MB -c max_wal_size=4GB"

    def __init__(self, folder: Path, bin_dir: Path) -> None:
        self.folder, self.bin, self.data = folder, bin_dir, folder / "data"
        self.port = self._port(folder)
        self.user = "postgres"
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if not self._as:
            self.user = os.environ.get("USER") or "postgres"
        folder.mkdir(parents=True, exist_ok=True)
        if self._as:
            shutil.chown(folder, user="postgres")
        if not (self.data / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", self.user, "-E", "UTF8",
                      "--locale=C.UTF-8")
        if self._tool("pg_ctl", "-D", str(self.data), "status").returncode != 0:
            self._run("pg_ctl", "-D", str(self.data), "-l", str(folder / "server.log"), "-w", "-t", "120",
                      "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {folder} {self.SETTINGS}", "start")

    @staticmethod
    def _port(folder: Path) -> int:
        """The cluster's port: free when first chosen, then kept in FOLDER/port (other helpers'
        clusters share the machine, so no fixed number)."""
        import socket

        saved = folder / "port"
        if saved.exists():
            return int(saved.read_text())
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        folder.mkdir(parents=True, exist_ok=True)
        saved.write_text(f"{port}\n")
        return port

    def _tool(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self._as, str(self.bin / tool), *args], capture_output=True, text=True,
                              cwd=self.folder)

    def _run(self, tool: str, *args: str) -> None:
        done = self._tool(tool, *args)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {(done.stderr or done.stdout).strip()[-400:]}")

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as con:
            con.execute(sql)

    def exists(self, database: str) -> bool:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as con:
            return con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone() is not None

    def fresh(self, database: str) -> str:
        """An empty database of that name (dropped first if it was there)."""
        self.admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        self.admin(f'CREATE DATABASE "{database}"')
        return self.url(database)


if __name__ == "__main__":          # python bench/engines_data.py PATH SIZE [BATCH]: a build alone
    build(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 50_000)
    if int(sys.argv[2]) == 1_000_000:
        (Path(sys.argv[1]).parent / "d1m.ready").touch()
