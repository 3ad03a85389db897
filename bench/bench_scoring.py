"""Texts per second of `ambassade score --jsonl` against a plain single-process vaderSentiment loop.

60,000 distinct short English posts (seeded, built from VADER's lexicon and common words, with
negations, boosters, caps, emoji and punctuation). The baseline builds vaderSentiment's analyzer
once and loops over the texts in one process (the naive way, without JSON or process start).
`ambassade score --jsonl` is timed end to end as a subprocess: start-up, JSON in and out, and
language detection when no "lang" is given. A last run adds French posts (detected).

The machine may be shared: each figure is the best of --repeat runs, taken in turns.

    python bench/bench_scoring.py [--texts 60000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

WORDS = ("the service was food staff store order delivery app price today this my our new team "
         "people shop coffee bread morning week customer support line queue website").split()
SENTIMENT = ("good great love excellent amazing happy nice awesome best fun bad awful hate terrible "
             "worst sad angry slow rude broken disappointed annoying lol wow meh").split()
MODIFIERS = "very really so not never extremely barely kinda isn't don't but".split()
EXTRAS = ["!", "!!!", "?", ":)", ":(", "😀", "😡", "👍", "#fail", "@brand", "http://t.co/x1"]
FRENCH = ("le service était vraiment top trop bien nul pas génial j'adore déçu la livraison "
          "mais merci bravo jamais plus boulangerie accueil super pain croissant").split()


def make_texts(n: int, seed: int = 42, french_share: float = 0.0) -> list[str]:
    rng = random.Random(seed)
    texts, seen = [], set()
    while len(texts) < n:
        pool = FRENCH if rng.random() < french_share else None
        length = rng.randint(5, 22)
        words = []
        for _ in range(length):
            r = rng.random()
            if pool:
                words.append(rng.choice(pool))
            elif r < 0.55:
                words.append(rng.choice(WORDS))
            elif r < 0.8:
                w = rng.choice(SENTIMENT)
                words.append(w.upper() if rng.random() < 0.08 else w)
            elif r < 0.93:
                words.append(rng.choice(MODIFIERS))
            else:
                words.append(rng.choice(EXTRAS))
        text = " ".join(words) + f" #{len(texts)}"  # distinct: no dedupe advantage
        if text not in seen:
            seen.add(text)
            texts.append(text)
    return texts


def baseline(texts: list[str]) -> tuple[float, int, float]:
    """(wall seconds, texts, CPU seconds) of the naive loop."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    start, cpu = time.perf_counter(), time.process_time()
    analyzer = SentimentIntensityAnalyzer()
    for text in texts:
        analyzer.polarity_scores(text)
    return time.perf_counter() - start, len(texts), time.process_time() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command(payload: bytes, workers: int | None) -> tuple[float, int, float]:
    """(wall seconds, lines out, CPU seconds of the command and its workers)."""
    args = [sys.executable, "-c", "from ambassade.cli import main; main()", "score", "--jsonl"]
    if workers:
        args += ["--workers", str(workers)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("AMBASSADE_CONFIG", None)
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(args, input=payload, capture_output=True, env=env, cwd=REPO / "bench")
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(done.stderr.decode()[-500:])
    return elapsed, done.stdout.count(b"\n"), _children_cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = make_texts(args.texts)
    with_lang = "".join(json.dumps({"id": i, "text": t, "lang": "en"}) + "\n" for i, t in enumerate(texts)).encode()
    detect = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)).encode()
    mixed = make_texts(args.texts, seed=7, french_share=0.5)
    mixed_payload = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(mixed)).encode()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{args.texts} short texts, {cores} core(s) available, load average {os.getloadavg()[0]:.1f} "
          "(other processes on the same cores lower the wall-clock figures)")
    runs = [
        ('score --jsonl --workers 1, "lang":"en" given', with_lang, 1),
        ('score --jsonl, all cores, "lang":"en" given', with_lang, None),
        ("score --jsonl, all cores, language detected", detect, None),
        ("score --jsonl, all cores, half French, detected", mixed_payload, None),
    ]
    best: dict[str, tuple[float, int, float]] = {}
    for _ in range(args.repeat):
        label = "vaderSentiment loop, 1 process (baseline)"
        result = baseline(texts)
        best[label] = min(best.get(label, result), result)
        for label, payload, workers in runs:
            result = command(payload, workers)
            best[label] = min(best.get(label, result), result)
    base, _, base_cpu = best["vaderSentiment loop, 1 process (baseline)"]
    print(f"  {'':<50}{'wall clock':>22}{'CPU per 1000 texts':>26}")
    for label, (elapsed, count, cpu) in best.items():
        print(f"  {label:<50}{count / elapsed:>8.0f} texts/s {base / elapsed:>5.2f}x"
              f"{1000 * cpu / count:>12.3f} s {base_cpu / cpu:>6.2f}x less")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
