"""Each dashboard page's settle time on a large synthetic history, cold and warm, the reads
the daily tables replaced beside the full scans, and what the daily tables cost at ingest
(issues 14 and 17).

Run: python bench/bench_dashboard_pages.py [--size 1000000] [--batch 50000] [--keep PATH]
     [--ingest 200000] [--baseline CHECKOUT]
     python bench/bench_dashboard_pages.py --searches-of PATH

Builds --size mentions through the store's own writers (`insert_mentions`, which also fills the
word index, the authors and the daily counts; `save_scores` for nine in ten, which recounts the
days it scores; `replace_advocacy` for every author, a third of them classed ambassador or
detractor), then in the same run and on the same file:

1. the replaced reads beside the way before, each on a fresh read-only connection (cold):
   scoring coverage (two counts vs the LEFT JOIN), the advocacy list (the rows the page shows
   and the counts per class vs every classed author), and the overview's totals, daily counts,
   share of voice and bounds from the daily tables vs a scan of every mention (same answers);
   the overview's four reads (both windows' totals, daily counts, share of voice) with their
   edges read once (`listening.overview`) vs one by one, each reading its own; the overview's topics (sample chosen first vs through the views) and the value page's
   coordinated posts (vs the straightforward query of tests/store/test_coordinated_posts.py),
   with the CPU time of this process beside the wall clock (the machine is shared);
2. every comms page through Streamlit's AppTest (the entry script, then the page, as the
   server runs them: `route_through_the_entry_script`), in a child process: the first load, then per page cold (caches cleared) and warm (a rerun, same data
   version), and that process's peak memory (ru_maxrss: AppTest serves the pages in it). The
   first load is timed twice, each in a fresh process: as it is, and after the modules the
   server imports as it starts (dashboard/launch.py `preload`, timed apart). With --baseline
   CHECKOUT (another checkout of Ambassade, e.g. the main branch), its pages are timed first on
   the same file, in the same run, and with --first-loads N the first load after the preload
   is timed N times more in fresh processes, the baseline's and this checkout's in turn (their
   median and slowest printed side by side);
3. the explorer's search over the whole history, a few searches (one word, several common
   words, an author, an author and a word, a prefix), cold and warm, the whole window read at
   once (the way before) and the newest slices first (now), with the same page checked;
   `--searches-of PATH` times this step alone on a file already built;
4. with --ingest N: N new mentions stored and scored in fresh files, with the daily counts and
   with their hooks turned off, in the same run (what the daily tables add to ingest).

Figures are printed, not asserted. --keep PATH keeps (or reuses) the database: a 10M build takes
long, so build it once under a bench folder outside the repository and pass the same --keep.
"""

from __future__ import annotations

import argparse
import warnings
import os
import random
import re
import statistics
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

# The code timed: this checkout, or with --baseline the other checkout (its child process only).
ROOT = Path(os.environ.get("AMBASSADE_BENCH_CODE") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT))

from ambassade.model import Mention  # noqa: E402
from ambassade.text.topics import ignored_words  # noqa: E402
from store import daily, listening, voice  # noqa: E402
from store.connect import open_store  # noqa: E402
from store.health import scoring_coverage  # noqa: E402
from store.links import coordinated_posts  # noqa: E402
from store.mentions import ScoreRow, insert_mentions, save_scores  # noqa: E402
from store.passes import catch_up  # noqa: E402
from store.signals import public_author_counts, public_authors, replace_advocacy  # noqa: E402

NOW = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
PAGES = ["pages/overview.py", "pages/mentions.py", "pages/incidents.py", "pages/advocacy.py",
         "pages/coaching.py", "pages/value.py", "pages/content.py", "pages/programme_status.py",
         "pages/draft_check.py", "pages/health.py"]
WORDS = ("Lemoine brioche croissant livraison déçu génial super bof lent rapide boutique pain "
         "flan commande service prix qualité merci jamais toujours").split()
CONFIG = """
[brand]
name = "Maison Lemoine"
terms = ["Lemoine"]
competitors = [{ name = "Dupain", terms = ["Dupain"] }]
"""


