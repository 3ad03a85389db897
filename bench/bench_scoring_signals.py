"""Time refresh_signals (advocacy classes and spikes) on a large synthetic store, against a naive way.

Builds a DuckDB file with N mentions (default 1,000,000) from 100,000 authors over 120 days,
with scores, in SQL. Then times `refresh_signals` (aggregates in SQL, classes in Python) and the
naive way: fetching every scored mention of the window into Python and aggregating there.

    python bench/bench_scoring_signals.py [--mentions 1000000] [--db PATH]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ambassade.settings import parse_settings  # noqa: E402
from scoring.advocacy import classify  # noqa: E402
from scoring.signals import refresh_signals  # noqa: E402
from store import open_store  # noqa: E402

NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)


def build(path: Path, mentions: int) -> None:
    """A store with `mentions` scored mentions from 100,000 authors over 120 days, in SQL."""
    # Synthetic rows straight through the bare DuckDB connection: the fastest way to fill a bench file.
    with open_store(path) as store, store.transaction() as db:
        con = db._con
        con.execute(
            """
            INSERT INTO mentions (id, source, native_id, author, author_id, text, url, created_at, lang, matched, metrics, raw, collected_at, sample_key)
            SELECT 'x:' || i, 'x', i::VARCHAR, 'user' || (hash(i) % 100000), NULL,
                   'Lemoine post ' || i, NULL,
                   $now - INTERVAL (hash(i * 7) % (120 * 24 * 60)) MINUTE, 'fr', ['Lemoine'],
                   '{}'::JSON, NULL, $now, sample_key('x:' || i)
            FROM range($n) t(i)
            """,
            {"now": NOW, "n": mentions},
        )
        con.execute(
            """
            INSERT INTO scores
            SELECT id, 'bench/1', 'fr', c, greatest(c, 0), 1 - abs(c), greatest(-c, 0),
                   CASE WHEN c >= 0.05 THEN 'positive' WHEN c <= -0.05 THEN 'negative' ELSE 'neutral' END,
                   c, $now, created_at
            FROM (SELECT id, created_at, ((hash(id) % 2001) / 1000.0 - 1.0) AS c FROM mentions)
            """,
            {"now": NOW},
        )


def naive(store, settings) -> int:
    """Advocacy the naive way: every mention of the window into Python; returns the authors."""
    cfg = settings.scoring
    rows = store._con.execute(  # the naive baseline reads through bare DuckDB
        "SELECT m.source, m.author, m.created_at, coalesce(s.brand_compound, s.compound) "
        "FROM mentions m JOIN scores s ON s.mention_id = m.id "
        "WHERE m.created_at > $now - to_days($days) AND m.created_at <= $now",
        {"now": NOW, "days": cfg.window_days},
    ).fetchall()
    sums: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for source, author, created_at, compound in rows:
        w = 0.5 ** ((NOW - created_at).total_seconds() / 86400 / cfg.half_life_days)
        cell = sums[f"{source}:{author.lower()}"]
        cell[0] += 1
        cell[1] += w
        cell[2] += w * compound
    return len([classify(n, w, ws, cfg) for n, w, ws in sums.values()])


def main() -> int:
    """Build the store, time both ways, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--db")
    args = parser.parse_args()
    settings = parse_settings('[brand]\nname = "Lemoine"\nterms = ["Lemoine"]\n')
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        build(path, args.mentions)
        print(f"built {args.mentions} scored mentions in {time.perf_counter() - start:.1f} s")
        with open_store(path) as store:
            start = time.perf_counter()
            refresh_signals(store, settings, NOW)
            first = time.perf_counter() - start  # includes one-off imports (pyarrow loads pandas)
            start = time.perf_counter()
            summary = refresh_signals(store, settings, NOW)
            ours = time.perf_counter() - start
            start = time.perf_counter()
            count = naive(store, settings)
            slow = time.perf_counter() - start
        print(f"  refresh_signals, first call in the process:   {first:6.2f} s")
        print(f"  refresh_signals (advocacy + spikes, written): {ours:6.2f} s  {summary.describe()}")
        print(f"  naive: all rows to Python, advocacy only:      {slow:6.2f} s  ({count} authors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
