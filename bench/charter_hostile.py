"""Time the charter checker on 100 kB hostile shapes (regex worst cases): every one should stay linear.

Run: .venv/bin/python bench/charter_hostile.py
"""

from __future__ import annotations

import time

from charter import Checker

SHAPES = {
    "letters": "a" * 100_000, "digits": "0" * 100_000, "at-signs": "@" * 100_000, "a@": "a@" * 50_000,
    "a.": "a." * 50_000, "street": "1 rue " * 16_667, "plus-digits": "+0 " * 33_334,
    "accents": "é" * 100_000, "hashes": "#" * 100_000, "hearsay": "il paraît que " * 7_143,
    "spaces": " " * 100_000, "newlines": "\n" * 100_000, "mail-like": "a.b-c_" * 16_666 + "@",
    "iban-like": "FR76 " + "1234 " * 20_000, "card-like": "4111 " * 20_000, "emoji": "🥐" * 100_000,
    "gap-term": "you're " * 14_286, "mixed": "Привет 你好 مرحبا <b>x</b> \x00 " * 3_334,
    "dash-digits": "-1 " * 33_334, "quotes": "'" * 100_000, "brand-promo": "Lemoine promo " * 7_143,
}


def main() -> None:
    checker = Checker(brand_name="Maison Lemoine", brand_terms=["Lemoine"],
                      confidential_terms=["Projet Brioche"])
    print(f"{'shape (100 kB)':<16} {'ms':>6} findings")
    for name, text in SHAPES.items():
        text = text[:100_000]
        started = time.perf_counter()
        result = checker.check(text)
        print(f"{name:<16} {(time.perf_counter() - started) * 1000:>6.0f} {len(result.findings)}")


if __name__ == "__main__":
    main()