def make(n: int, start: int, rnd: random.Random, authors: int, total: int | None = None,
         crowded: bool = False) -> list[Mention]:
    """Mentions start … start+n-1 of `total` (n when None), spread evenly over 90 days, oldest
    first; `crowded`: as the builds of the earlier figures spread them, each batch ending now
    (batch k spans 90 / (k + 1) days: at 10M, 95 % of the mentions in the last 30 days and
    1.2M a day in the last days, the harder case)."""
    span, total = 90 * 86_400, total or n
    out = []
    for i in range(start, start + n):
        share = i / max(1, start + n) if crowded else i / max(1, total)
        a = rnd.randrange(authors)
        out.append(Mention(
            source=("x", "reddit", "rss", "bluesky")[i % 4], native_id=str(i), author=f"user{a}",
            author_id=str(a), text="Lemoine " + " ".join(rnd.choices(WORDS, k=rnd.randint(6, 20))),
            url=f"https://example.org/{i}", created_at=NOW - timedelta(seconds=span * (1 - share)),
            lang=("fr", "en")[i % 2], matched=("Lemoine",)))
    return out


def build(path: Path, size: int, batch: int, crowded: bool = False) -> None:
    rnd = random.Random(17)
    authors = max(10, size // 5)
    started = time.perf_counter()
    with open_store(path) as store:
        for start in range(0, size, batch):
            mentions = make(min(batch, size - start), start, rnd, authors, size, crowded)
            with store.transaction() as tx:
                insert_mentions(tx, mentions)
                labels, compounds = ("positive", "neutral", "negative"), (0.5, 0.0, -0.5)
                save_scores(tx, [ScoreRow(m.id, "bench/1", m.lang, compounds[j % 3], 0.3, 0.4, 0.3,
                                          labels[j % 3], compounds[j % 3])
                                 for j, m in enumerate(mentions) if j % 10])     # nine in ten scored
        catch_up(store)        # the word index and the authors' numbers, as `collect` leaves them (0026, 0030)
        classify(store, rnd)
    took = time.perf_counter() - started
    print(f"built {size:,} mentions in {took:.0f} s through the store's writers, "
          f"file {path.stat().st_size / 1e6:,.0f} MB")


def classify(store, rnd: random.Random) -> None:
    """Every author classed, a third each ambassador, detractor and neutral."""
    ids = [r[0] for r in store._rows("SELECT id FROM authors")]
    classes = [("ambassador", "detractor", "neutral")[i % 3] for i in range(len(ids))]
    with store.transaction() as tx:
        replace_advocacy(tx, "author", {
            "subject_kind": ["author"] * len(ids), "subject_id": ids, "window_days": [90] * len(ids),
            "computed_at": [NOW] * len(ids), "class": classes,
            "confidence": [rnd.random() for _ in ids], "score": [rnd.uniform(-1, 1) for _ in ids],
            "mentions": [5] * len(ids), "reach": [rnd.randrange(10_000) for _ in ids]})


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def fresh(path: Path, call):
    """(wall ms, CPU ms of this process and DuckDB's threads, answer) on a new connection."""
    with open_store(path, read_only=True) as store:
        cpu = cpu_seconds()
        wall, answer = timed(lambda: call(store))
        return wall, (cpu_seconds() - cpu) * 1000, answer


def topics_through_the_views(db, start, end, sources, ignore, zone):
    """Topics as read before: the sample's filter applied through public_mentions."""
    from tests.store.test_topics_sample import through_the_views

    kept, voice._sampled = voice._sampled, through_the_views
    try:
        return voice.topics(db, start, end, sources, ignore, zone=zone)
    finally:
        voice._sampled = kept


def coordinated_before(db, start, end):
    from tests.store.test_coordinated_posts import straightforward

    return straightforward(db, start, end, 2.0, 3)


def coordinated_now(db, start, end):
    return coordinated_posts(db, start, end, 2.0, 3).drop(columns="text")


def coverage_before(db):
    row = db._rows("SELECT count(s.mention_id), count(*) FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id")[0]
    return int(row[0]), int(row[1])


def bounds_before(db):
    """The bounds as they were read before the daily tables: four scans of the mentions."""
    return listening.Bounds(
        db._rows("SELECT max(created_at) FROM mentions WHERE created_at <= now()")[0][0],
        [r[0] for r in db._rows("SELECT DISTINCT source FROM mentions ORDER BY 1")],
        [r[0] for r in db._rows("SELECT DISTINCT lang FROM mentions WHERE lang IS NOT NULL ORDER BY 1")],
        [r[0] for r in db._rows("SELECT DISTINCT unnest(matched) AS term FROM mentions ORDER BY 1")])


def overview_one_by_one(db, start, end, sources, zone):
    """The overview's four reads as the page made them before `listening.overview`: each reads
    its own edges (the partial days at the windows' ends) joined with the scores."""
    before = start - (end - start)
    return listening.Overview(listening.totals(db, start, end, sources, False, zone),
                              listening.totals(db, before, start, sources, False, zone, authors=False),
                              listening.daily_counts(db, start, end, sources, False, zone),
                              voice.share_of_voice(db, "Maison Lemoine", start, end, sources, False, zone))


def authors_by_ids(db, start, end, sources, zone):
    """The overview's distinct authors by the same rule without the numbers (migration 0030): a
    hash table of every (source, author id) of the window's daily rows and edges."""
    split = daily.split(db, start, end, zone)
    rows, params = listening.counted(
        split, start, end, "SELECT source, author_id FROM daily_authors WHERE NOT own AND list_contains($sources, source)",
        "SELECT m.source, m.author_id FROM public_mentions m "
        "WHERE list_contains($sources, m.source) AND m.created_at >= $start AND m.created_at < $end")
    sql = f"SELECT count(DISTINCT (source, author_id)) FROM ({rows}) r"
    return float(db._rows(sql, listening.bind(sql, {**params, "sources": list(sources)}))[0][0])


def distinct_authors(db, start, end, sources, zone):
    return listening.distinct_authors(db, daily.split(db, start, end, zone), start, end, sources)


def same_overview(a, b) -> bool:
    return (a.totals == b.totals and a.previous == b.previous and a.daily.equals(b.daily)
            and a.voices.reset_index(drop=True).round(9).equals(b.voices.reset_index(drop=True).round(9)))


def reads(path: Path, skip: tuple[str, ...] = ()) -> None:
    warnings.simplefilter("ignore", UserWarning)     # pandas: round() leaves the day column as it is
    start, end = NOW - timedelta(days=30), NOW + timedelta(hours=1)
    sources, zone = ("x", "reddit", "rss", "bluesky"), "Europe/Paris"
    ignore = tuple(ignored_words(("fr", "en"), ("Lemoine",)))
    print(f"\n{'read (fresh connection: cold)':<34} {'before':>10} {'now':>10}   {'CPU before':>10} {'now':>8}"
          "   answers")
    pairs = [
        ("scoring coverage", coverage_before, scoring_coverage),
        ("advocacy authors", lambda db: len(public_authors(db)),
         lambda db: (len(public_authors(db, 1000, ("ambassador", "detractor"))), public_author_counts(db))),
        ("overview totals, 30 days", lambda db: listening.totals(db, start, end, sources, False, zone, scan=True),
         lambda db: listening.totals(db, start, end, sources, False, zone)),
        ("distinct authors, 30 days", lambda db: authors_by_ids(db, start, end, sources, zone),
         lambda db: distinct_authors(db, start, end, sources, zone)),
        ("overview daily counts, 30 days",
         lambda db: listening.daily_counts(db, start, end, sources, False, zone, scan=True),
         lambda db: listening.daily_counts(db, start, end, sources, False, zone)),
        ("share of voice, 30 days",
         lambda db: voice.share_of_voice(db, "Maison Lemoine", start, end, sources, False, zone, scan=True),
         lambda db: voice.share_of_voice(db, "Maison Lemoine", start, end, sources, False, zone)),
        ("overview's four reads, 30 days", lambda db: overview_one_by_one(db, start, end, sources, zone),
         lambda db: listening.overview(db, "Maison Lemoine", start, end, sources, False, zone)),
        ("bounds", bounds_before, listening.bounds),
        ("overview topics, 30 days", lambda db: topics_through_the_views(db, start, end, sources, ignore, zone),
         lambda db: voice.topics(db, start, end, sources, ignore, zone=zone)),
        ("coordinated posts, 90 days", lambda db: coordinated_before(db, end - timedelta(days=90), end),
         lambda db: coordinated_now(db, end - timedelta(days=90), end)),
    ]
    for name, before, now in pairs:
        if name.startswith("coordinated") and "value" in skip:    # the value page's read (at 10M: GBs before)
            continue
        b_ms, b_cpu, b = fresh(path, before)
        n_ms, n_cpu, n = fresh(path, now)
        if name == "advocacy authors":
            shown = f"{b:,} rows before, {n[0]:,} rows now (of {sum(n[1].values()):,})"
        elif name.startswith("overview's four"):
            shown = "same" if same_overview(b, n) else "DIFFERENT"
        elif name.startswith("coordinated"):
            shown = "same" if len(b) == len(n) and all(
                list(x) == list(y) for x, y in zip(b["mention_ids"], n["mention_ids"])) else "DIFFERENT"
            shown += f" ({len(n)} groups)"
        elif hasattr(b, "equals"):
            same = b.reset_index(drop=True).round(9).equals(n.reset_index(drop=True).round(9))
            shown = "same" if same else "DIFFERENT"
        elif isinstance(b, dict):
            shown = "same" if all(abs(b[k] - n[k]) < 1e-9 for k in b) else f"DIFFERENT {b} vs {n}"
        else:
            shown = "same" if n == b else f"DIFFERENT {b} vs {n}"
        print(f"{name:<34} {b_ms:>8.0f}ms {n_ms:>8.0f}ms   {b_cpu:>8.0f}ms {n_cpu:>6.0f}ms   {shown}")


SEARCHES = ("brioche", "brioche flan", "livraison déçu jamais", "user4242", "user4242 brioche", "bri")


def searches(path: Path, repeat: int = 5) -> None:
    """The explorer's search (`listening.explore`: bounded count and first page, what the
    Mentions page calls) over the whole history, cold (first call on a fresh read-only
    connection) and warm (median of `repeat`), each search read the way before (the whole
    window at once, `_slices` off) and now (the newest slices first), in turns on the same file."""
    with open_store(path, read_only=True) as store:
        low, high = store._rows("SELECT min(created_at), max(created_at) FROM mentions")[0]
        pending = store._rows("SELECT count(*) FROM mention_tokens_pending")[0][0]
    print(f"\n{'explorer search, whole history':<34} {'before cold':>11} {'warm':>7} {'now cold':>9} {'warm':>7}"
          f"   matches (the word index complete: {pending:,} mentions queued)")
    sliced = listening._slices
    for search in SEARCHES:
        where = listening.MentionFilter(low, high + timedelta(seconds=1), ("x", "reddit", "rss", "bluesky"),
                                        search=search)
        figures, answers = [], []
        for slices in (lambda *_: [], sliced):
            listening._slices = slices
            try:
                with open_store(path, read_only=True) as store:
                    cold, first = timed(lambda store=store, where=where: listening.explore(store, where, 100, 0))
                    warm = statistics.median(
                        timed(lambda store=store, where=where: listening.explore(store, where, 100, 0))[0]
                        for _ in range(repeat))
            finally:
                listening._slices = sliced
            figures += [cold, warm]
            answers.append((list(first[0]["mention_id"]), first[1]))
        total = answers[1][1]
        shown = f">{listening.COUNT_BOUND:,}" if total > listening.COUNT_BOUND else f"{total:,}"
        print(f"{search!r:<34} {figures[0]:>9.0f}ms {figures[1]:>5.0f}ms {figures[2]:>7.0f}ms {figures[3]:>5.0f}ms"
              f"   {shown}, {'same page' if answers[0] == answers[1] else 'DIFFERENT'}", flush=True)


def route_through_the_entry_script() -> None:
    """Make AppTest run every page through the entry script, as the server does.

    AppTest turns Streamlit's `pages/` folder mode back on before each run, so that
    `switch_page("pages/x.py")` runs x.py alone, without the entry script (its sign-in, its
    role and its run-wide read connection); the server has the mode off (dashboard/launch.py)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class Routed(PagesManager):
        def __init__(self, *args, **kwargs) -> None:
            PagesManager.uses_pages_directory = False
            super().__init__(*args, **kwargs)

    app_test.PagesManager = Routed


def pages(path: Path, skip: tuple[str, ...] = (), preload: bool = True, first_only: bool = False) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    route_through_the_entry_script()

    if preload:
        # As `ambassade dashboard` does while the server starts (dashboard/launch.py).
        from dashboard.launch import preload as server_preload

        took, _ = timed(lambda: server_preload(wait_seconds=0))
        print(f"\nthe server's preload as it starts (dashboard/launch.py): {took:.0f} ms")
    app = str(ROOT / "dashboard" / "app.py")
    folder = Path(tempfile.mkdtemp())
    (folder / "ambassade.toml").write_text(CONFIG, encoding="utf-8")
    os.environ["AMBASSADE_DB"] = str(path)
    os.environ["AMBASSADE_CONFIG"] = str(folder / "ambassade.toml")
    st.cache_data.clear()
    at = AppTest.from_file(app, default_timeout=600)
    at.session_state["lang"] = "fr"
    at.session_state["role"] = "comms"
    cpu = cpu_seconds()
    first, _ = timed(at.run)
    cpu = (cpu_seconds() - cpu) * 1000
    print(f"{'' if preload else chr(10)}first load (entry script and default page, cold"
          f"{', after the preload' if preload else ', imports included'}): {first:.0f} ms, CPU {cpu:.0f} ms"
          + (f"  EXCEPTION {at.exception[0].value}" if at.exception else "")
          + (f"  ERROR {at.error[0].value}" if at.error else "")
          + f"  ({len(at.metric)} figures shown)")
    if first_only:
        return
    print(f"{'page':<28} {'cold':>10} {'warm':>10} {'cold CPU':>10} {'memory now':>11} {'peak so far':>12}")
    from dashboard import queries

    for n, page in enumerate(p for p in PAGES if Path(p).stem not in skip):
        # Cold: a new data version, as after a write (st.cache_data.clear() from outside the
        # app's run does not reach AppTest's caches): every read of the page runs again.
        os.utime(path, (time.time(), time.time() + n + 1))
        queries.forget_versions()
        at.switch_page(page)
        cpu = cpu_seconds()
        cold, _ = timed(at.run)
        cpu = (cpu_seconds() - cpu) * 1000
        warm, _ = timed(at.run)
        broken = (f"  EXCEPTION {at.exception[0].value}" if at.exception else
                  f"  ERROR {at.error[0].value}" if at.error else "")
        print(f"{page:<28} {cold:>8.0f}ms {warm:>8.0f}ms {cpu:>8.0f}ms {resident_mb():>8,.0f} MB "
              f"{peak_mb():>9,.0f} MB{broken}", flush=True)
    print(f"\npeak memory of the process serving the pages: {peak_mb():,.0f} MB")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resident_mb() -> float:
    """This process's resident memory now (Linux; NaN elsewhere): what a page left behind."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return float("nan")


def ingest_cost(n: int, batch: int = 5_000) -> None:
    """N new mentions stored in 5,000-row pages, then scored in 20,000-row batches, in fresh
    files: with the daily counts, and with their hooks turned off (the way before)."""
    rnd = random.Random(5)
    found = make(n, 0, rnd, max(10, n // 5))
    rows = [ScoreRow(m.id, "bench/1", m.lang, 0.5, 0.3, 0.4, 0.3, "positive", 0.5) for m in found]
    kept = daily.count_new, daily.recount_scored
    print(f"\n{'ingest of ' + format(n, ',') + ' mentions':<34} {'store':>12} {'score':>12}")
    for name, hooks in (("without the daily counts", False), ("with the daily counts", True)):
        if not hooks:
            daily.count_new = daily.recount_scored = lambda *_: None
        with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "i.duckdb") as store:
            started = time.perf_counter()
            for start in range(0, n, batch):
                with store.transaction() as tx:
                    insert_mentions(tx, found[start:start + batch])
            stored = time.perf_counter() - started
            started = time.perf_counter()
            for start in range(0, n, 20_000):
                with store.transaction() as tx:
                    save_scores(tx, rows[start:start + 20_000])
            scored = time.perf_counter() - started
        daily.count_new, daily.recount_scored = kept
        print(f"{name:<34} {n / stored:>8,.0f}/s {n / scored:>9,.0f}/s")


def first_load_ms(code: Path | None, path: Path) -> float:
    """One first load after the preload, in a fresh process running `code` (None: this checkout)."""
    env = os.environ | {"AMBASSADE_BENCH_CODE": str(code.resolve())} if code else dict(os.environ)
    out = subprocess.run([sys.executable, __file__, "--pages-of", str(path), "--first-only"], env=env,
                         capture_output=True, text=True, check=False).stdout
    found = re.search(r"first load \(.*\): (\d+) ms", out)
    return float(found.group(1)) if found else float("nan")


def first_loads(path: Path, baseline: Path, n: int) -> None:
    """The first load after the preload, n times each, the baseline's and this checkout's in turn
    (so that the machine's load weighs on both alike)."""
    before, now = [], []
    for _ in range(n):
        before.append(first_load_ms(baseline, path))
        now.append(first_load_ms(None, path))
    print(f"\nfirst load after the preload, {n} fresh processes each, in turn: "
          f"baseline median {statistics.median(before):.0f} ms (slowest {max(before):.0f}), "
          f"now median {statistics.median(now):.0f} ms (slowest {max(now):.0f}), "
          f"ratio {statistics.median(before) / statistics.median(now):.2f}x; load average {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--crowded", action="store_true",
                        help="build the mentions crowded into the last days, as the builds of the earlier figures did")
    parser.add_argument("--ingest", type=int, default=0, help="also measure the daily counts' cost at ingest")
    parser.add_argument("--skip", nargs="*", default=[],
                        help="pages not to time, e.g. value (which also skips its read, the coordinated posts)")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="another checkout of Ambassade whose pages are timed first, on the same file")
    parser.add_argument("--first-loads", type=int, default=0,
                        help="with --baseline: time the first load N more times, in turn with the baseline's")
    parser.add_argument("--searches-of", type=Path, default=None,
                        help="only time the explorer's searches on this database (already built)")
    parser.add_argument("--pages-of", type=Path, default=None, help=argparse.SUPPRESS)   # the child process
    parser.add_argument("--no-preload", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--first-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.searches_of:
        searches(args.searches_of)
        return
    if args.pages_of:
        pages(args.pages_of, tuple(args.skip), preload=not args.no_preload, first_only=args.first_only)
        return
    folder = tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "pages.duckdb"
    if not path.exists():
        build(path, args.size, args.batch, args.crowded)
    with open_store(path) as store:          # a database built before migration 0021 is upgraded here
        if not store._rows("SELECT count(*) FROM advocacy")[0][0]:
            classify(store, random.Random(17))   # a build cut short: its authors classed now
        counts = store._rows("SELECT (SELECT count(*) FROM mentions), (SELECT count(*) FROM scores), "
                             "(SELECT count(*) FROM daily_counts), (SELECT count(*) FROM daily_authors)")[0]
    print(f"database: {counts[0]:,} mentions, {counts[1]:,} scores; daily tables: {counts[2]:,} count rows, "
          f"{counts[3]:,} author rows; file {path.stat().st_size / 1e6:,.0f} MB")
    reads(path, tuple(args.skip))
    searches(path)
    # The pages in a child process: its peak memory is the server's, not this builder's.
    if args.baseline:
        print(f"\nbaseline: the pages of {args.baseline}", flush=True)
        subprocess.run([sys.executable, __file__, "--pages-of", str(path), "--no-preload", "--skip", *args.skip],
                       check=False, env=os.environ | {"AMBASSADE_BENCH_CODE": str(args.baseline.resolve())})
        print("\nnow: the pages of this checkout", flush=True)
    subprocess.run([sys.executable, __file__, "--pages-of", str(path), "--no-preload", "--first-only"], check=False)
    subprocess.run([sys.executable, __file__, "--pages-of", str(path), "--skip", *args.skip], check=False)
    if args.baseline and args.first_loads:
        first_loads(path, args.baseline, args.first_loads)
    if args.ingest:
        ingest_cost(args.ingest)
    folder.cleanup()


if __name__ == "__main__":
    main()
