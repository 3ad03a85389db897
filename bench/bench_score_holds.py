"""How long `score` holds the database file at a time: short transactions against one long one.

DuckDB lets one process write or several read, never both: while `score` holds the file the
dashboard cannot read. `ambassade score` now goes through `store.state.ShortLivedStore`: each
batch is read in one transaction and written in another, the file closed in between and
while the texts are scored. This prints, on a synthetic backlog, the longest time the file
was held by one transaction and the whole pass; then, in the same run, the naive way (one
connection held for the whole pass, as `score` did before), whose hold is the whole pass.

    python bench/bench_score_holds.py [--mentions 100000] [--workers N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ambassade.model import Mention  # noqa: E402
from ambassade.settings import parse_settings  # noqa: E402
from ambassade.text.terms import TermMatcher  # noqa: E402
from scoring.batch import score_store  # noqa: E402
from scoring.signals import refresh_signals  # noqa: E402
from store.connect import open_store  # noqa: E402
from store.mentions import insert_mentions  # noqa: E402
from store.state import ShortLivedStore  # noqa: E402

SETTINGS = parse_settings('[brand]\nname = "Lemoine"\nterms = ["Lemoine"]\nconfidential_terms = []\n')


def build(path: Path, n: int) -> None:
    now = datetime.now(timezone.utc)
    with open_store(path) as store:
        for start in range(0, n, 20_000):
            with store.transaction() as db:
                insert_mentions(db, [Mention(source="rss", native_id=str(i), author=f"a{i % 5000}", author_id=None,
                                             text=f"Lemoine numéro {i} " + ("trop bien !" if i % 3 else "bof, déçu"),
                                             url=None, matched=("Lemoine",), created_at=now - timedelta(seconds=30 * i))
                                     for i in range(start, min(n, start + 20_000))])


def _cpu() -> float:
    """CPU seconds of this process and of its ended children (the pass's workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    matcher = TermMatcher(["Lemoine"])
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "base.duckdb"
        build(base, args.mentions)
        short, naive = Path(folder) / "short.duckdb", Path(folder) / "naive.duckdb"
        shutil.copy(base, short)
        shutil.copy(base, naive)

        store = ShortLivedStore(short)
        started, cpu = time.perf_counter(), _cpu()
        score_store(store, matcher, ["fr", "en"], workers=args.workers)
        score_wall, score_cpu = time.perf_counter() - started, _cpu() - cpu
        refresh_signals(store, SETTINGS)
        short_total = time.perf_counter() - started

        started = time.perf_counter()
        with open_store(naive) as held:
            score_store(held, matcher, ["fr", "en"], workers=args.workers)
            refresh_signals(held, SETTINGS)
        naive_total = time.perf_counter() - started
    print(f"{args.mentions:,} unscored mentions, score + refresh_signals")
    print(f"score_store alone: {args.mentions / score_wall:,.0f} mentions/s, "
          f"{1000 * score_cpu / args.mentions * 1000:.0f} ms CPU per 1,000 mentions (this process and its workers)")
    print(f"short transactions (ShortLivedStore): longest hold {store.longest_hold:.2f} s, whole pass {short_total:.1f} s")
    print(f"one connection for the pass (before):  longest hold {naive_total:.2f} s (the whole pass)")


if __name__ == "__main__":
    main()
