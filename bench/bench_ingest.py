"""Mentions ingested per second into DuckDB: batches through Arrow vs row by row, dedupe included.

Run: python bench/bench_ingest.py [--sizes 100000 1000000] [--batch 5000]

For each size N it builds N synthetic normalised mentions (two sources, French and English
text, metrics, raw payloads), then in fresh database files, in the same run:
  1. `store.mentions.insert_mentions` (ids checked first, only new rows inserted, authors
     upserted) in batches of --batch rows, one transaction each; then the same rows again
     with 10 % new ones mixed in (the dedupe pass of a re-run);
  2. the latency of one 100-row page (an X or Reddit page, half of it already stored) into
     the full table: ids checked first (now) vs the whole page through ON CONFLICT (before);
     and the same page when the file is opened for its commit and closed after (what
     `collect` and `schedule` do, so the dashboard can read between pages);
  3. the naive way: one `INSERT` per row (`executemany`) on a sample, its rate extrapolated
     (row by row over a million rows would take hours);
  4. the bare-library baseline: the same N rows, already an Arrow table, in ONE
     `INSERT … SELECT` on bare DuckDB (no id check, no authors, no word index, no payload
     payload encoding: the Arrow limit), and `insert_mentions` as a share of it;
  5. end to end, payload to stored, deduped row: X search pages (JSON dicts of --batch
     tweets) normalised by `collectors.x.mentions_from_page` (brand and competitor terms
     matched) and stored by `insert_mentions`, one transaction per page.
--quick runs only 4, 1 and 5, each of 1 and 5 twice: with the explorer's word index as
insert_mentions keeps it (new mentions queued, the queue folded into the index past
store/search.py's PENDING_MAX when no index pass runs: store/search.py) and without any of it,
so its share of the ingest is printed beside the rest; then 1 and 5 with the queue unbounded
and the index pass (`index_pending`) run after, its rate on its own line, with a search's
latency while PENDING_MAX mentions are queued against the same search once indexed; then the raw payloads of the X pages (up to 100k) built as
one zstd frame each (before) and as JSON left to DuckDB's column compression (now): µs to
build each and bytes each in the checkpointed file. The inputs, all N held at once (a
collector holds one page), are frozen out of the cyclic garbage collector's scans.
--checkpoint-threshold sets DuckDB's `checkpoint_threshold` for the store's runs (default: the
store's own for writers, store/connect.py WRITER_CHECKPOINT_THRESHOLD), to measure what
automatic checkpoints cost a bulk load. --checkpoint-turns runs only 5, with the X pages stored
at DuckDB's default (16 MiB) and at the store's threshold in turns on fresh files, the file's
close (its last checkpoint) inside the time, with this process's CPU time.
Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pyarrow as pa
import zstandard

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import store.daily as store_daily  # noqa: E402
import store.mentions as store_mentions  # noqa: E402
import store.search as store_search  # noqa: E402

from ambassade.model import Mention  # noqa: E402
from store.connect import open_store  # noqa: E402
from store.listening import MentionFilter, explore  # noqa: E402
from store.state import ShortLivedStore  # noqa: E402
from store.mentions import encode_raw, insert_mentions, mentions_table, upsert_authors  # noqa: E402

WORDS_FR = "le pain de Lemoine est bon mais la queue est longue ce matin à Lyon vraiment".split()
WORDS_EN = "the croissants at Lemoine are great but the line was long this morning".split()
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def make_mentions(n: int, start: int = 0, seed: int = 7) -> list[Mention]:
    """N synthetic mentions with realistic field sizes."""
    rnd = random.Random(seed + start)
    out = []
    for i in range(start, start + n):
        source = "x" if i % 3 else "reddit"
        words = WORDS_FR if i % 2 else WORDS_EN
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(8, 40)))
        out.append(Mention(
            source=source, native_id=str(1_862_000_000_000_000_000 + i), author=f"user{i % 50_000}",
            author_id=str(i % 50_000), text=text, url=f"https://x.com/u/status/{i}",
            created_at=T0 + timedelta(seconds=i * 7), lang="fr" if i % 2 else "en",
            matched=("Lemoine",), metrics={"like_count": i % 97, "retweet_count": i % 13},
            raw={"id": str(i), "text": text}, author_followers=i % 10_000))
    return out


def pages(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


CHECKPOINT: str | None = None


def _tune(store) -> None:
    if CHECKPOINT:
        store._con.execute(f"SET checkpoint_threshold = '{CHECKPOINT}'")


def ingest_batches(path: Path, mentions: list[Mention], batch: int) -> tuple[float, int]:
    with open_store(path) as store:
        _tune(store)
        started = time.perf_counter()
        added = 0
        for page in pages(mentions, batch):
            with store.transaction() as db:
                added += insert_mentions(db, page)
        return time.perf_counter() - started, added


def page_on_conflict(db, page: list[Mention]) -> None:
    """The earlier insert: the whole page through ON CONFLICT (no id check first), on bare DuckDB."""
    con = db._con
    con.register("_b", mentions_table(page))
    try:
        con.execute("INSERT INTO mentions BY NAME SELECT * REPLACE (metrics::JSON AS metrics), "
                    "sample_key(id) AS sample_key FROM _b ON CONFLICT (id) DO NOTHING").fetchall()
    finally:
        con.unregister("_b")
    upsert_authors(db, page)


def page_latency(path: Path, n: int, pages_count: int = 30, size: int = 100) -> tuple[float, float]:
    """ms per 100-row page (half known ids, half new) into the N-row table: checked vs ON CONFLICT."""
    timings: dict[str, list[float]] = {"checked": [], "conflict": []}
    with open_store(path) as store:
        for i in range(pages_count):
            for way in ("checked", "conflict"):
                offset = n + (2 * i + (way == "conflict")) * size
                known = make_mentions(size // 2, start=i * 997 % max(1, n - size))
                page = known + make_mentions(size - size // 2, start=offset)
                started = time.perf_counter()
                with store.transaction() as db:
                    if way == "checked":
                        insert_mentions(db, page)
                    else:
                        page_on_conflict(db, page)
                timings[way].append(time.perf_counter() - started)
    return (1000 * statistics.median(timings["checked"]),
            1000 * statistics.median(timings["conflict"]))


def short_lived_latency(path: Path, n: int, pages_count: int = 20, size: int = 100) -> float:
    """ms per 100-row page when the file is opened for the commit and closed after
    (`ShortLivedStore`, what `collect` and `schedule` do so the dashboard can read)."""
    store = ShortLivedStore(path)
    timings = []
    for i in range(pages_count):
        page = make_mentions(size, start=n * 3 + i * size)
        started = time.perf_counter()
        with store.transaction() as db:
            insert_mentions(db, page)
        timings.append(time.perf_counter() - started)
    return 1000 * statistics.median(timings)


def ingest_row_by_row(path: Path, mentions: list[Mention]) -> float:
    with open_store(path) as store:
        now = datetime.now(timezone.utc)
        rows = [(m.id, m.source, m.native_id, m.author, m.author_id, m.text, m.url, m.created_at,
                 m.lang, list(m.matched), json.dumps(m.metrics), encode_raw(m.raw), now, m.id)
                for m in mentions]
        started = time.perf_counter()
        with store.transaction() as db:
            db._con.executemany(  # the naive way, on bare DuckDB
                            "INSERT INTO mentions (id, source, native_id, author, author_id, text, url, "
                            "created_at, lang, matched, metrics, raw, collected_at, sample_key) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::JSON, ?, ?, sample_key(?)) "
                            "ON CONFLICT (id) DO NOTHING", rows)
        return time.perf_counter() - started


def bare_arrow_insert(path: Path, mentions: list[Mention]) -> float:
    """The Arrow limit: the rows already an Arrow table, one INSERT … SELECT on bare DuckDB."""
    table = mentions_table(mentions)
    with open_store(path) as store:
        _tune(store)
        con = store._con
        started = time.perf_counter()
        con.begin()
        con.register("_b", table)
        con.execute("INSERT INTO mentions BY NAME SELECT * REPLACE (metrics::JSON AS metrics), "
                    "sample_key(id) AS sample_key FROM _b").fetchall()
        con.unregister("_b")
        con.commit()
        return time.perf_counter() - started


def x_pages(n: int, size: int, seed: int = 11) -> list[dict]:
    """N tweets as X search pages of `size`: what the API sends, before any normalising."""
    rnd = random.Random(seed)
    out = []
    for first in range(0, n, size):
        tweets, users = [], {}
        for i in range(first, min(n, first + size)):
            words = WORDS_FR if i % 2 else WORDS_EN
            text = " ".join(rnd.choice(words) for _ in range(rnd.randint(8, 40)))
            uid = str(i % 50_000)
            users[uid] = {"id": uid, "username": f"user{uid}", "name": f"User {uid}",
                          "public_metrics": {"followers_count": i % 10_000}}
            tweets.append({"id": str(1_862_000_000_000_000_000 + i), "author_id": uid, "text": text,
                           "created_at": (T0 + timedelta(seconds=i * 7)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                           "lang": "fr" if i % 2 else "en",
                           "public_metrics": {"like_count": i % 97, "retweet_count": i % 13}})
        out.append({"data": tweets, "includes": {"users": list(users.values())}})
    return out


def end_to_end(path: Path, pages_: list[dict]) -> tuple[float, float, int]:
    """(seconds normalising, seconds storing, rows stored): payload to stored, deduped row."""
    from ambassade.text.terms import TermMatcher
    from collectors.x import mentions_from_page
    matcher = TermMatcher(["Lemoine", "#LemoineLife", "@maisonlemoine", "Maison Lemoine"],
                          ["Lemoine Immobilier"], {"Paul": ["Paul", "#PaulBoulangerie"],
                                                   "Ladurée": ["Ladurée", "@laduree"]})
    normalising = storing = 0.0
    added = 0
    with open_store(path) as store:
        _tune(store)
        for page in pages_:
            started = time.perf_counter()
            mentions = mentions_from_page(page, matcher)
            middle = time.perf_counter()
            with store.transaction() as db:
                added += insert_mentions(db, mentions)
            storing += time.perf_counter() - middle
            normalising += middle - started
    return normalising, storing, added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--batch", type=int, default=5_000, help="rows per transaction")
    parser.add_argument("--sample", type=int, default=2_000, help="rows for the row-by-row way")
    parser.add_argument("--checkpoint-threshold", default=None, help="e.g. 1GB (default: the store's own)")
    parser.add_argument("--checkpoint-turns", type=int, default=0, metavar="ROUNDS",
                        help="only payload to stored at 16 MiB and at the store's threshold, in turns")
    parser.add_argument("--quick", action="store_true",
                        help="only the bulk figures (4, 1, 5), with and without the word index")
    args = parser.parse_args()
    global CHECKPOINT
    CHECKPOINT = args.checkpoint_threshold
    if args.checkpoint_turns:
        checkpoint_turns(args)
        return
    if args.quick:
        quick(args)
        return
    print(f"Arrow batches of {args.batch:,} rows per transaction (ids checked, authors upserted); "
          f"row by row on {args.sample:,} rows; one 100-row page = one X/Reddit page")
    print(f"{'N':>9} | {'Arrow rows/s':>12} | {'re-run 10% new':>14} | {'row by row':>10} | "
          f"{'speed-up':>8} | {'page: ids checked':>17} | {'page: ON CONFLICT':>17} | "
          f"{'page, file opened for it':>24}")
    for n in args.sizes:
        mentions = make_mentions(n)
        rerun = mentions[n // 10:] + make_mentions(n // 10, start=n)
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            seconds, added = ingest_batches(tmp / "a.duckdb", mentions, args.batch)
            assert added == n
            re_seconds, re_added = ingest_batches(tmp / "a.duckdb", rerun, args.batch)
            assert re_added == n // 10
            checked_ms, conflict_ms = page_latency(tmp / "a.duckdb", n + n // 10)
            short_ms = short_lived_latency(tmp / "a.duckdb", n)
            sample = mentions[: args.sample]
            row_seconds = ingest_row_by_row(tmp / "c.duckdb", sample)
        rate, re_rate, row_rate = n / seconds, len(rerun) / re_seconds, len(sample) / row_seconds
        print(f"{n:>9,} | {rate:>12,.0f} | {re_rate:>14,.0f} | {row_rate:>10,.0f} | "
              f"{rate / row_rate:>7,.0f}x | {checked_ms:>14.1f} ms | {conflict_ms:>14.1f} ms | "
              f"{short_ms:>21.1f} ms",
              flush=True)


@contextmanager
def without_word_index():
    """insert_mentions with the explorer's word index left out (neither queued nor folded:
    store/search.py's own cost): the difference is the index's share of the ingest."""
    saved = store_mentions.queue_batch
    store_mentions.queue_batch = lambda db, registered: None
    try:
        yield
    finally:
        store_mentions.queue_batch = saved


@contextmanager
def queue_unbounded():
    """insert_mentions queueing every new mention, never folding (as when an index pass runs
    after the load): the pass's cost is then measured on its own."""
    saved = store_search.PENDING_MAX
    store_search.PENDING_MAX = 1 << 62
    try:
        yield
    finally:
        store_search.PENDING_MAX = saved


