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
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ambassade.model import Mention  # noqa: E402
from bench.bench_search import vocabulary  # noqa: E402
from store.connect import open_store  # noqa: E402
from store.mentions import ScoreRow, insert_mentions, save_scores  # noqa: E402
from tests.pg import Cluster  # noqa: E402

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
            classify_ordered(store)
            print(f"classed {path.name}'s authors in {time.perf_counter() - started:.0f} s", flush=True)


class KeptCluster(Cluster):
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


SLICES = 8      # the scale-up's transactions: each adds the copies of one eighth of the year, in time order


def scale_up(small: Path, path: Path, factor: int) -> None:
    """`path`: `factor` times the history of `small` (a complete build of `size // factor`), in
    less time than the writers take at 10M on a shared machine. The file of `small` is copied,
    then `factor - 1` copies of its mentions are added in SQL, each with new ids, new authors (the
    author numbers shifted per copy) and times moved by a few seconds, in time order, with their
    scores and authors; then the store's own code fills what ingest fills: the word index
    (`search.index_batch`, the SQL insert_mentions runs), the daily tables (`daily.recount_all`)
    and every author's class (`replace_advocacy`). Not resumable: a stopped scale-up starts over."""
    from store import daily, search

    work = path.with_name(path.name + ".part")
    for old in (work, Path(f"{work}.wal")):
        old.unlink(missing_ok=True)
    shutil.copyfile(small, work)
    base = stored(small)
    authors = max(10, base // 20)
    spacing = SPAN.total_seconds() / base / factor            # the new copies sit between the old rows
    started = time.perf_counter()
    with open_store(work) as store:
        store._rows("SET enable_progress_bar = false")
        [(low, high)] = store._rows("SELECT min(created_at), max(created_at) FROM mentions")
        cut = [low + (high - low) * i / SLICES for i in range(SLICES)] + [high + timedelta(seconds=1)]
        copies = f"range(1, {factor}) AS r(k)"
        for first, last in zip(cut, cut[1:]):
            with store.transaction() as tx:
                tx._rows(f"""
                    CREATE OR REPLACE TEMPORARY TABLE _copies AS
                    SELECT m.* REPLACE (
                        m.id || '-' || k AS id, m.native_id || '-' || k AS native_id,
                        'user' || CAST(CAST(m.author_id AS BIGINT) + k * {authors} AS VARCHAR) AS author,
                        CAST(CAST(m.author_id AS BIGINT) + k * {authors} AS VARCHAR) AS author_id,
                        m.url || '-' || k AS url,
                        m.created_at + to_microseconds(CAST(k * {spacing * 1e6:.0f} AS BIGINT)) AS created_at,
                        sample_key(m.id || '-' || k) AS sample_key),
                        k, m.id AS copied_from
                    FROM mentions m, {copies}
                    WHERE m.created_at >= ? AND m.created_at < ? AND NOT contains(m.id, '-')
                    ORDER BY created_at""", [first, last])
                tx._rows("INSERT INTO mentions SELECT * EXCLUDE (k, copied_from) FROM _copies")
                tx._rows("INSERT INTO scores SELECT s.* REPLACE (c.id AS mention_id, c.created_at AS created_at) "
                         "FROM scores s JOIN _copies c ON c.copied_from = s.mention_id")
                search.index_batch(tx, "_copies")
                tx._rows("DROP TABLE _copies")
            print(f"  {work.name}: {stored_rows(store):,} mentions, {time.perf_counter() - started:.0f} s, "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
        with store.transaction() as tx:
            tx._rows(f"""
                INSERT INTO authors
                SELECT a.* REPLACE (
                    a.source || ':' || CAST(CAST(split_part(a.id, ':', 2) AS BIGINT) + k * {authors} AS VARCHAR) AS id,
                    'user' || CAST(CAST(split_part(a.id, ':', 2) AS BIGINT) + k * {authors} AS VARCHAR) AS handle,
                    NULL::INTEGER AS number)     -- given below, as the catch-up pass gives them
                FROM authors a, {copies}
                WHERE a.id IN (SELECT source || ':' || author_id FROM mentions WHERE NOT contains(id, '-'))
                ON CONFLICT DO NOTHING""")
            daily.recount_all(tx)
        daily.number_authors(store)
        store._rows("DELETE FROM advocacy")
        classify_ordered(store)
        total = stored_rows(store)
    work.rename(path)
    Path(f"{work}.wal").unlink(missing_ok=True)
    print(f"scaled {small.name} up {factor}×: {total:,} mentions in {time.perf_counter() - started:.0f} s, "
          f"file {path.stat().st_size / 1e9:.1f} GB, load {os.getloadavg()}", flush=True)


def stored_rows(store) -> int:
    return int(store._rows("SELECT count(*) FROM mentions")[0][0])


def classify_ordered(store) -> None:
    """Every author classed through `replace_advocacy` (bench_dashboard_pages' rule), authors
    taken in id order so that both engines class the same authors the same way."""
    from store.signals import replace_advocacy

    rnd = random.Random(17)
    ids = [r[0] for r in store._rows("SELECT id FROM authors ORDER BY id")]
    now = END.replace(hour=0)
    with store.transaction() as tx:
        replace_advocacy(tx, "author", {
            "subject_kind": ["author"] * len(ids), "subject_id": ids, "window_days": [90] * len(ids),
            "computed_at": [now] * len(ids), "class": [("ambassador", "detractor", "neutral")[i % 3] for i in range(len(ids))],
            "confidence": [rnd.random() for _ in ids], "score": [rnd.uniform(-1, 1) for _ in ids],
            "mentions": [5] * len(ids), "reach": [rnd.randrange(10_000) for _ in ids]})


def scale_up_postgres(cluster: KeptCluster, small: str, name: str, factor: int, base: int) -> None:
    """The same scale-up as `scale_up`, on PostgreSQL: database `name` made from `small` (a copy
    of the DuckDB 1M build) as a template, the same copies added by the same rule in SQL (new
    ids, authors, times: the same rows as DuckDB's), then the store's own index fill, daily
    recount and classes. Not resumable."""
    import psycopg

    from store import daily, search
    from store.postgres import close_pools

    close_pools()
    cluster.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    cluster.admin(f'CREATE DATABASE "{name}" TEMPLATE "{small}"')
    authors = max(10, base // 20)
    micros = round(SPAN.total_seconds() / base / factor * 1e6)
    started = time.perf_counter()
    url = cluster.url(name)
    with psycopg.connect(url) as pg:
        def columns(table: str) -> list[str]:      # generated columns (0024's search_vector) compute themselves
            return [r[0] for r in pg.execute("SELECT column_name FROM information_schema.columns WHERE "
                                             "table_schema = current_schema() AND table_name = %s "
                                             "AND is_generated = 'NEVER' ORDER BY ordinal_position", [table]).fetchall()]
        shifted = f"(m.author_id::bigint + k * {authors})::text"
        override = {"id": "m.id || '-' || k", "native_id": "m.native_id || '-' || k",
                    "author": f"'user' || {shifted}", "author_id": shifted, "url": "m.url || '-' || k",
                    "created_at": f"m.created_at + (k * {micros}::bigint) * interval '1 microsecond'"}
        mention_columns = columns("mentions")
        select = ", ".join(f"{override.get(c, 'm.' + c)} AS {c}" for c in mention_columns)
        score_columns = columns("scores")
        scores = ", ".join("c.id" if c == "mention_id" else f"s.{c}" for c in score_columns)
        low, high = pg.execute("SELECT min(created_at), max(created_at) FROM mentions").fetchone()
        cut = [low + (high - low) * i / SLICES for i in range(SLICES)] + [high + timedelta(seconds=1)]
        for first, last in zip(cut, cut[1:]):
            pg.execute(f"CREATE TEMPORARY TABLE _copies AS SELECT {select}, m.id AS copied_from "
                       f"FROM mentions m, generate_series(1, {factor - 1}) AS k "
                       "WHERE m.created_at >= %s AND m.created_at < %s AND position('-' in m.id) = 0 "
                       "ORDER BY created_at", [first, last])
            pg.execute(f"INSERT INTO mentions ({', '.join(mention_columns)}) "
                       f"SELECT {', '.join(mention_columns)} FROM _copies")
            pg.execute(f"INSERT INTO scores ({', '.join(score_columns)}) SELECT {scores} "
                       "FROM scores s JOIN _copies c ON c.copied_from = s.mention_id")
            pg.execute("DROP TABLE _copies")
            pg.commit()
            print(f"  {name}: {pg.execute('SELECT count(*) FROM mentions').fetchone()[0]:,} mentions, "
                  f"{time.perf_counter() - started:.0f} s, load {os.getloadavg()[0]:.1f}", flush=True)
        handle = f"(split_part(a.id, ':', 2)::bigint + k * {authors})::text"
        author_columns = columns("authors")
        override = {"id": f"a.source || ':' || {handle}", "handle": f"'user' || {handle}"}
        pg.execute(f"INSERT INTO authors ({', '.join(author_columns)}) SELECT "
                   + ", ".join(override.get(c, "a." + c) for c in author_columns)
                   + f" FROM authors a, generate_series(1, {factor - 1}) AS k ON CONFLICT DO NOTHING")
        pg.commit()
    with open_store(url) as store:
        with store.transaction() as tx:
            # The store's own index fill for the copies (a no-op where PostgreSQL's full-text
            # index, migration 0024, keeps itself), then its daily recount.
            tx._rows("CREATE TEMPORARY TABLE _copies AS SELECT id, author, text, created_at, source, matched, "
                     "competitors FROM mentions WHERE id LIKE '%-%'")
            search.index_batch(tx, "_copies")
            tx._rows("DROP TABLE _copies")
            daily.recount_all(tx)
        store._rows("DELETE FROM advocacy")
        classify_ordered(store)
    close_pools()
    with psycopg.connect(url, autocommit=True) as pg:
        pg.execute("VACUUM ANALYZE")
    print(f"scaled {small} up {factor}× on PostgreSQL in {time.perf_counter() - started:.0f} s, load {os.getloadavg()}",
          flush=True)
