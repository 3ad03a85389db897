"""Each dashboard page's settle time on a large synthetic history, cold and warm, and the reads
this branch replaced beside the way they were (issue 17).

Run: python bench/bench_dashboard_pages.py [--size 1000000] [--batch 50000] [--keep PATH]

Builds --size mentions through the store's own writers (`insert_mentions`, which also fills the
word index and the authors; `save_scores` for nine in ten; `replace_advocacy` for every author, a
third of them classed ambassador or detractor), then in the same run and on the same file:

1. the replaced reads beside the way before, each on a fresh read-only connection (cold):
   scoring coverage (two counts vs the LEFT JOIN), the advocacy list (the rows the page shows
   and the counts per class vs every classed author);
2. every comms page through Streamlit's AppTest (the entry script, then the page): the first
   load, then per page cold (caches cleared) and warm (a rerun, same data version);
3. the process's peak memory (ru_maxrss: AppTest runs the pages in this process).

Figures are printed, not asserted. --keep PATH keeps (or reuses) the database.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ambassade.model import Mention  # noqa: E402
from store.connect import open_store  # noqa: E402
from store.health import scoring_coverage  # noqa: E402
from store.mentions import ScoreRow, insert_mentions, save_scores  # noqa: E402
from store.signals import public_author_counts, public_authors, replace_advocacy  # noqa: E402

NOW = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
PAGES = ["pages/overview.py", "pages/mentions.py", "pages/advocacy.py", "pages/health.py",
         "pages/incidents.py"]
WORDS = ("Lemoine brioche croissant livraison déçu génial super bof lent rapide boutique pain "
         "flan commande service prix qualité merci jamais toujours").split()
CONFIG = """
[brand]
name = "Maison Lemoine"
terms = ["Lemoine"]
"""


def make(n: int, start: int, rnd: random.Random, authors: int) -> list[Mention]:
    span = 90 * 86_400
    out = []
    for i in range(start, start + n):
        a = rnd.randrange(authors)
        out.append(Mention(
            source=("x", "reddit", "rss", "bluesky")[i % 4], native_id=str(i), author=f"user{a}",
            author_id=str(a), text="Lemoine " + " ".join(rnd.choices(WORDS, k=rnd.randint(6, 20))),
            url=f"https://example.org/{i}", created_at=NOW - timedelta(seconds=span * (1 - i / max(1, start + n))),
            lang=("fr", "en")[i % 2], matched=("Lemoine",)))
    return out


def build(path: Path, size: int, batch: int) -> None:
    rnd = random.Random(17)
    authors = max(10, size // 5)
    started = time.perf_counter()
    with open_store(path) as store:
        for start in range(0, size, batch):
            mentions = make(min(batch, size - start), start, rnd, authors)
            with store.transaction() as tx:
                insert_mentions(tx, mentions)
                labels, compounds = ("positive", "neutral", "negative"), (0.5, 0.0, -0.5)
                save_scores(tx, [ScoreRow(m.id, "bench/1", m.lang, compounds[j % 3], 0.3, 0.4, 0.3,
                                          labels[j % 3], compounds[j % 3])
                                 for j, m in enumerate(mentions) if j % 10])     # nine in ten scored
        ids = [r[0] for r in store._rows("SELECT id FROM authors")]
        classes = [("ambassador", "detractor", "neutral")[i % 3] for i in range(len(ids))]
        with store.transaction() as tx:
            replace_advocacy(tx, "author", {
                "subject_kind": ["author"] * len(ids), "subject_id": ids, "window_days": [90] * len(ids),
                "computed_at": [NOW] * len(ids), "class": classes,
                "confidence": [rnd.random() for _ in ids], "score": [rnd.uniform(-1, 1) for _ in ids],
                "mentions": [5] * len(ids), "reach": [rnd.randrange(10_000) for _ in ids]})
    took = time.perf_counter() - started
    print(f"built {size:,} mentions in {took:.0f} s through the store's writers, "
          f"file {path.stat().st_size / 1e6:,.0f} MB")


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def fresh(path: Path, call):
    with open_store(path, read_only=True) as store:
        return timed(lambda: call(store))


def coverage_before(db):
    row = db._rows("SELECT count(s.mention_id), count(*) FROM mentions m LEFT JOIN scores s ON s.mention_id = m.id")[0]
    return int(row[0]), int(row[1])


def reads(path: Path) -> None:
    print(f"\n{'read':<22} {'before':>10} {'now':>10}   answers")
    pairs = [
        ("scoring coverage", coverage_before, scoring_coverage),
        ("advocacy authors", lambda db: len(public_authors(db)),
         lambda db: (len(public_authors(db, 1000)), public_author_counts(db))),
    ]
    for name, before, now in pairs:
        b_ms, b = fresh(path, before)
        n_ms, n = fresh(path, now)
        if name == "scoring coverage":
            shown = "same" if n == b else f"DIFFERENT {b} vs {n}"
        else:
            shown = f"{b:,} rows before, {n[0]:,} rows now (of {sum(n[1].values()):,})"
        print(f"{name:<22} {b_ms:>8.0f}ms {n_ms:>8.0f}ms   {shown}")


def pages(path: Path) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    app = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
    folder = Path(tempfile.mkdtemp())
    (folder / "ambassade.toml").write_text(CONFIG, encoding="utf-8")
    os.environ["AMBASSADE_DB"] = str(path)
    os.environ["AMBASSADE_CONFIG"] = str(folder / "ambassade.toml")
    st.cache_data.clear()
    at = AppTest.from_file(app, default_timeout=600)
    at.session_state["lang"] = "fr"
    at.session_state["role"] = "comms"
    first, _ = timed(at.run)
    print(f"\nfirst load (entry script and default page, cold): {first:.0f} ms"
          + (f"  EXCEPTION {at.exception[0].value}" if at.exception else ""))
    print(f"{'page':<22} {'cold':>10} {'warm':>10}")
    for page in PAGES:
        st.cache_data.clear()
        at.switch_page(page)
        cold, _ = timed(at.run)
        warm, _ = timed(at.run)
        broken = f"  EXCEPTION {at.exception[0].value}" if at.exception else ""
        print(f"{page:<22} {cold:>8.0f}ms {warm:>8.0f}ms{broken}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "pages.duckdb"
    if not path.exists():
        build(path, args.size, args.batch)
    reads(path)
    pages(path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process (pages served in it): {peak:,.0f} MB")
    folder.cleanup()


if __name__ == "__main__":
    main()