@contextmanager
def indexed_at_ingest():
    """insert_mentions as before migration 0026: each page's mentions indexed in its own
    transaction (store/search.py `index_batch`), no queue."""
    saved = store_mentions.queue_batch
    store_mentions.queue_batch = store_search.index_batch
    try:
        yield
    finally:
        store_mentions.queue_batch = saved


def _count_new_before(db, batch: str) -> None:
    """store/daily.py `count_new` before issue 17's second round: each of the three tables
    counted by its own read of `mentions` (two through `daily_voice_rows`)."""
    span = db._rows(f"SELECT min(created_at), max(created_at) FROM {batch}")[0]
    if span[0] is None:
        return
    where = f"created_at >= $2 AND created_at <= $3 AND id IN (SELECT id FROM {batch})"
    params = [store_daily.counted_zone(db), span[0], span[1]]
    db._rows(f"INSERT INTO daily_counts {store_daily._VOICE_COUNTS(rows=store_daily._VOICE_ROWS)} WHERE {where} GROUP BY ALL", params)
    db._rows(f"INSERT INTO daily_authors {store_daily._AUTHORS(rows=store_daily._VOICE_ROWS)} WHERE voice = '' AND {where}", params)
    db._rows(f"INSERT INTO daily_mentions {store_daily._MENTION_COUNTS(rows='mentions')} WHERE {where} GROUP BY ALL", params)


