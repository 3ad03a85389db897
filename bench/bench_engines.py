"""The same store on both engines, in one run: ingest rate, dashboard reads, and what the SQL
translation for PostgreSQL costs.

Run: python bench/bench_engines.py [--size 100000] [--batch 5000] [--pg postgresql://…]

Without --pg a throwaway PostgreSQL cluster is started in a temp folder (tests/pg.py, Debian's
postgresql; as the `postgres` user when root) and removed at the end.

For the same N synthetic mentions (bench/bench_ingest.py's), in a fresh DuckDB file and a
fresh PostgreSQL database:
  1. `insert_mentions` in batches of --batch rows, one transaction each (ids checked first,
     authors upserted, word index filled; on PostgreSQL the batch goes in by binary COPY);
  2. the bare-library baseline of each engine: the same rows in ONE bulk load into a bare
     table (DuckDB: an Arrow table INSERT … SELECT; PostgreSQL: psycopg binary COPY) — no id
     check, no authors, no word index;
  3. dashboard reads on the full table (bounds, daily counts, totals, the explorer's first
     page and a word search), warm, median of 5;
  4. the translation (store/dialect.py): a statement translated the first time, and found in
     the cache after.
Figures are printed, not asserted. The machine may be shared: compare within one run.

At scale (issue 16), with --keep-dir DIR (outside the repository, e.g. ../bench-data/engines):

Run: python bench/bench_engines.py --keep-dir DIR [--reuse] [--sizes 1000000 10000000]
     [--steps ingest copy pages search] [--ingest-size 1000000] [--repeat 3] [--scale-up]

  ingest: `insert_mentions` of --ingest-size mentions in collector-sized pages (--batch) on both
     engines, beside each engine's bare bulk load of the same rows, in the same run;
  copy: the PostgreSQL databases made from the DuckDB files by the product's mover
     (`ambassade store copy --from DIR/dNm.duckdb --to URL`), timed (rows per second);
  pages: the store functions each comms page calls (through dashboard/queries.py), each cold
     (the first call on a fresh store: a new DuckDB connection, a new PostgreSQL connection)
     and warm (median of --repeat), one table per size with a DuckDB and a PostgreSQL column;
  search: the explorer (`store.listening.explore`: the bounded count and the first page) with
     a common word, a rare word, both, an author and a prefix, cold and warm.
The DuckDB files DIR/d1m.duckdb, DIR/d10m.duckdb are built through the store's own writers
(bench/engines_data.py: insert_mentions, save_scores, replace_advocacy); a stopped build resumes.
The writers ran at 1,100 to 7,000 mentions a second on the shared 2-core machine (10M: hours),
so --scale-up makes each size above the smallest from the smallest build instead: on each
engine the same copies of its mentions, scores and authors by the same SQL rule (new ids,
authors, times in between), then the store's own word-index fill, daily recount and classes
(engines_data.scale_up, scale_up_postgres): the same rows on both engines. The mover
(`store copy`) pages by LIMIT/OFFSET and ran at about 4,000 rows/s at 1M: hours at 10M.
The PostgreSQL cluster lives in DIR/pg and stays running between runs (its port in DIR/pg/port); with
--reuse a database already copied is kept (by its marker DIR/pNm.copied: delete it, or leave
out --reuse, after a migration changed), else it is copied again. "Cold" is a fresh
connection, not an empty OS or server cache. `os.getloadavg()` is printed with each block.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ambassade.errors import one_line  # noqa: E402
from ambassade.text.topics import ignored_words  # noqa: E402
from bench import engines_data  # noqa: E402
from bench.bench_ingest import T0, make_mentions, pages  # noqa: E402
from store import listening  # noqa: E402
from store.connect import Store, open_store  # noqa: E402
from store.health import row_counts  # noqa: E402
from store.listening import MentionFilter  # noqa: E402
from store.mentions import insert_mentions, mentions_table  # noqa: E402


def ingest(target, mentions, batch: int) -> float:
    with open_store(target) as store:
        started = time.perf_counter()
        for page in pages(mentions, batch):
            with store.transaction() as db:
                insert_mentions(db, page)
        return time.perf_counter() - started


def bare_duckdb(path: Path, mentions) -> float:
    import duckdb

    batch = mentions_table(mentions)
    con = duckdb.connect(str(path))
    con.register("batch", batch)
    con.execute("CREATE TABLE m AS SELECT * FROM batch LIMIT 0")
    started = time.perf_counter()
    con.execute("INSERT INTO m SELECT * FROM batch")
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def bare_copy(url: str, mentions) -> float:
    import psycopg

    table = mentions_table(mentions)
    types = ["text", "text", "text", "text", "text", "text", "text", "timestamptz", "text", "text[]",
             "text", "bytea", "timestamptz", "text[]"]
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("CREATE TABLE bare_mentions (" + ", ".join(
            f"{n} {t}" for n, t in zip(table.schema.names, types)) + ")")
        started = time.perf_counter()
        with con.cursor() as cur, cur.copy("COPY bare_mentions FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in zip(*(c.to_pylist() for c in table.columns)):
                copy.write_row(row)
        return time.perf_counter() - started


def median_ms(call, runs: int = 5) -> float:
    call()   # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def reads(target, n: int) -> dict[str, float]:
    end = T0 + timedelta(seconds=n * 7)
    start = end - timedelta(days=30)
    sources = ["x", "reddit"]
    with open_store(target, read_only=True) as db:
        return {
            "bounds": median_ms(lambda: listening.bounds(db)),
            "daily counts, 30 days": median_ms(lambda: listening.daily_counts(db, start, end, sources)),
            "totals, 30 days": median_ms(lambda: listening.totals(db, start, end, sources)),
        }


def translation_cost() -> tuple[float, float, int]:
    from store.dialect import Catalog, _translate, translate

    catalog = Catalog()
    statements = [
        "SELECT date_trunc('day', timezone(?, m.created_at)) AS day, m.source, count(*) AS mentions "
        "FROM public_mentions m WHERE m.created_at >= ? AND list_contains(?, m.source) GROUP BY ALL ORDER BY day",
        "SELECT m.id FROM mentions m SEMI JOIN _batch_ids b ON m.id = b.id",
        "SELECT * FROM corrections QUALIFY row_number() OVER (PARTITION BY mention_id ORDER BY id DESC) = 1",
    ]
    _translate.cache_clear()
    started = time.perf_counter()
    for sql in statements:
        translate(sql, catalog)
    cold = (time.perf_counter() - started) * 1000 / len(statements)
    started = time.perf_counter()
    loops = 10_000
    for _ in range(loops // len(statements)):
        for sql in statements:
            translate(sql, catalog)
    warm = (time.perf_counter() - started) * 1e6 / loops
    return cold, warm, len(statements)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} (2 cores)"


def label(size: int) -> str:
    return f"{size // 1_000_000}m" if size % 1_000_000 == 0 else f"{size // 1000}k"


ZONE = "Europe/Paris"
BRAND = "Maison Lemoine"


def page_reads() -> list[tuple[str, str, Callable[[Store], object]]]:
    """(page, read, call): what each comms page asks the store for (dashboard/queries.py), on
    the last 30 days of the history (the pages' default window)."""
    import logging

    import streamlit  # noqa: F401  (its caches, unused here, warn outside a server)

    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    from dashboard.queries import _health
    from links.authenticity import near_identical
    from store import incidents, managers, programme, signals, voice
    from store import links as links_store

    end = engines_data.END + timedelta(minutes=5)
    start = end - timedelta(days=30)
    sources = engines_data.SOURCES
    ignore = ignored_words(("fr", "en"), ("Lemoine",))
    window = MentionFilter(start, end, sources)
    return [
        ("all", "bounds", listening.bounds),
        ("overview", "totals (and the 30 days before)", lambda db: (
            listening.totals(db, start, end, sources, False, ZONE),
            listening.totals(db, start - timedelta(days=30), start, sources, False, ZONE))),
        ("overview", "daily counts", lambda db: listening.daily_counts(db, start, end, sources, False, ZONE)),
        ("overview", "share of voice", lambda db: voice.share_of_voice(db, BRAND, start, end, sources, False, ZONE)),
        ("overview", "topics", lambda db: voice.topics(db, start, end, sources, ignore, False, zone=ZONE)),
        ("overview", "incidents and their curve", lambda db: (
            incidents.incidents_since(db, start), incidents.hourly_volume(db, start, end))),
        ("mentions", "explorer, first page and count", lambda db: listening.explore(db, window, 100, 0)),
        ("mentions", "explorer, page 50", lambda db: listening.explore(db, window, 100, 4900)),
        ("advocacy", "advocacy authors and counts", lambda db: (
            signals.public_authors(db, 1000), signals.public_author_counts(db))),
        ("programme", "programme table", programme.programme_table),
        ("programme", "enrolled, teams, participation", lambda db: (
            programme.enrolled(db), [managers.team_participation(db, t, start, end, 5) for t in managers.teams(db)])),
        ("value", "value table and leaderboard", lambda db: (
            links_store.value_table(db, "content", start, end, 0.5),
            links_store.leaderboard(db, start, end, points_per_share=10, points_per_click=1, daily_cap=3))),
        ("value", "authenticity", lambda db: (
            near_identical(links_store.employee_post_texts(db, start, end)),
            links_store.coordinated_posts(db, start, end, 2, 3))),
        ("content", "content library", programme.content_library),
        ("health", "health (row counts, coverage, runs, cursors)", _health),
    ]


def fresh_store(target):
    """A store on a new connection: DuckDB read-only as the dashboard opens it; PostgreSQL with
    the process's pools closed first, so the call below opens a new server connection."""
    if isinstance(target, str):
        from store.postgres import close_pools

        close_pools()
        return open_store(target)
    return open_store(target, read_only=True)


def cold_warm(target, call, repeat: int) -> tuple[float, float, object]:
    """(cold ms: the first call on a fresh store, warm ms: median of the next `repeat`, result)."""
    with fresh_store(target) as store:
        started = time.perf_counter()
        result = call(store)
        cold = (time.perf_counter() - started) * 1000
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            call(store)
            times.append((time.perf_counter() - started) * 1000)
    return cold, statistics.median(times), result


def cell(ms: float) -> str:
    return f"{ms:,.0f} ms" if ms >= 10 else f"{ms:.1f} ms"


def pages_table(size: int, targets: dict[str, object], repeat: int) -> None:
    print(f"\ndashboard page reads at {size:,} mentions, last 30 days; cold (fresh connection) / warm "
          f"(median of {repeat}); {load()}", flush=True)
    names = list(targets)
    print(f"{'page':<10} {'read':<46}" + "".join(f" {n + ' cold':>16} {n + ' warm':>16}" for n in names))
    for page, name, call in page_reads():
        line = f"{page:<10} {name:<46}"
        for engine in names:
            try:
                cold, warm, _ = cold_warm(targets[engine], call, repeat)
                line += f" {cell(cold):>16} {cell(warm):>16}"
            except Exception as error:       # a read that fails at scale is a finding: say it, go on
                line += f"  {engine} FAILED: {one_line(error)[:200]}"
        print(line, flush=True)
    print(f"({load()})")


def searches() -> list[tuple[str, str]]:
    words = engines_data.VOCABULARY
    common, rare = words[0], words[1500]
    return [("a common word", common), ("a rare word", rare), ("both", f"{rare} {common}"),
            ("an author", "user4242"), ("a prefix", "bri")]


def search_table(size: int, targets: dict[str, object], repeat: int) -> None:
    from store.listening import COUNT_BOUND

    end = engines_data.END + timedelta(minutes=5)
    print(f"\nexplorer search at {size:,} mentions, whole year: store.listening.explore (bounded count "
          f"and first page of 100); cold / warm (median of {repeat}); {load()}", flush=True)
    names = list(targets)
    print(f"{'search':<28}" + "".join(f" {n + ' matches':>20} {n + ' cold':>16} {n + ' warm':>16}" for n in names))
    for kind, search in searches():
        where = MentionFilter(end - engines_data.SPAN - timedelta(days=1), end, engines_data.SOURCES, search=search)
        line = f"{kind + ' (' + search + ')':<28}"
        for engine in names:
            try:
                cold, warm, (_, total) = cold_warm(targets[engine], lambda db, where=where: listening.explore(db, where, 100, 0),
                                                   repeat)
                shown = f">{COUNT_BOUND:,}" if total > COUNT_BOUND else f"{total:,}"
                line += f" {shown:>20} {cell(cold):>16} {cell(warm):>16}"
            except Exception as error:
                line += f"  {engine} FAILED: {one_line(error)[:200]}"
        print(line, flush=True)
    print(f"({load()})")


def scaled_ingest(keep: Path, cluster, size: int, batch: int) -> None:
    print(f"\ningest of {size:,} mentions (bench_ingest's), pages of {batch:,}, one transaction each; "
          f"{load()}", flush=True)
    mentions = make_mentions(size)
    duck = keep / "ingest.duckdb"
    for leftover in (duck, keep / "ingest.duckdb.wal", keep / "bare.duckdb", keep / "bare.duckdb.wal"):
        leftover.unlink(missing_ok=True)
    rates = {}
    for name, target in (("DuckDB", duck), ("PostgreSQL", cluster.fresh("ingest"))):
        rates[name] = size / ingest(target, mentions, batch)
        print(f"  {name} insert_mentions done, {load()}", flush=True)
    bare = {"DuckDB": size / bare_duckdb(keep / "bare.duckdb", mentions),
            "PostgreSQL": size / bare_copy(cluster.fresh("bare"), mentions)}
    for name, how in (("DuckDB", "Arrow INSERT … SELECT"), ("PostgreSQL", "binary COPY")):
        print(f"{name}: insert_mentions {rates[name]:,.0f} rows/s; bare {how} {bare[name]:,.0f} rows/s "
              f"(insert_mentions at {rates[name] / bare[name]:.1%} of it)")
    for leftover in (duck, keep / "ingest.duckdb.wal", keep / "bare.duckdb", keep / "bare.duckdb.wal"):
        leftover.unlink(missing_ok=True)
    from store.postgres import close_pools

    close_pools()
    cluster.admin('DROP DATABASE IF EXISTS "ingest" WITH (FORCE)')
    cluster.admin('DROP DATABASE IF EXISTS "bare" WITH (FORCE)')
    print(f"({load()})")


def copied(keep: Path, cluster, size: int, reuse: bool) -> str:
    """The PostgreSQL database holding DIR/dNm.duckdb's rows, copied by `ambassade store copy`
    (kept with --reuse once a copy finished; a stopped copy resumes)."""
    name, marker = f"p{label(size)}", keep / f"p{label(size)}.copied"
    if reuse and marker.exists() and cluster.exists(name):
        print(f"\n{name}: kept from an earlier run ({marker.read_text().strip()})")
        return cluster.url(name)
    if not (reuse and cluster.exists(name)):
        cluster.fresh(name)
    source = keep / f"d{label(size)}.duckdb"
    print(f"\nambassade store copy --from {source.name} --to {name}; {load()}", flush=True)
    root = str(Path(__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), root) if p))
    started = time.perf_counter()
    sys.stdout.flush()
    done = subprocess.run([sys.executable, "-c", "from ambassade.cli import main; main()", "store", "copy",
                           "--from", str(source), "--to", cluster.url(name)], env=env)   # its lines as they come
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"store copy failed (exit {done.returncode})")
    with open_store(cluster.url(name)) as store:     # the rows copied (DuckDB's word index is not)
        rows = sum(row_counts(store).values())
    figure = f"{rows:,} rows in {took:.0f} s = {rows / took:,.0f} rows/s, {load()}"
    print(f"copied {figure}")
    marker.write_text(figure + "\n")
    return cluster.url(name)


