"""A real PostgreSQL server for the tests: one throwaway cluster per session, a database per test.

The cluster lives in a temporary folder, listens on 127.0.0.1 on a free port, and is stopped
and removed at the end of the session. Debian's `postgresql` package gives the binaries
(scripts/test.sh installs it when `initdb` is missing). `initdb` refuses to run as root: as
root the cluster runs as the `postgres` user. Each test gets a fresh database copied from a
template that is migrated once (CREATE DATABASE … TEMPLATE), or an empty one.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TEMPLATE = "ambassade_template"


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A running throwaway cluster: URLs of its databases, and fresh ones on demand."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="ambassade-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.user = "postgres"
        self._as: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, user="postgres")
            self._as = ["runuser", "-u", "postgres", "--"]
        else:
            self.user = os.environ.get("USER") or "postgres"
        self._names = itertools.count()
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", self.user, "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        # Tests open many pools: room for them; fsync off, a throwaway cluster.
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-t", "60",
                  "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off "
                        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                  "start")

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

    def new_database(self, template: str = "template0") -> str:
        name = f"t{next(self._names)}_{os.getpid()}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def drop(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The session's PostgreSQL cluster, with a template database at the latest schema."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (scripts/test.sh installs Debian's postgresql)")
    cluster = Cluster(bin_dir)
    try:
        from store import open_store
        from store.postgres import close_pools

        cluster.admin(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE template0')
        open_store(cluster.url(TEMPLATE)).close()
        close_pools()   # a template must have no connections to be copied
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh database at the latest schema, dropped after the test."""
    yield from _database(pg_cluster, TEMPLATE)


@pytest.fixture
def pg_empty_url(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh, empty database (no schema yet), dropped after the test."""
    yield from _database(pg_cluster, "template0")


@pytest.fixture
def pg_new_url(pg_cluster: Cluster) -> Iterator[Callable[[], str]]:
    """pg_new_url(): one more fresh database at the latest schema (all dropped after the test)."""
    from store.postgres import close_pools

    made: list[str] = []

    def new() -> str:
        made.append(pg_cluster.new_database(TEMPLATE))
        return pg_cluster.url(made[-1])

    yield new
    close_pools()
    for name in made:
        pg_cluster.drop(name)


def _database(cluster: Cluster, template: str) -> Iterator[str]:
    from store.postgres import close_pools

    name = cluster.new_database(template)
    try:
        yield cluster.url(name)
    finally:
        close_pools()
        cluster.drop(name)