@contextmanager
def counted_as_before():
    """insert_mentions queueing as now (never folding), its daily counts kept as before."""
    saved = store_daily.count_new
    store_daily.count_new = _count_new_before
    try:
        with queue_unbounded():
            yield
    finally:
        store_daily.count_new = saved


def turns(path: Path, mentions: list[Mention], batch: int, rounds: int = 2) -> dict[str, float]:
    """insert_mentions' median rows/s, in turns on fresh files, with the word index filled at
    ingest (before 0026), queued (now, no fold: the pass runs after), queued with the daily
    counts kept as before (three reads of `mentions` a page), and left out."""
    ways = {"indexed at ingest": indexed_at_ingest, "queued": queue_unbounded,
            "queued, counts as before": counted_as_before, "neither": without_word_index}
    rates: dict[str, list[float]] = {name: [] for name in ways}
    for turn in range(rounds):
        for name, way in ways.items():
            with way():
                seconds, added = ingest_batches(path.with_name(f"{path.stem}-{turn}-{len(rates[name])}-"
                                                               f"{list(ways).index(name)}.duckdb"), mentions, batch)
            assert added == len(mentions)
            rates[name].append(len(mentions) / seconds)
    return {name: statistics.median(values) for name, values in rates.items()}


SEARCHES = ("croissants", "user123")     # a word in half the mentions; a rare handle prefix