def scaled_postgres(keep: Path, cluster, smallest: int, size: int, reuse: bool) -> str:
    """With --scale-up: the PostgreSQL database of `size` made from the copy of the smallest
    build by the same rule as DuckDB's (kept with --reuse once made)."""
    name, marker = f"p{label(size)}", keep / f"p{label(size)}.copied"
    if reuse and marker.exists() and cluster.exists(name):
        print(f"\n{name}: kept from an earlier run ({marker.read_text().strip()})")
    else:
        engines_data.scale_up_postgres(cluster, f"p{label(smallest)}", name, size // smallest, smallest)
        marker.write_text(f"scaled up {size // smallest}x from p{label(smallest)} on PostgreSQL, {load()}\n")
    return cluster.url(name)


def at_scale(args) -> None:
    from tests.pg import _bin_dir

    keep = args.keep_dir.resolve()
    if Path(__file__).resolve().parents[1] in keep.parents:
        sys.exit("--keep-dir: a folder outside the repository, please (e.g. ../bench-data/engines)")
    bin_dir = _bin_dir()
    if bin_dir is None:
        sys.exit("PostgreSQL is not installed (scripts/test.sh installs Debian's postgresql)")
    keep.mkdir(parents=True, exist_ok=True)
    cluster = engines_data.KeptCluster(keep / "pg", bin_dir)
    print(f"PostgreSQL cluster {keep / 'pg'} on port {cluster.port} ({engines_data.KeptCluster.SETTINGS}); {load()}")
    if "ingest" in args.steps:
        scaled_ingest(keep, cluster, args.ingest_size, args.batch)
    smallest = min(args.sizes, default=0)
    for size in args.sizes:
        duck = keep / f"d{label(size)}.duckdb"
        scaled = args.scale_up and size > smallest
        if not (args.reuse and engines_data.stored(duck) == size):
            if not args.reuse or scaled:
                for old in (duck, Path(f"{duck}.wal")):
                    old.unlink(missing_ok=True)
            if scaled:
                engines_data.scale_up(keep / f"d{label(smallest)}.duckdb", duck, size // smallest)
            else:
                engines_data.build(duck, size, args.build_batch)
        if size == 1_000_000:
            (keep / "d1m.ready").touch()        # the dashspeed helper copies this build
        targets: dict[str, object] = {"DuckDB": duck}
        if scaled:
            targets["PostgreSQL"] = scaled_postgres(keep, cluster, smallest, size, args.reuse)
        elif {"copy", "pages", "search"} & set(args.steps):
            targets["PostgreSQL"] = copied(keep, cluster, size, args.reuse or "copy" not in args.steps)
        if "pages" in args.steps:
            pages_table(size, targets, args.repeat)
        if "search" in args.steps:
            search_table(size, targets, args.repeat)
    from store.postgres import close_pools

    close_pools()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--pg", help="an empty PostgreSQL database to use (default: a throwaway cluster)")
    parser.add_argument("--keep-dir", type=Path, help="at scale: the folder of the kept builds (see above)")
    parser.add_argument("--reuse", action="store_true", help="keep the builds and copies already there")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000_000, 10_000_000])
    parser.add_argument("--steps", nargs="+", default=["ingest", "copy", "pages", "search"],
                        choices=["ingest", "copy", "pages", "search"])
    parser.add_argument("--ingest-size", type=int, default=1_000_000)
    parser.add_argument("--build-batch", type=int, default=100_000)
    parser.add_argument("--scale-up", action="store_true",
                        help="sizes above the smallest: its build scaled up in SQL on each engine, not "
                             "written again through the writers (see bench/engines_data.py scale_up)")
    parser.add_argument("--repeat", type=int, default=3, help="warm calls per figure (their median)")
    args = parser.parse_args()
    if args.keep_dir:
        at_scale(args)
        return

    cluster = None
    if args.pg:
        pg_url, bare_url = args.pg, args.pg
    else:
        from tests.pg import Cluster, _bin_dir

        bin_dir = _bin_dir()
        if bin_dir is None:
            sys.exit("PostgreSQL is not installed (scripts/test.sh installs Debian's postgresql)")
        cluster = Cluster(bin_dir)
        cluster.admin("CREATE DATABASE bench")
        cluster.admin("CREATE DATABASE bare")
        pg_url, bare_url = cluster.url("bench"), cluster.url("bare")
    try:
        mentions = make_mentions(args.size)
        cold, warm, count = translation_cost()
        print(f"translation to PostgreSQL: {cold:.1f} ms per statement the first time ({count} statements), "
              f"{warm:.1f} µs from the cache")
        with tempfile.TemporaryDirectory(prefix="bench-engines-") as folder:
            duck = Path(folder) / "bench.duckdb"
            for name, target in (("DuckDB", duck), ("PostgreSQL", pg_url)):
                seconds = ingest(target, mentions, args.batch)
                print(f"{name}: insert_mentions, {args.size} rows in batches of {args.batch}: "
                      f"{seconds:.1f} s = {args.size / seconds:,.0f} rows/s")
            bare = bare_duckdb(Path(folder) / "bare.duckdb", mentions)
            print(f"DuckDB bare Arrow INSERT … SELECT (baseline): {args.size / bare:,.0f} rows/s")
            bare = bare_copy(bare_url, mentions)
            print(f"PostgreSQL bare binary COPY (baseline): {args.size / bare:,.0f} rows/s")
            for name, target in (("DuckDB", duck), ("PostgreSQL", pg_url)):
                figures = reads(target, args.size)
                print(f"{name} reads at {args.size} mentions (warm, median of 5): "
                      + ", ".join(f"{k} {v:.1f} ms" for k, v in figures.items()))
    finally:
        from store.postgres import close_pools

        close_pools()
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
