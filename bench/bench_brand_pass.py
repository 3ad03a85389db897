"""The store's scoring of one mention: whole text and brand sentences, two passes against one.

`ambassade score` (store form) scores each mention's whole text and, for the brand-aimed
figure, the sentences that name the brand. Most posts are one sentence: scored twice before,
once now (`score_brand(…, whole=…)`). In one process and one run, on N mixed posts (French
and English, one to three sentences, about 60 % one sentence), this prints texts/s and CPU
per 1,000 texts of: the plain vaderSentiment loop (whole text only, no language: the bare
library), the two passes (before) and the folded pass, both with language detected, text by
text; then a worker's task as the store form sends it (`scoring.store_pass.score_flat` on
chunks of CHUNK texts), which takes its chunk in passes: every language, then the texts
language by language.

    python bench/bench_brand_pass.py [--texts 20000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ambassade.text.terms import TermMatcher  # noqa: E402
from scoring.batch import CHUNK, resolve_lang, score_one, warm_up  # noqa: E402
from scoring.sentiment import score_brand, score_text  # noqa: E402
from scoring.store_pass import score_flat  # noqa: E402

CLAUSES = ["Maison Lemoine ne répond plus aux messages", "Toujours pas remboursé par Lemoine",
           "Still no refund from Lemoine", "Lemoine is GREAT!!! :)", "the bread at Lemoine was not good",
           "Il fait beau aujourd'hui à Lyon", "I love this city so much", "le flan de Lemoine est immonde",
           "Super accueil chez lemoine, merci", "What a terrible day at the shop", "Lemoine needs to explain"]


def texts(n: int, seed: int = 5) -> list[str]:
    rnd = random.Random(seed)
    return [". ".join(rnd.sample(CLAUSES, 1 if rnd.random() < 0.6 else rnd.randint(2, 3))) + f" #{i}"
            for i in range(n)]


def timed(fn, items) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for item in items:
        fn(item)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=20_000)
    args = parser.parse_args()
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    items = texts(args.texts)
    matcher = TermMatcher(["Lemoine", "Maison Lemoine"])
    languages = ("fr", "en")
    warm_up(languages)
    vader = SentimentIntensityAnalyzer()

    def two_passes(text):
        lang = resolve_lang(text, None, languages)
        score_text(text, lang)
        score_brand(text, lang, matcher)

    chunks = [[(text, None) for text in items[i:i + CHUNK]] for i in range(0, len(items), CHUNK)]
    runs = [("plain vaderSentiment loop", vader.polarity_scores, items),
            ("two passes (before)", two_passes, items),
            ("one pass, text by text", lambda text: score_one(text, None, languages, matcher), items),
            ("a worker's task (in passes)", lambda chunk: score_flat(chunk, languages, matcher), chunks)]
    print(f"{args.texts:,} mixed posts, one process")
    base = None
    for name, fn, inputs in runs:
        wall, cpu = timed(fn, inputs)
        rate = args.texts / wall
        base = base or rate
        print(f"{name:<28} {rate:>8,.0f} texts/s  {1000 * cpu / args.texts * 1000:>6.0f} ms CPU per 1,000 texts"
              f"  {rate / base:>5.2f}x the plain loop", flush=True)


if __name__ == "__main__":
    main()
