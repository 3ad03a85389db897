"""The mention explorer's search: the word index kept at ingest (migration 0017) vs `ILIKE`.

Run: python bench/bench_search.py [--size 1000000] [--batch 50000]

Builds --size synthetic mentions (a 2,000-word vocabulary with a Zipf-like spread, so
common and rare words both occur; 50,000 authors) in a fresh database through the store's
own writer (`store.mentions.insert_mentions`, which also fills `mention_tokens`), then times,
in the same run and on the same file, for a few searches: the explorer's count and first
page through the index (`store.listening.explore`, what the page calls) and the same count
and page by `text ILIKE '%word%'` (the way before), cold (first call on a fresh connection)
and warm (median of 5). Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ambassade.model import Mention  # noqa: E402
from store.connect import open_store  # noqa: E402
from store.listening import MentionFilter, explore  # noqa: E402
from store.mentions import insert_mentions  # noqa: E402

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
SYLLABLES = "ba be bi bo bu la le li lo lu ma me mi mo mu ra re ri ro ru ta te ti to tu pain flan".split()


def vocabulary(rnd: random.Random, n: int = 2000) -> list[str]:
    words = {"lemoine", "brioche", "croissant", "livraison", "déçu", "génial"}
    while len(words) < n:
        words.add("".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4))))
    return sorted(words)


def make(n: int, start: int, words: list[str], rnd: random.Random) -> list[Mention]:
    out = []
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1 / (rank + 1)
        cumulative.append(total)
    for i in range(start, start + n):
        text = " ".join(rnd.choices(words, cum_weights=cumulative, k=rnd.randint(8, 30)))
        out.append(Mention(source="x" if i % 3 else "reddit", native_id=str(i), author=f"user{i % 50_000}",
                           author_id=str(i % 50_000), text=text, url=f"https://x.example/{i}",
                           created_at=T0 + timedelta(seconds=i * 3), lang="fr", matched=("Lemoine",)))
    return out


def ilike(store, where: MentionFilter, word: str):
    base = ("FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id WHERE m.created_at >= ? "
            "AND m.created_at < ? AND list_contains(?, m.source) AND m.text ILIKE ?")
    params = [where.start, where.end, list(where.sources), f"%{word}%"]
    count = store._rows(f"SELECT count(*) {base}", params)[0][0]
    store._frame(f"SELECT m.created_at, m.text {base} ORDER BY m.created_at DESC LIMIT 100", params)
    return count


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=50_000)
    args = parser.parse_args()
    rnd = random.Random(14)
    words = vocabulary(rnd)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "search.duckdb"
        started = time.perf_counter()
        with open_store(path) as store:
            for start in range(0, args.size, args.batch):
                with store.transaction() as con:
                    insert_mentions(con, make(min(args.batch, args.size - start), start, words, rnd))
            tokens = store._rows("SELECT count(*) FROM mention_tokens")[0][0]
        took = time.perf_counter() - started
        print(f"built {args.size:,} mentions through insert_mentions in {took:.0f} s "
              f"({args.size / took:,.0f} rows/s, word index included): {tokens:,} index rows, "
              f"file {path.stat().st_size / 1e6:,.0f} MB")
        end = T0 + timedelta(seconds=args.size * 3 + 1)
        searches = ["brioche", "lemoine", words[1500], f"{words[1500]} brioche", "user4242", "bri"]
        print(f"{'search':>22} {'matches':>9} {'index cold':>11} {'index warm':>11} "
              f"{'ILIKE cold':>11} {'ILIKE warm':>11}")
        for search in searches:
            where = MentionFilter(T0, end, ("x", "reddit"), search=search)
            with open_store(path, read_only=True) as store:
                cold, (frame, total) = timed(lambda where=where: explore(store, where, 100, 0))
                warm = statistics.median(timed(lambda where=where: explore(store, where, 100, 0))[0] for _ in range(5))
            with open_store(path, read_only=True) as store:
                word = search.split()[0]
                icold, icount = timed(lambda where=where, word=word: ilike(store, where, word))
                iwarm = statistics.median(timed(lambda where=where, word=word: ilike(store, where, word))[0] for _ in range(5))
            print(f"{search:>22} {total:>9,} {cold:>9.0f}ms {warm:>9.0f}ms {icold:>9.0f}ms {iwarm:>9.0f}ms"
                  f"   (ILIKE on '{word}' finds {icount:,}: substrings, no accents folded, no authors)")


if __name__ == "__main__":
    main()
