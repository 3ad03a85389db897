"""The mention explorer's search: posting lists (migration 0023) vs the 0017 token table vs `ILIKE`.

Run: python bench/bench_search.py [--size 1000000] [--batch 50000] [--db PATH --reuse] [--cluster]
     [--ingest 100000 --page 5000]
     python bench/bench_search.py --pg postgresql://…|temp [--size 1000000] [--reuse] [--pg-ingest 50000]

Builds --size synthetic mentions (a 2,000-word vocabulary with a Zipf-like spread, so
common and rare words both occur; 50,000 authors) through the store's own writers
(`store.mentions.insert_mentions`, which also fills the word index, and `save_scores` for nine
in ten), in --db when given (with --reuse a file that holds them is kept, and a stopped build
resumes), then times, in the same run and on the same file, for a few searches: the explorer's
bounded count and first page (`store.listening.explore`, what the page calls), the index's
exact count, the explorer as migration 0017 had it (its token table copied in the same physical
order, an exact count and the page through a join with all mentions) and `text ILIKE '%word%'`
(the way before any index), cold (first call on a fresh connection) and warm (median of 5);
then the explorer with no search; with --dashboard the Mentions page itself. --cluster sorts both indexes first (what purge does). Last,
insert_mentions' rate with and without the word index fill, in turns. Figures are printed,
not asserted.

With --pg (a URL, or `temp` for a throwaway cluster started like the tests', tests/pg.py), the
same mentions go into PostgreSQL, whose explorer searches with its own full-text index
(migration 0024), and the same searches are timed there beside `ILIKE` in the same run; cold
is the first call on a fresh connection (the server's shared buffers and the OS cache stay as
they are). Then insert_mentions' rate into fresh databases with the shipped generated
column and its GIN index (a stored generated tsvector), with a GIN index on the expression
instead, and with no full-text index, in turns (--pg-ingest mentions; creating those databases needs CREATEDB).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ambassade.model import Mention  # noqa: E402
from store.connect import open_store  # noqa: E402
from store.listening import _COLUMNS, COUNT_BOUND, MentionFilter, explore  # noqa: E402
from store.mentions import ScoreRow, insert_mentions, save_scores  # noqa: E402
from store.search import cluster, index_pending, matches, words  # noqa: E402

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
SYLLABLES = "ba be bi bo bu la le li lo lu ma me mi mo mu ra re ri ro ru ta te ti to tu pain flan".split()


def vocabulary(rnd: random.Random, n: int = 2000) -> list[str]:
    words = {"lemoine", "brioche", "croissant", "livraison", "déçu", "génial"}
    while len(words) < n:
        words.add("".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4))))
    return sorted(words)


def make(n: int, start: int, words: list[str], rnd: random.Random) -> list[Mention]:
    """`n` mentions from number `start` on, three seconds apart; words drawn in one call (the
    generator, not the store, was most of the build's time)."""
    weights = 1 / numpy.arange(1, len(words) + 1)
    draw = numpy.random.default_rng(rnd.randrange(2**32))
    lengths = draw.integers(8, 31, size=n).tolist()
    drawn = numpy.array(words, dtype=object)[draw.choice(len(words), size=sum(lengths), p=weights / weights.sum())]
    out, at = [], 0
    for i, length in zip(range(start, start + n), lengths):
        text = " ".join(drawn[at:at + length])
        at += length
        out.append(Mention(source="x" if i % 3 else "reddit", native_id=str(i), author=f"user{i % 50_000}",
                           author_id=str(i % 50_000), text=text, url=f"https://x.example/{i}",
                           created_at=T0 + timedelta(seconds=i * 3), lang="fr", matched=("Lemoine",)))
    return out


def ilike(store, where: MentionFilter, word: str) -> int:
    """The way before any index: the count and the page by `text ILIKE '%word%'`."""
    base = ("FROM brand_mentions m LEFT JOIN effective_scores s ON s.mention_id = m.id WHERE m.created_at >= ? "
            "AND m.created_at < ? AND list_contains(?, m.source) AND m.text ILIKE ?")
    params = [where.start, where.end, list(where.sources), f"%{word}%"]
    count = store._rows(f"SELECT count(*) {base}", params)[0][0]
    store._frame(f"SELECT {_COLUMNS} {base} ORDER BY m.created_at DESC, m.id DESC LIMIT 100", params)
    return count


def layout_0017(store, where: MentionFilter) -> int:
    """The explorer as migration 0017 had it, on a copy of its table (token, mention_id) sorted by
    token: the ids found by a GROUP BY over the words' rows, joined with the mentions, then an
    exact count and the page, each through the whole join."""
    found = words(store, where.search)
    ranges = " OR ".join("(token >= ? AND token < ?)" for _ in found)
    which = " ".join(f"WHEN token >= ? AND token < ? THEN {i}" for i, _ in enumerate(found))
    bounds = [value for word in found for value in (word, word + "\U0010ffff")]
    ids = (f"SELECT mention_id FROM bench_tokens_0017 WHERE {ranges} GROUP BY mention_id "
           f"HAVING count(DISTINCT CASE {which} END) = {len(found)}")
    base = ("FROM brand_mentions m LEFT JOIN effective_scores s ON s.mention_id = m.id WHERE m.created_at >= ? "
            f"AND m.created_at < ? AND list_contains(?, m.source) AND m.id IN ({ids})")
    params = [where.start, where.end, list(where.sources), *bounds, *bounds]
    count = store._rows(f"SELECT count(*) {base}", params)[0][0]
    store._frame(f"SELECT {_COLUMNS} {base} ORDER BY m.created_at DESC, m.id DESC LIMIT 100 OFFSET 0", params)
    return count


def explore_before(store, where: MentionFilter) -> int:
    """The explorer with no search as it was: an exact count and the page, both through the
    join of the window's mentions with all scores."""
    base = ("FROM brand_mentions m LEFT JOIN effective_scores s ON s.mention_id = m.id WHERE m.created_at >= ? "
            "AND m.created_at < ? AND list_contains(?, m.source)")
    params = [where.start, where.end, list(where.sources)]
    count = store._rows(f"SELECT count(*) {base}", params)[0][0]
    store._frame(f"SELECT {_COLUMNS} {base} ORDER BY m.created_at DESC, m.id DESC LIMIT 100 OFFSET 0", params)
    return count


def exact_count(store, where: MentionFilter) -> int:
    """The new index's count without the bound: every match read."""
    sql, params = matches(store, words(store, where.search), where.start, where.end, where.sources)
    return store._rows(f"SELECT count(*) FROM ({sql})", params)[0][0]


REPEAT = [5]      # warm calls per figure (--repeat)


def cold_warm(path: Path | str, call) -> tuple[float, float, object]:
    """(cold ms: the first call on a fresh read-only connection, warm ms: median of the next
    REPEAT calls, result)."""
    with open_store(path, read_only=True) as store:
        cold, result = timed(lambda: call(store))
        warm = statistics.median(timed(lambda: call(store))[0] for _ in range(REPEAT[0]))
    return cold, warm, result


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def build(path: Path | str, first: int, size: int, batch: int, words: list[str], rnd: random.Random) -> None:
    """`size` mentions through the store's own writers: `insert_mentions` (rows, authors and the
    word index) and `save_scores` for nine in ten, one transaction per batch."""
    labels, compounds = ("positive", "neutral", "negative"), (0.5, 0.0, -0.5)
    started = time.perf_counter()
    with open_store(path) as store:
        for start in range(first, size, batch):
            mentions = make(min(batch, size - start), start, words, rnd)
            with store.transaction() as tx:
                insert_mentions(tx, mentions)
                save_scores(tx, [ScoreRow(m.id, "bench/1", m.lang, compounds[j % 3], 0.3, 0.4, 0.3,
                                          labels[j % 3], compounds[j % 3])
                                 for j, m in enumerate(mentions) if j % 10])
            if start and start % (10 * batch) == 0:
                print(f"  {start:,} mentions, {time.perf_counter() - started:.0f} s", flush=True)
        index_pending(store)     # the word index's queue (migration 0026): every mention indexed
    took = time.perf_counter() - started
    where = f"file {path.stat().st_size / 1e6:,.0f} MB" if isinstance(path, Path) else "PostgreSQL"
    print(f"built mentions {first:,} to {size:,} through insert_mentions and save_scores in {took:.0f} s "
          f"({(size - first) / took:,.0f} rows/s, word index included), {where}")


def stored(path: Path) -> int:
    """How many mentions the file at `path` holds (0 when there is none)."""
    if not path.exists():
        return 0
    with open_store(path, read_only=True) as store:
        return int(store._rows("SELECT count(*) FROM mentions")[0][0])


def ingest(n: int, page: int, vocab: list[str]) -> None:
    """insert_mentions' rate with the word index filled and without, in turns on fresh files
    (pages of `page` mentions, one transaction each), and the fill's own time."""
    import store.mentions as writer

    fill = writer.queue_batch      # the word index's queue (0026), folded into the index past its bound
    spent = [0.0]

    def timed_fill(db, registered):
        started = time.perf_counter()
        fill(db, registered)
        spent[0] += time.perf_counter() - started

    pages = [make(min(page, n - start), start, vocab, random.Random(start)) for start in range(0, n, page)]
    rates: dict[str, list[float]] = {"with the word index": [], "without it": []}
    fills: list[float] = []
    for turn in range(4):
        name = ("with the word index", "without it")[turn % 2]
        writer.queue_batch = timed_fill if turn % 2 == 0 else (lambda db, registered: None)
        spent[0] = 0.0
        with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "ingest.duckdb") as store:
            started = time.perf_counter()
            for mentions in pages:
                with store.transaction() as tx:
                    insert_mentions(tx, mentions)
            took = time.perf_counter() - started
        rates[name].append(n / took)
        if turn % 2 == 0:
            fills.append(spent[0] / took)
    writer.queue_batch = fill
    with_, without = statistics.median(rates["with the word index"]), statistics.median(rates["without it"])
    print(f"insert_mentions, {n:,} mentions in pages of {page:,}: {with_:,.0f} rows/s with the word index, "
          f"{without:,.0f} rows/s without it (same run, two turns each); the fill is "
          f"{statistics.median(fills):.0%} of the time with it")


