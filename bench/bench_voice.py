"""What the schema's rules cost a listening read: public mentions and corrections vs the bare tables.

Run: python bench/bench_voice.py [--size 1000000]

Builds N synthetic scored mentions (2 % by employees' declared handles, 1 % by the company's
account, 5 % naming a competitor, 0.1 % corrected), then times, warm, in the same run:
  1. daily counts by source and label over 30 days, on `mentions` + `scores` (the bare tables,
     what the read did before migration 0015) and on `public_mentions` + `effective_scores`;
  2. the overview's totals, the same two ways;
  3. share of voice (brand vs competitor per day) and topics (tokens of 30 days' text).
Figures are printed, not asserted.
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

import pyarrow as pa  # noqa: E402

from store import corrections, listening, voice  # noqa: E402
from store.connect import open_store  # noqa: E402
from store.programme import Employee, upsert_employees  # noqa: E402

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
WORDS = "le pain de Lemoine est bon mais la queue est longue ce matin flan croissant Lyon".split()


def build(path: Path, n: int) -> datetime:
    rnd = random.Random(7)
    step = 90 * 86400 / n
    ids = [f"x:{i}" for i in range(n)]
    authors = [f"emp{i % 200}" if i % 50 == 0 else "maisonlemoine" if i % 100 == 1 else f"user{i % 50_000}"
               for i in range(n)]
    mentions = pa.table({
        "id": ids, "source": ["x"] * n, "native_id": [str(i) for i in range(n)], "author": authors,
        "author_id": authors, "text": [" ".join(rnd.choice(WORDS) for _ in range(12)) for _ in range(n)],
        "url": [None] * n,
        "created_at": pa.array([T0 + timedelta(seconds=i * step) for i in range(n)], pa.timestamp("us", tz="UTC")),
        "lang": ["fr"] * n, "matched": [[] if i % 20 == 3 else ["Lemoine"] for i in range(n)],
        "metrics": ["{}"] * n, "raw": pa.nulls(n, pa.binary()),
        "collected_at": pa.array([T0] * n, pa.timestamp("us", tz="UTC")),
        "competitors": [["Dupain"] if i % 20 in (3, 4) else [] for i in range(n)],
    })
    compounds = [rnd.uniform(-1, 1) for _ in range(n)]
    scores = pa.table({
        "mention_id": ids, "scorer": ["bench"] * n, "lang": ["fr"] * n, "compound": compounds,
        "pos": [0.1] * n, "neu": [0.8] * n, "neg": [0.1] * n,
        "label": ["positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral" for c in compounds],
        "brand_compound": compounds, "scored_at": pa.array([T0] * n, pa.timestamp("us", tz="UTC")),
    })
    with open_store(path) as store, store.transaction() as db:
        with db._registered("_m", mentions):
            db._rows("INSERT INTO mentions BY NAME SELECT * REPLACE (metrics::JSON AS metrics), "
                     "sample_key(id) AS sample_key FROM _m")
        with db._registered("_s", scores):
            db._rows("INSERT INTO scores BY NAME SELECT s.*, m.created_at FROM _s s JOIN mentions m ON m.id = s.mention_id")
        upsert_employees(db, [Employee(f"emp:{i}", f"E{i}", "T", T0, {"x": f"emp{i}"}) for i in range(200)])
        voice.set_own_accounts(db, [("x", "maisonlemoine")])
        for i in range(0, n, 1000):
            corrections.correct(db, ids[i + 5], label="negative", by="bench", at=T0)
    return T0 + timedelta(days=90)


def warm(call, repeat: int = 5) -> float:
    call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


BARE_DAILY = """SELECT date_trunc('day', m.created_at) AS day, m.source, coalesce(s.label, 'unscored') AS label,
                count(*) FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id
                WHERE m.created_at >= ? AND m.created_at < ? GROUP BY ALL"""
BARE_TOTALS = """SELECT count(*), count(DISTINCT m.author_id), avg((s.label = 'negative')::INT)
                 FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id
                 WHERE m.created_at >= ? AND m.created_at < ?"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "voice.duckdb"
        started = time.perf_counter()
        end = build(path, args.size)
        print(f"{args.size:,} mentions built in {time.perf_counter() - started:.1f} s")
        start = end - timedelta(days=30)
        with open_store(path, read_only=True) as store:
            rows = [
                ("daily counts, bare mentions + scores", lambda: store._rows(BARE_DAILY, [start, end])),
                ("daily counts, public_mentions + effective_scores",
                 lambda: listening.daily_counts(store, start, end, ["x"])),
                ("totals, bare mentions + scores", lambda: store._rows(BARE_TOTALS, [start, end])),
                ("totals, public_mentions + effective_scores", lambda: listening.totals(store, start, end, ["x"])),
                ("share of voice (brand vs competitor per day)",
                 lambda: voice.share_of_voice(store, "Lemoine", start, end, ["x"])),
                ("topics of 30 days (words and phrases)",
                 lambda: voice.topics(store, start, end, ["x"], ["le", "de", "est", "la", "ce", "mais"])),
            ]
            for name, call in rows:
                print(f"  {name:<52}{warm(call):>9.1f} ms warm (median of 5)")


if __name__ == "__main__":
    main()
