"""`ambassade score` (the store form): speed, CPU, how long the file is held, bytes written.

DuckDB lets one process write or several read, never both: while `score` holds the file the
dashboard cannot read. `ambassade score` goes through `store.state.ShortLivedStore`: one short
transaction per batch (write the last one, read the next), the file closed in between and
while the texts are scored (scoring/store_pass.py). On a synthetic backlog this prints, in
one run:

- the plain vaderSentiment loop over the same texts (one process): the bare library;
- `score_store` on a ShortLivedStore: mentions/s, CPU per 1,000 mentions (this process and
  its workers), the longest time one transaction held the file, bytes written to disk
  (/proc/self/io write_bytes) beside the file's size; then `refresh_signals` and its hold;
- the pass as it was before the pipeline (read a batch, score it with one pool for the pass,
  write it, in turn), on a copy of the same file;
- unless --skip-held, the naive way: one connection held for the whole pass (as `score` did
  before), whose hold is the whole pass;
- with --before DIR (a checkout of an earlier version, e.g. `git worktree add --detach
  ../before main`), that version's `score_store` on a copy of the same file, in a process of
  its own importing from DIR: the change measured before and after in the same run.

    python bench/bench_score_holds.py [--mentions 100000] [--workers N] [--skip-held] [--before DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ambassade.model import Mention  # noqa: E402
from ambassade.settings import parse_settings  # noqa: E402
from ambassade.text.terms import TermMatcher  # noqa: E402
from scoring.batch import cores, score_many, score_store  # noqa: E402
from scoring.sentiment import SCORER  # noqa: E402
from scoring.store_pass import worker_pool  # noqa: E402
from scoring.signals import refresh_signals  # noqa: E402
from store.connect import open_store  # noqa: E402
from store.mentions import ScoreRow, insert_mentions, save_scores, unscored_after  # noqa: E402
from store.state import ShortLivedStore  # noqa: E402

SETTINGS = parse_settings('[brand]\nname = "Lemoine"\nterms = ["Lemoine"]\nconfidential_terms = []\n')


def text_of(i: int) -> str:
    return f"Lemoine numéro {i} " + ("trop bien !" if i % 3 else "bof, déçu")


def build(path: Path, n: int) -> None:
    now = datetime.now(timezone.utc)
    with open_store(path) as store:
        for start in range(0, n, 20_000):
            with store.transaction() as db:
                insert_mentions(db, [Mention(source="rss", native_id=str(i), author=f"a{i % 5000}", author_id=None,
                                             text=text_of(i), url=None, matched=("Lemoine",),
                                             created_at=now - timedelta(seconds=30 * i))
                                     for i in range(start, min(n, start + 20_000))])


def _cpu() -> float:
    """CPU seconds of this process and of its ended children (the pass's workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _written() -> int:
    """Bytes this process (DuckDB's threads included) caused to be written to storage."""
    try:
        with open("/proc/self/io", encoding="ascii") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("write_bytes"))
    except (OSError, StopIteration):
        return 0


def _texts(n: int) -> Iterator[str]:
    return (text_of(i) for i in range(n))


def plain_vader(n: int) -> tuple[float, float]:
    """(texts/s, CPU ms per 1,000) of vaderSentiment's own analyzer over the same texts."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    started, cpu = time.perf_counter(), _cpu()
    for text in _texts(n):
        analyzer.polarity_scores(text)
    wall, used = time.perf_counter() - started, _cpu() - cpu
    return n / wall, 1000 * used / n * 1000


def sequential(store: ShortLivedStore, matcher: TermMatcher, workers: int) -> None:
    """The pass before the pipeline: each batch read, scored, then written, in turn."""
    languages, after = ("fr", "en"), None
    with worker_pool(workers) as pool:
        while True:
            with store.transaction() as db:
                rows = unscored_after(db, SCORER, after, 20_000)
            if not rows:
                return
            after = (rows[-1][4], rows[-1][0])
            scored = score_many([(r[1] or "", r[2]) for r in rows], languages, matcher, workers=workers, pool=pool)
            with store.transaction() as db:
                save_scores(db, [ScoreRow(r[0], SCORER, lang, s.compound, s.pos, s.neu, s.neg, s.label, brand)
                                 for r, (lang, s, brand) in zip(rows, scored)])


_BEFORE = """
import json, resource, sys, time
from ambassade.text.terms import TermMatcher
from scoring.batch import score_store
from store.state import ShortLivedStore
import scoring.batch
if __name__ == "__main__":
    def cpu():
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    store = ShortLivedStore(sys.argv[1])
    started, used = time.perf_counter(), cpu()
    score_store(store, TermMatcher(["Lemoine"]), ["fr", "en"], workers=int(sys.argv[2]) or None)
    wall = time.perf_counter() - started
    print(json.dumps({"wall": wall, "hold": store.longest_hold, "code": scoring.batch.__file__,
                      "cpu": cpu() - used}))