def search_ms(path: Path) -> list[float]:
    """Median ms of each of SEARCHES in the explorer (count and first page) over all mentions."""
    where = [MentionFilter(T0, T0 + timedelta(days=3_650), ("x", "reddit"), search=words) for words in SEARCHES]
    out = []
    with open_store(path, read_only=True) as store:
        for one in where:
            explore(store, one)
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                explore(store, one)
                runs.append(time.perf_counter() - started)
            out.append(1000 * statistics.median(runs))
    return out


def index_pass(path: Path, queued_left: int) -> tuple[float, int, list[float], list[float]]:
    """The index pass over a store whose mentions are all queued: (seconds, mentions moved,
    search ms with `queued_left` mentions still queued, the same searches once all indexed)."""
    with open_store(path) as store:
        _tune(store)
        [(queued,)] = store._rows("SELECT count(*) FROM mention_tokens_pending")
        started = time.perf_counter()
        moved = store_search.index_pending(store, limit=max(0, queued - queued_left))
        seconds = time.perf_counter() - started
    tail = search_ms(path)
    with open_store(path) as store:
        _tune(store)
        started = time.perf_counter()
        moved += store_search.index_pending(store)
        seconds += time.perf_counter() - started
    return seconds, moved, tail, search_ms(path)


def raw_forms(path: Path, pages_: list[dict]) -> list[tuple[str, float, float]]:
    """(form, µs per payload to build the column, bytes per payload in the checkpointed file)
    for the X payloads stored as one zstd frame each (before) and as JSON left to DuckDB's
    column compression (now), each in its own bare table."""
    raws = []
    for page in pages_:
        users = {u["id"]: u for u in page["includes"]["users"]}
        raws += [{"tweet": t, "user": users.get(t["author_id"])} for t in page["data"]]
    compressor = zstandard.ZstdCompressor(level=3)
    out = []
    for form, encode in (("zstd per row", lambda raw: compressor.compress(store_mentions._json(raw))),
                         ("JSON, DuckDB-compressed", encode_raw)):
        started = time.perf_counter()
        column = pa.table({"raw": pa.array([encode(raw) for raw in raws], pa.binary())})
        build = time.perf_counter() - started
        file = path.with_name(f"{path.stem}-{len(out)}.duckdb")
        con = duckdb.connect(str(file))
        con.register("_raw", column)
        con.execute("CREATE TABLE payloads AS SELECT raw FROM _raw").fetchall()
        con.execute("CHECKPOINT").fetchall()
        con.close()
        out.append((form, 1e6 * build / len(raws), file.stat().st_size / len(raws)))
    return out


