"""What the text digest (migration 0027) costs at ingest on DuckDB: `insert_mentions` with the
digest computed (now) and with it left out (its macro made a NULL: the same code path, the
normalising and MD5 removed), in turns on fresh files, in the same run.

Run: python bench/bench_digest_ingest.py [--size 100000] [--batch 5000] [--turns 3]

The mentions are bench/bench_ingest.py's (French and English texts of 8 to 40 words, a link
in none: the plain texts that `lower` alone normalises) and, as a second set, the same texts
with a link and a double space in each (every one through the patterns). Figures are
printed, not asserted: medians of rows/s, with the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_ingest import ingest_batches, make_mentions  # noqa: E402
from store.connect import open_store  # noqa: E402


def fresh(folder: Path, name: str, digest: bool) -> Path:
    """A new store file; without the digest, its macro returns NULL."""
    path = folder / f"{name}.duckdb"
    with open_store(path) as store:
        if not digest:
            store._rows("CREATE OR REPLACE MACRO text_digest(t) AS CAST(NULL AS UUID)")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args()
    plain = make_mentions(args.size)
    linked = [replace(m, text=f"{m.text.replace(' ', '  ', 1)} https://t.co/{i}") for i, m in enumerate(plain)]
    print(f"insert_mentions, {args.size:,} rows in pages of {args.batch:,}, {args.turns} turns each; "
          f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label, mentions in (("plain texts", plain), ("a link in each", linked)):
            rates: dict[str, list[float]] = {"without the digest": [], "with the digest": []}
            for turn in range(args.turns):
                # each way first in every other turn: what a first file costs is on both sides
                for way in list(rates)[::1 if turn % 2 == 0 else -1]:
                    path = fresh(folder, f"{label[0]}{turn}{way[0]}{len(rates[way])}", way == "with the digest")
                    seconds, added = ingest_batches(path, mentions, args.batch)
                    assert added == len(mentions)
                    with open_store(path, read_only=True) as store:
                        [(digests,)] = store._rows("SELECT count(text_digest) FROM mentions")
                    assert (digests > 0) == (way == "with the digest")
                    rates[way].append(len(mentions) / seconds)
                    path.unlink()
            before, now = (statistics.median(rates[way]) for way in ("without the digest", "with the digest"))
            print(f"  {label:15} without: {before:9,.0f} rows/s   with: {now:9,.0f} rows/s   "
                  f"({now / before:.2f}x)")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
