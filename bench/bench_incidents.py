"""Time refresh_incidents (merge, explain, store) on a large synthetic store, against a naive way.

Builds a DuckDB file with N mentions (default 1,000,000) over 35 days, texts drawn from a
small vocabulary, plus a burst of complaints in the last day and 24 alert rows over it (as the
detector writes them: per source, 'all' and kind). Then times `refresh_incidents` (the baseline
sampled to 3,000 mentions), a second refresh (the incident is over: its explanation is kept),
and the naive way: every baseline mention's text into Python to compare term frequencies.

    python bench/bench_incidents.py [--mentions 1000000] [--db PATH]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from alerts.drivers import over_represented, terms_of  # noqa: E402
from alerts.incidents import refresh_incidents  # noqa: E402
from ambassade.settings import parse_settings  # noqa: E402
from store import open_store  # noqa: E402
from store.incidents import incidents_since  # noqa: E402
from store.signals import upsert_alerts  # noqa: E402

NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
WORDS = ["pain", "croissant", "boutique", "service", "matin", "café", "prix", "équipe", "horaires", "dimanche",
         "brioche", "baguette", "accueil", "client", "livraison", "commande", "tarte", "chocolat", "beurre", "lyon"]


def build(path: Path, mentions: int) -> None:
    """`mentions` over 35 days and 2,000 burst mentions in the last 30 hours, in SQL."""
    words = "[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
    with open_store(path) as store, store.transaction() as db:
        con = db._con  # synthetic rows straight through the bare connection: the fastest way to fill a bench file
        con.execute(
            f"""
            INSERT INTO mentions (id, source, native_id, author, author_id, text, url, created_at, lang, matched, metrics, raw, collected_at, sample_key)
            SELECT 'x:' || i, CASE WHEN i % 3 = 0 THEN 'reddit' ELSE 'x' END, i::VARCHAR, 'user' || (hash(i) % 50000),
                   NULL, 'Lemoine ' || {words}[(1 + hash(i) % 20)::BIGINT] || ' ' || {words}[(1 + hash(i * 3) % 20)::BIGINT] || ' et '
                   || {words}[(1 + hash(i * 5) % 20)::BIGINT], NULL,
                   $now - INTERVAL 2 DAY - INTERVAL (hash(i * 7) % (33 * 24 * 60)) MINUTE, 'fr', ['Lemoine'],
                   '{{}}'::JSON, NULL, $now, sample_key('x:' || i)
            FROM range($n) t(i)
            """,
            {"now": NOW, "n": mentions},
        )
        con.execute(
            """
            INSERT INTO mentions (id, source, native_id, author, author_id, text, url, created_at, lang, matched, metrics, raw, collected_at, sample_key)
            SELECT 'x:b' || i, 'x', 'b' || i, 'buzz' || i, NULL,
                   'Intoxication après un flan Lemoine, ' || (['rappel de lot', 'des malades', 'scandale'])[(1 + i % 3)::BIGINT],
                   NULL, $now - INTERVAL (i % (30 * 60)) MINUTE, 'fr', ['Lemoine'], '{}'::JSON, NULL, $now, sample_key('x:b' || i)
            FROM range(2000) t(i)
            """,
            {"now": NOW},
        )
        rows = []
        for k in range(8):
            for source in ("x", "reddit", "all"):
                start = NOW - timedelta(hours=30 - 3 * k)
                rows.append({"id": f"alert:{k}{source}", "kind": "volume" if k % 2 else "negative_share",
                             "source": source, "starts_at": start, "ends_at": start + timedelta(hours=2),
                             "observed": 50.0, "expected": 5.0, "score": 9.0, "mention_ids": [], "created_at": NOW})
        upsert_alerts(db, rows)


def naive(store, settings) -> int:
    """Drivers the naive way: every baseline mention's text into Python; returns the terms found."""
    [incident] = incidents_since(store, None)
    start, end = incident["starts_at"], incident["ends_at"]
    con = store._con  # the naive baseline reads through bare DuckDB
    inside = [r[0] for r in con.execute("SELECT text FROM mentions WHERE created_at >= ? AND created_at < ?",
                                        [start, end]).fetchall()]
    base = [r[0] for r in con.execute("SELECT text FROM mentions WHERE created_at >= ? AND created_at < ?",
                                      [start - timedelta(days=28), start]).fetchall()]
    brand = frozenset({"lemoine"})
    return len(over_represented([terms_of(t, brand) for t in inside], [terms_of(t, brand) for t in base]))


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
        print(f"built {args.mentions} mentions + 2000 burst mentions and 24 alerts in {time.perf_counter() - start:.1f} s")
        with open_store(path) as store:
            start = time.perf_counter()
            report = refresh_incidents(store, settings, now=NOW + timedelta(days=2))
            ours = time.perf_counter() - start
            start = time.perf_counter()
            again = refresh_incidents(store, settings, now=NOW + timedelta(days=2, minutes=5))
            kept = time.perf_counter() - start
            with store.transaction() as db:
                [incident] = incidents_since(db, None)
            start = time.perf_counter()
            found = naive(store, settings)
            slow = time.perf_counter() - start
        terms = ", ".join(t["term"] for t in incident["drivers"]["terms"][:5])
        print(f"  refresh_incidents, explained (sampled baseline): {ours:6.2f} s  {report.describe()}")
        print(f"  refresh_incidents again, incident over (kept):   {kept:6.2f} s  {again.describe()}")
        print(f"  naive: whole baseline's texts into Python:       {slow:6.2f} s  ({found} terms)")
        print(f"  top terms: {terms}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
