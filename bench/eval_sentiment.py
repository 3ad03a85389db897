"""Evaluate Ambassade's sentiment scorers against human judgements, next to the usual packages.

Complaint rules (scoring/complaints.py): each set is scored again with the demand and
question rules applied as if each text were aimed at its subject, printed before/after.
Corrections: with --db PATH, the agreement of the scorer's stored brand-targeted label with the
team's corrections (`ambassade correct`).

English: Pearson r of the compound score against the mean human rating of Hutto & Gilbert's four
corpora (tweets, movie reviews, Amazon reviews, NYT editorials), for Ambassade (FastVader) and
plain vaderSentiment in the same run. The corpora ship inside vaderSentiment's source archive
(additional_resources/hutto_ICWSM_2014.tar.gz); pass --hutto PATH, or the script fetches that
archive once with `pip download` into ~/.cache/ambassade-bench.

French: accuracy and macro-F1 (negative / neutral / positive, VADER's ±0.05 thresholds for every
VADER-style scorer) on the DEFT 2017 tweets of ../shared/data/fr-tweets-deft2017 (or --deft DIR),
for Ambassade's French scorer, vaderSentiment-fr, textblob-fr (polarity, same thresholds) and
English VADER, when installed (`pip install -e '.[eval]'`). The evaluation data is read in
place, never copied, never used to tune anything.

    python bench/eval_sentiment.py [--hutto PATH] [--deft DIR] [--db PATH]
"""

from __future__ import annotations

import argparse
import io
import math
import subprocess
import sys
import tarfile
import warnings
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CORPORA = ["tweets", "movieReviewSnippets", "amazonReviewSnippets", "nytEditorialSnippets"]
CACHE = Path.home() / ".cache" / "ambassade-bench"
DEFT_DEFAULT = REPO.parent / "shared" / "data" / "fr-tweets-deft2017"


def pearson(xs: list[float], ys: list[float]) -> float:
    """Pearson correlation coefficient."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def hutto_archive(explicit: str | None) -> Path | None:
    """The corpora archive: the given path, a cached copy, or fetched once with pip download."""
    if explicit:
        return Path(explicit)
    for candidate in (REPO.parent / "shared" / "data" / "hutto_ICWSM_2014.tar.gz",
                      CACHE / "hutto_ICWSM_2014.tar.gz"):
        if candidate.exists():
            return candidate
    CACHE.mkdir(parents=True, exist_ok=True)
    print("fetching vaderSentiment 3.3.2's source archive once with pip download ...", file=sys.stderr)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
         "vaderSentiment==3.3.2", "-d", str(CACHE)], capture_output=True, text=True)
    sdist = CACHE / "vaderSentiment-3.3.2.tar.gz"
    if done.returncode != 0 or not sdist.exists():
        print(f"could not fetch it ({done.stderr.strip()[:200]}); pass --hutto PATH", file=sys.stderr)
        return None
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("hutto_ICWSM_2014.tar.gz"))
        (CACHE / "hutto_ICWSM_2014.tar.gz").write_bytes(tar.extractfile(member).read())
    return CACHE / "hutto_ICWSM_2014.tar.gz"


def read_hutto(path: Path) -> dict[str, list[tuple[float, str]]]:
    """{corpus: [(mean human rating, text)]} from the archive or a folder."""
    def read(name: str) -> str:
        """One corpus file's text, from the archive or the folder."""
        if path.is_dir():
            return (path / f"{name}_GroundTruth.txt").read_text("utf-8", "replace")
        with tarfile.open(path) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith(f"{name}_GroundTruth.txt"))
            return io.TextIOWrapper(tar.extractfile(member), "utf-8", "replace").read()

    out = {}
    for name in CORPORA:
        rows = []
        for line in read(name).splitlines():
            parts = line.split("\t")
            if len(parts) >= 3:
                rows.append((float(parts[1]), parts[2]))
        out[name] = rows
    return out


def english(path: Path) -> None:
    """Print Pearson r per corpus for FastVader and vaderSentiment."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from scoring.english import FastVader

    plain, fast = SentimentIntensityAnalyzer(), FastVader()
    print("English: Pearson r, compound vs mean human rating (Hutto & Gilbert 2014)")
    print(f"  {'corpus':<22}{'texts':>7}{'Ambassade':>11}{'vaderSentiment':>16}{'identical':>11}")
    for name, rows in read_hutto(path).items():
        truth = [r for r, _ in rows]
        ours = [fast.polarity_scores(t)["compound"] for _, t in rows]
        theirs = [plain.polarity_scores(t)["compound"] for _, t in rows]
        same = sum(a == b for a, b in zip(ours, theirs))
        print(f"  {name:<22}{len(rows):>7}{pearson(ours, truth):>11.3f}{pearson(theirs, truth):>16.3f}"
              f"{same:>7}/{len(rows)}")
    print("English: complaint rules, Pearson r before -> after (texts the rules change)")
    for name, rows in read_hutto(path).items():
        truth = [r for r, _ in rows]
        before = [fast.polarity_scores(t)["compound"] for _, t in rows]
        after = [with_complaint_rules(t, c, lambda x: fast.polarity_scores(x)["compound"])
                 for (_, t), c in zip(rows, before)]
        changed = sum(a != b for a, b in zip(before, after))
        print(f"  {name:<22}{pearson(before, truth):>8.3f} -> {pearson(after, truth):.3f}  ({changed} changed)")


def label(compound: float) -> int:
    """0/1/2 (negative/neutral/positive) by VADER's ±0.05 thresholds."""
    return 2 if compound >= 0.05 else 0 if compound <= -0.05 else 1