def stored_with_close(path: Path, pages_: list[dict]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of `end_to_end` from the open to the close: the last
    checkpoint, which a higher threshold defers to the close, is inside the time."""
    wall, cpu = time.perf_counter(), time.process_time()
    _, _, stored = end_to_end(path, pages_)
    assert stored == sum(len(page["data"]) for page in pages_)
    return time.perf_counter() - wall, time.process_time() - cpu


def checkpoint_turns(args) -> None:
    """Payload to stored, X pages of --batch tweets, at DuckDB's default checkpoint threshold
    and at the store's (store/connect.py), in turns on fresh files; medians printed."""
    global CHECKPOINT
    from store.connect import WRITER_CHECKPOINT_THRESHOLD
    ways = {"16MiB (DuckDB's default)": "16MiB", f"{WRITER_CHECKPOINT_THRESHOLD} (the store's)": None}
    for n in args.sizes:
        payloads = x_pages(n, args.batch)
        gc.freeze()
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
        with tempfile.TemporaryDirectory() as tmp:
            for turn in range(args.checkpoint_turns):
                for k, (name, threshold) in enumerate(ways.items()):
                    CHECKPOINT = threshold
                    times[name].append(stored_with_close(Path(tmp) / f"c{turn}-{k}.duckdb", payloads))
        gc.unfreeze()
        CHECKPOINT = None
        print(f"{n:,} X tweets in pages of {args.batch:,}, payload to stored, close included "
              f"({args.checkpoint_turns} turns each, medians): " + "; ".join(
                  f"{name} {n / statistics.median(w for w, _ in runs):,.0f} rows/s, "
                  f"{1000 * statistics.median(c for _, c in runs) / n * 1000:.0f} ms CPU per 1,000"
                  for name, runs in times.items()), flush=True)


def quick(args) -> None:
    """The bulk figures side by side: the Arrow limit, insert_mentions, payload to stored row."""
    print(f"pages of {args.batch:,} rows, one transaction each; checkpoint_threshold "
          f"{args.checkpoint_threshold or 'of the store writers (store/connect.py)'}")
    print(f"{'N':>9} | {'bare Arrow INSERT':>17} | {'insert_mentions':>15} | {'share':>5} | "
          f"{'no word index':>13} | {'fill':>4} | {'normalise only':>14} | "
          f"{'payload to stored':>17} | {'share':>5} | {'no word index':>13} | {'share':>5}")
    for n in args.sizes:
        mentions = make_mentions(n)
        payloads = x_pages(n, args.batch)
        # The bench holds all N inputs at once, a collector one page: they are frozen out of
        # the cyclic GC's scans, which would otherwise walk millions of live dicts per sweep.
        gc.freeze()
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            bare = n / bare_arrow_insert(tmp / "bare.duckdb", mentions)
            seconds, added = ingest_batches(tmp / "a.duckdb", mentions, args.batch)
            assert added == n
            alternating = turns(tmp / "t.duckdb", mentions[:100_000], args.batch)
            with without_word_index():
                bare_seconds, added = ingest_batches(tmp / "b.duckdb", mentions, args.batch)
            assert added == n
            del mentions
            norm_s, store_s, stored = end_to_end(tmp / "e.duckdb", payloads)
            assert stored == n
            with without_word_index():
                norm2_s, store2_s, stored = end_to_end(tmp / "f.duckdb", payloads)
            assert stored == n
            with queue_unbounded():
                norm3_s, store3_s, stored = end_to_end(tmp / "g.duckdb", payloads)
            assert stored == n
            pass_s, moved, tail_ms, indexed_ms = index_pass(tmp / "g.duckdb", store_search.PENDING_MAX)
            assert moved == n
            forms = raw_forms(tmp / "raw.duckdb", payloads[: max(1, 100_000 // args.batch)])
        del payloads
        gc.unfreeze()
        ours, e2e = n / seconds, n / (norm_s + store_s)
        e2e_bare = n / (norm2_s + store2_s)
        print(f"{n:>9,} | {bare:>11,.0f} rows/s | {ours:>9,.0f} rows/s | {ours / bare:>5.0%} | "
              f"{n / bare_seconds:>7,.0f} rows/s | {1 - bare_seconds / seconds:>4.0%} | "
              f"{n / norm_s:>8,.0f} rows/s | {e2e:>11,.0f} rows/s | {e2e / bare:>5.0%} | "
              f"{e2e_bare:>7,.0f} rows/s | {e2e_bare / bare:>5.0%}", flush=True)
        print(f"          insert_mentions in turns ({min(n, 100_000):,} rows, 2 turns each, medians): " + "; ".join(
            f"{name} {rate:,.0f} rows/s" for name, rate in alternating.items()), flush=True)
        queued, with_pass = n / (norm3_s + store3_s), n / (norm3_s + store3_s + pass_s)
        print(f"          index pass after the load: payload to stored, queued only {queued:,.0f} rows/s "
              f"({queued / bare:.0%}); index_pending {n / pass_s:,.0f} mentions/s ({pass_s:.1f} s); "
              f"both {with_pass:,.0f} rows/s ({with_pass / bare:.0%})", flush=True)
        print(f"          search with {min(n, store_search.PENDING_MAX):,} mentions queued vs all indexed: " + "; ".join(
            f"{words!r} {tail:.0f} ms vs {done:.0f} ms" for words, tail, done in zip(SEARCHES, tail_ms, indexed_ms)),
            flush=True)
        print("          raw payloads (X, up to 100k): " + "; ".join(
            f"{form}: {build:.1f} µs each to build, {size:,.0f} B each on disk"
            for form, build, size in forms), flush=True)


if __name__ == "__main__":
    main()