"""


def before_version(checkout: Path, path: Path, workers: int | None) -> dict:
    """The earlier checkout's score pass on `path`, in a process importing from `checkout`:
    wall clock and CPU (that process's and its workers') of the pass alone, as for this one."""
    script = path.parent / "before_pass.py"
    script.write_text(_BEFORE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(checkout.resolve())}
    done = subprocess.run([sys.executable, str(script), str(path), str(workers or 0)], env=env,
                          capture_output=True, text=True, check=True, cwd=checkout)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--skip-held", action="store_true", help="leave out the one-connection pass")
    parser.add_argument("--dir", type=Path, default=None, help="where the databases go (default: a temp dir)")
    parser.add_argument("--before", type=Path, default=None,
                        help="a checkout of an earlier version: its pass on a copy of the same file")
    args = parser.parse_args()
    n = args.mentions
    matcher = TermMatcher(["Lemoine"])
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        base = Path(folder) / "base.duckdb"
        build(base, n)
        short, naive = Path(folder) / "short.duckdb", Path(folder) / "naive.duckdb"
        shutil.copy(base, short)
        before = short.stat().st_size

        vader_rate, vader_cpu = plain_vader(n)

        store = ShortLivedStore(short)
        started, cpu, written = time.perf_counter(), _cpu(), _written()
        score_store(store, matcher, ["fr", "en"], workers=args.workers)
        score_wall, score_cpu, score_written = time.perf_counter() - started, _cpu() - cpu, _written() - written
        score_hold, store.longest_hold = store.longest_hold, 0.0
        started, written = time.perf_counter(), _written()
        refresh_signals(store, SETTINGS)
        signals_wall, signals_written = time.perf_counter() - started, _written() - written
        after = short.stat().st_size

        old = Path(folder) / "old.duckdb"
        shutil.copy(base, old)
        before_store = ShortLivedStore(old)
        started, cpu = time.perf_counter(), _cpu()
        sequential(before_store, matcher, args.workers or cores())
        old_wall, old_cpu = time.perf_counter() - started, _cpu() - cpu
        old.unlink()

        earlier = None
        if args.before is not None:
            copy = Path(folder) / "before.duckdb"
            shutil.copy(base, copy)
            earlier = before_version(args.before, copy, args.workers)
            copy.unlink()

        naive_total = None
        if not args.skip_held:
            shutil.copy(base, naive)
            started = time.perf_counter()
            with open_store(naive) as held:
                score_store(held, matcher, ["fr", "en"], workers=args.workers)
                refresh_signals(held, SETTINGS)
            naive_total = time.perf_counter() - started
    print(f"{n:,} unscored mentions (distinct French texts, language detected), score + refresh_signals")
    print(f"plain vaderSentiment loop, same texts, one process: {vader_rate:,.0f} texts/s, "
          f"{vader_cpu:.0f} ms CPU per 1,000")
    print(f"score_store (ShortLivedStore): {n / score_wall:,.0f} mentions/s "
          f"({n / score_wall / vader_rate:.2f}x the plain loop), "
          f"{1000 * score_cpu / n * 1000:.0f} ms CPU per 1,000 mentions (this process and its workers), "
          f"longest hold {score_hold:.2f} s, {score_written / 1e6:,.0f} MB written "
          f"(file {before / 1e6:,.0f} MB -> {after / 1e6:,.0f} MB)")
    print(f"before the pipeline (read, score, write in turn): {n / old_wall:,.0f} mentions/s, "
          f"{1000 * old_cpu / n * 1000:.0f} ms CPU per 1,000, longest hold {before_store.longest_hold:.2f} s")
    print(f"refresh_signals: {signals_wall:.2f} s, longest hold {store.longest_hold:.2f} s, "
          f"{signals_written / 1e6:,.0f} MB written")
    if earlier is not None:
        print(f"the earlier version ({args.before}), same file: {n / earlier['wall']:,.0f} mentions/s; "
              f"this one {earlier['wall'] / score_wall:.2f}x as fast; "
              f"{1000 * earlier['cpu'] / n * 1000:.0f} ms CPU per 1,000, "
              f"longest hold {earlier['hold']:.2f} s")
    if naive_total is not None:
        print(f"one connection for the pass (before): longest hold {naive_total:.2f} s (the whole pass)")


if __name__ == "__main__":
    main()