def mentions_page(path: Path, search: str) -> None:
    """The Mentions page through Streamlit's AppTest (entry script, then the page), cold (caches
    cleared) and warm (a rerun), with no search and with `search`."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    folder = Path(tempfile.mkdtemp())
    (folder / "ambassade.toml").write_text('[brand]\nname = "Maison Lemoine"\nterms = ["Lemoine"]\n',
                                           encoding="utf-8")
    os.environ["AMBASSADE_DB"] = str(path)
    os.environ["AMBASSADE_CONFIG"] = str(folder / "ambassade.toml")
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py"), default_timeout=600)
    at.session_state["lang"] = "fr"
    at.session_state["role"] = "comms"
    at.run()
    at.switch_page("pages/mentions.py")
    for typed in ("", search):
        at.session_state["f_search"] = typed
        st.cache_data.clear()
        cold, _ = timed(at.run)
        warm, _ = timed(at.run)
        broken = f"  EXCEPTION {at.exception[0].value}" if at.exception else ""
        shown = " · ".join(c.value for c in at.caption)[:90]
        print(f"Mentions page, search {typed or '(none)'!r}: {cold:.0f} ms cold, {warm:.0f} ms warm   {shown}{broken}")


def pg_main(args: argparse.Namespace, vocab: list[str], rnd: random.Random) -> None:
    """The --pg run: build (or reuse) the mentions in PostgreSQL, time the searches, then the
    ingest cost of each kind of full-text index."""
    cluster = None
    url = args.pg
    if url == "temp":
        from tests.pg import Cluster, _bin_dir

        bin_dir = _bin_dir()
        if bin_dir is None:
            sys.exit("no PostgreSQL binaries (Debian's postgresql package)")
        cluster = Cluster(bin_dir)
        cluster.admin("CREATE DATABASE bench_search")
        url = cluster.url("bench_search")
    try:
        with open_store(url) as store:     # a writer first: migrations run here
            have = int(store._rows("SELECT count(*) FROM mentions")[0][0]) if args.reuse else 0
            if not args.reuse and store._rows("SELECT count(*) FROM mentions")[0][0]:
                sys.exit(f"{url} already holds mentions: give --reuse, or an empty database")
        if have > args.size:
            sys.exit(f"{url} holds {have:,} mentions, more than --size")
        if have < args.size:
            build(url, have, args.size, args.batch, vocab, rnd)
        with open_store(url) as store:
            started = time.perf_counter()
            store._rows("ANALYZE")         # what autovacuum does after a bulk load, done now
            size = store._rows("SELECT pg_size_pretty(pg_database_size(current_database())), "
                               "pg_size_pretty(pg_relation_size('mentions_search'))")[0]
        print(f"PostgreSQL: {args.size:,} mentions; ANALYZE {time.perf_counter() - started:.0f} s; "
              f"database {size[0]}, full-text index {size[1]}")
        measure_pg(url, args.size, vocab, args.baselines)
        if args.pg_ingest:
            ingest_pg(url, args.pg_ingest, args.ingest_page, vocab)
    finally:
        from store.postgres import close_pools

        close_pools()
        if cluster is not None:
            cluster.stop()


def pg_cold_warm(url: str, call) -> tuple[float, float, object]:
    """cold_warm on PostgreSQL: the pools closed first, so the cold call opens a new connection."""
    from store.postgres import close_pools

    close_pools()
    return cold_warm(url, call)


def searches_of(words_: list[str]) -> list[str]:
    """The searches timed on both engines: a common word, a rare one, both, two common words,
    a word in 0.8 % of mentions, an author, a prefix."""
    return [words_[0], words_[1500], f"{words_[1500]} {words_[0]}", f"{words_[0]} {words_[1]}", "brioche",
            "user4242", "bri"]


def measure_pg(url: str, size: int, words_: list[str], baselines: int) -> None:
    end = T0 + timedelta(seconds=size * 3 + 1)
    sources = ("x", "reddit")
    searches = searches_of(words_)
    print(f"\n{'search (PostgreSQL)':>26} {'matches':>9} {'exact count':>12} {'now cold':>9} {'now warm':>9} "
          f"{'ILIKE cold':>11} {'ILIKE warm':>11}")
    for rank, search in enumerate(searches):
        where = MentionFilter(T0, end, sources, search=search)
        cold, warm, (_, total) = pg_cold_warm(url, lambda store, where=where: explore(store, where, 100, 0))
        _, exact_ms, exact = pg_cold_warm(url, lambda store, where=where: exact_count(store, where))
        shown = f">{COUNT_BOUND:,}" if total > COUNT_BOUND else f"{total:,}"
        line = f"{search:>26} {shown:>9} {exact:>8,} {exact_ms:>3.0f}ms {cold:>7.0f}ms {warm:>7.0f}ms "
        if rank < baselines:
            word = search.split()[0]
            icold, iwarm, icount = pg_cold_warm(url, lambda store, where=where, word=word: ilike(store, where, word))
            line += f"{icold:>9.0f}ms {iwarm:>9.0f}ms   (ILIKE on '{word}' {icount:,}: substrings, no stems, no authors)"
        print(line)
    for search in (words_[0], words_[1500]):
        # Another filter than time and source: the search is a semi-join of the mentions read.
        where = MentionFilter(T0, end, sources, langs=("fr",), search=search)
        cold, warm, (_, total) = pg_cold_warm(url, lambda store, where=where: explore(store, where, 100, 0))
        print(f"{search!r} with a language filter (through the mentions): {cold:.0f} ms cold, {warm:.0f} ms warm "
              f"(count {total:,}, bounded)")
    deep = MentionFilter(T0, end, sources, search=words_[0])
    cold, warm, _ = pg_cold_warm(url, lambda store: explore(store, deep, 100, 9_900))
    print(f"{words_[0]!r}, the page at offset 9,900: {cold:.0f} ms cold, {warm:.0f} ms warm")
    where = MentionFilter(T0, end, sources)
    cold, warm, (_, total) = pg_cold_warm(url, lambda store: explore(store, where, 100, 0))
    print(f"no search, whole history: {cold:.0f} ms cold, {warm:.0f} ms warm (count {total:,}, bounded)")


# The kinds of full-text index compared at ingest: SQL run on a freshly migrated database.
PG_INDEX_KINDS = {
    "stored generated column + GIN (0024, shipped)": [],
    "GIN on the expression, no column": [
        "ALTER TABLE mentions DROP COLUMN search_vector",
        "CREATE INDEX mentions_search_expression ON mentions USING gin (mention_search_vector(lang, author, text))"],
    "no full-text index": ["ALTER TABLE mentions DROP COLUMN search_vector"],
}


def ingest_pg(url: str, n: int, page: int, vocab: list[str]) -> None:
    """insert_mentions' rate on PostgreSQL with each kind of full-text index, two turns each,
    each turn a fresh database; and the size of each kind's table and index."""
    import psycopg
    from urllib.parse import urlsplit, urlunsplit

    from store.postgres import close_pools

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    pages = [make(min(page, n - start), start, vocab, random.Random(start)) for start in range(0, n, page)]
    rates: dict[str, list[float]] = {kind: [] for kind in PG_INDEX_KINDS}
    sizes: dict[str, str] = {}
    for turn in range(2):
        for number, (kind, setup) in enumerate(PG_INDEX_KINDS.items()):
            name = f"bench_ingest_{turn}_{number}"
            with psycopg.connect(admin, autocommit=True) as con:
                con.execute(f'DROP DATABASE IF EXISTS "{name}"')
                con.execute(f'CREATE DATABASE "{name}"')
            target = urlunsplit(parts._replace(path=f"/{name}"))
            open_store(target).close()                      # migrated
            close_pools()
            with psycopg.connect(target, autocommit=True) as con:
                for sql in setup:
                    con.execute(sql)
            with open_store(target) as store:
                started = time.perf_counter()
                for mentions in pages:
                    with store.transaction() as tx:
                        insert_mentions(tx, mentions)
                rates[kind].append(n / (time.perf_counter() - started))
                sizes[kind] = store._rows("SELECT pg_size_pretty(pg_total_relation_size('mentions'))")[0][0]
            close_pools()
            with psycopg.connect(admin, autocommit=True) as con:
                con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"\nPostgreSQL insert_mentions, {n:,} mentions in pages of {page:,} (two turns each, median):")
    for kind, found in rates.items():
        print(f"  {kind:>40}: {statistics.median(found):,.0f} rows/s, mentions table with indexes {sizes[kind]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=50_000)
    parser.add_argument("--db", type=Path, help="the database to build (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep --db when it holds --size mentions (a stopped build resumes)")
    parser.add_argument("--repeat", type=int, default=5, help="warm calls per figure (their median)")
    parser.add_argument("--baselines", type=int, default=6,
                        help="how many of the searches are also timed the 0017 way and by ILIKE (slow at 10M)")
    parser.add_argument("--skip-0017", action="store_true",
                        help="no copy of the index in the 0017 layout (minutes at 10M): ILIKE stays the baseline")
    parser.add_argument("--cluster", action="store_true", help="sort both indexes before timing (as purge does)")
    parser.add_argument("--ingest", type=int, default=100_000, help="mentions for the fill's cost (0: skip)")
    parser.add_argument("--ingest-page", type=int, default=5_000, help="a collector page, for --ingest")
    parser.add_argument("--dashboard", action="store_true", help="time the Mentions page too (AppTest)")
    parser.add_argument("--pg", metavar="URL", help="PostgreSQL instead: a postgresql:// URL, or `temp`")
    parser.add_argument("--pg-ingest", type=int, default=50_000,
                        help="with --pg: mentions for the ingest cost of each kind of full-text index (0: skip)")
    args = parser.parse_args()
    REPEAT[0] = max(1, args.repeat)
    rnd = random.Random(14)
    vocab = vocabulary(rnd)
    if args.pg:
        pg_main(args, vocab, rnd)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "search.duckdb"
        have = stored(path) if args.reuse else 0
        if have > args.size:
            sys.exit(f"{path} holds {have:,} mentions, more than --size")
        if not have:
            path.unlink(missing_ok=True)
            Path(f"{path}.wal").unlink(missing_ok=True)
        if have < args.size:            # a stopped build resumes where it stopped
            build(path, have, args.size, args.batch, vocab, rnd)
        print(f"{path.name}: {args.size:,} mentions")
        measure(path, args.size, vocab, args.cluster, args.baselines, args.skip_0017)
        if args.dashboard:
            mentions_page(path, "brioche")
    if args.ingest:
        ingest(args.ingest, args.ingest_page, vocab)


def measure(path: Path, size: int, words_: list[str], clustered: bool, baselines: int,
            skip_0017: bool) -> None:
    started = time.perf_counter()
    with open_store(path) as store:       # a writer opens it once: migrations run here
        migrated = time.perf_counter() - started
        tokens = store._rows("SELECT count(*) FROM mention_tokens")[0][0]
        if baselines and not skip_0017:
            # Same physical order as the postings (insertion order is kept): the same zone maps.
            store._rows("CREATE OR REPLACE TABLE bench_tokens_0017 AS SELECT token, mention_id FROM mention_tokens")
        if clustered:
            started = time.perf_counter()
            cluster(store)
            if baselines and not skip_0017:
                store._rows("CREATE OR REPLACE TABLE bench_tokens_0017 AS SELECT * FROM bench_tokens_0017 ORDER BY token")
            print(f"clustered the index{'' if skip_0017 or not baselines else 'es'} in {time.perf_counter() - started:.0f} s")
    print(f"opened in {migrated:.1f} s (migrations included), {tokens:,} index rows, "
          f"file {path.stat().st_size / 1e6:,.0f} MB")
    end = T0 + timedelta(seconds=size * 3 + 1)
    sources = ("x", "reddit")
    searches = searches_of(words_)
    print(f"\n{'search':>26} {'matches':>9} {'exact count':>12} {'now cold':>9} {'now warm':>9} "
          f"{'0017 cold':>10} {'0017 warm':>10} {'ILIKE cold':>11} {'ILIKE warm':>11}")
    for rank, search in enumerate(searches):
        where = MentionFilter(T0, end, sources, search=search)
        cold, warm, (_, total) = cold_warm(path, lambda store, where=where: explore(store, where, 100, 0))
        _, exact_ms, exact = cold_warm(path, lambda store, where=where: exact_count(store, where))
        shown = f">{COUNT_BOUND:,}" if total > COUNT_BOUND else f"{total:,}"
        line = f"{search:>26} {shown:>9} {exact:>8,} {exact_ms:>3.0f}ms {cold:>7.0f}ms {warm:>7.0f}ms "
        if rank < baselines:
            ocold, owarm, ocount = (0.0, 0.0, 0) if skip_0017 else cold_warm(
                path, lambda store, where=where: layout_0017(store, where))
            word = search.split()[0]
            icold, iwarm, icount = cold_warm(path, lambda store, where=where, word=word: ilike(store, where, word))
            line += (f"{'—':>10} {'—':>10} " if skip_0017 else f"{ocold:>8.0f}ms {owarm:>8.0f}ms ")
            line += (f"{icold:>9.0f}ms {iwarm:>9.0f}ms   ({'' if skip_0017 else f'0017 finds {ocount:,}; '}"
                     f"ILIKE on '{word}' {icount:,}: substrings, no accents folded, no authors)")
        print(line)
    where = MentionFilter(T0, end, sources)
    cold, warm, (_, total) = cold_warm(path, lambda store: explore(store, where, 100, 0))
    line = f"\nno search, whole history: now {cold:.0f} ms cold, {warm:.0f} ms warm (count {total:,}, bounded)"
    if baselines:
        bcold, bwarm, btotal = cold_warm(path, lambda store: explore_before(store, where))
        line += (f"; before (exact count, page through the scores join) {bcold:.0f} ms cold, {bwarm:.0f} ms warm "
                 f"(count {btotal:,})")
    print(line)


if __name__ == "__main__":
    main()