def metrics(pred: list[int], gold: list[int]) -> tuple[float, float]:
    """(accuracy, macro-F1) over the three classes."""
    accuracy = sum(p == g for p, g in zip(pred, gold)) / len(gold)
    f1s = []
    for c in (0, 1, 2):
        tp = sum(p == c and g == c for p, g in zip(pred, gold))
        fp = sum(p == c and g != c for p, g in zip(pred, gold))
        fn = sum(p != c and g == c for p, g in zip(pred, gold))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return accuracy, sum(f1s) / 3


def french_scorers() -> dict[str, Callable[[str], float] | str]:
    """Name -> scorer, or why it is missing."""
    from scoring.french import polarity_scores

    scorers: dict[str, Callable[[str], float] | str] = {
        "Ambassade French": lambda t: polarity_scores(t)["compound"]}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from vaderSentiment_fr.vaderSentiment import SentimentIntensityAnalyzer as VaderFr
        vader_fr = VaderFr()
        scorers["vaderSentiment-fr 1.3.4"] = lambda t: vader_fr.polarity_scores(t)["compound"]
    except ImportError:
        scorers["vaderSentiment-fr 1.3.4"] = "not installed (pip install -e '.[eval]')"
    try:
        from textblob import Blobber
        from textblob_fr import PatternAnalyzer, PatternTagger

        blob = Blobber(pos_tagger=PatternTagger(), analyzer=PatternAnalyzer())
        scorers["textblob-fr 0.2.0"] = lambda t: blob(t).sentiment[0]
    except ImportError:
        scorers["textblob-fr 0.2.0"] = "not installed (pip install -e '.[eval]')"
    from scoring.english import polarity_scores as english_scores

    scorers["VADER (English) on French"] = lambda t: english_scores(t)["compound"]
    return scorers


def french(folder: Path) -> None:
    """Print accuracy and macro-F1 of each French scorer on the DEFT tweets."""
    texts = (folder / "val_text.txt").read_text("utf-8").splitlines()
    gold = [int(x) for x in (folder / "val_labels.txt").read_text("utf-8").split()]
    print(f"French: DEFT 2017 tweets ({len(gold)}, labels 0/1/2 = neg/neu/pos), chance macro-F1 0.33")
    print(f"  {'scorer':<28}{'accuracy':>10}{'macro-F1':>10}")
    for name, scorer in french_scorers().items():
        if isinstance(scorer, str):
            print(f"  {name:<28}{scorer}")
            continue
        pred = [label(scorer(t)) for t in texts]
        accuracy, macro_f1 = metrics(pred, gold)
        print(f"  {name:<28}{accuracy:>10.3f}{macro_f1:>10.3f}")
    from scoring.french import polarity_scores

    before = [polarity_scores(t)["compound"] for t in texts]
    after = [with_complaint_rules(t, c, lambda x: polarity_scores(x)["compound"]) for t, c in zip(texts, before)]
    (acc0, f0), (acc1, f1) = metrics([label(c) for c in before], gold), metrics([label(c) for c in after], gold)
    changed = sum(a != b for a, b in zip(before, after))
    print(f"  complaint rules, Ambassade French: accuracy {acc0:.3f} -> {acc1:.3f}, "
          f"macro-F1 {f0:.3f} -> {f1:.3f} ({changed} texts changed)")


def with_complaint_rules(text: str, compound: float, score: Callable[[str], float]) -> float:
    """`compound` with scoring/complaints.py's rules, the whole text taken as aimed at its subject."""
    from scoring.complaints import aimed
    from scoring.sentiment import sentences

    parts = sentences(text) or [text]
    return aimed(compound, parts, list(range(len(parts))), score)


def corrections(db: Path) -> None:
    """Agreement of the scorer's stored brand-targeted labels with the team's corrections."""
    from scoring.sentiment import label_of
    from store.connect import read_only
    from store.corrections import agreement_rows

    with read_only(db) as store:
        rows = agreement_rows(store)
    scored = [(truth, label_of(c)) for _, _, _, truth, c in rows if c is not None]
    print(f"Corrections: {len(rows)} mentions corrected by the team, {len(scored)} scored")
    if not scored:
        return
    agree = sum(t == p for t, p in scored)
    print(f"  scorer agrees with the correction on {agree}/{len(scored)} ({agree / len(scored):.0%})")
    for truth in ("negative", "neutral", "positive"):
        row = [sum(t == truth and p == pred for t, p in scored) for pred in ("negative", "neutral", "positive")]
        print(f"  corrected {truth:<9} scored negative/neutral/positive: {row[0]}/{row[1]}/{row[2]}")


def main() -> int:
    """Run both evaluations."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hutto", help="hutto_ICWSM_2014.tar.gz or its extracted folder")
    parser.add_argument("--deft", default=str(DEFT_DEFAULT), help="folder with val_text.txt and val_labels.txt")
    parser.add_argument("--db", help="a database with the team's corrections (ambassade correct)")
    args = parser.parse_args()
    if args.db:
        corrections(Path(args.db))
    archive = hutto_archive(args.hutto)
    if archive is not None:
        english(archive)
    deft = Path(args.deft)
    if (deft / "val_text.txt").exists():
        french(deft)
    else:
        print(f"French: {deft} not found; pass --deft DIR", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
