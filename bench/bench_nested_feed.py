"""A deeply nested feed: the depth check before feedparser vs feedparser alone.

    .venv/bin/python bench/bench_nested_feed.py [NESTED]

Prints the seconds and peak memory of `collectors.rss.check_depth` on a feed with NESTED
nested elements (default 1.6M, about 11 MB like the issue's), well-formed and broken, and of
feedparser on a tenth of it (the whole one takes it about 79 s and 892 MB).
"""

from __future__ import annotations

import sys
import time
import tracemalloc

import feedparser

from ambassade.errors import BadPayload
from collectors.rss import check_depth


def nested(depth: int, broken: bool = False) -> bytes:
    head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title>'
    if broken:
        head += b"<oops & not XML>"
    return (head + b"<item><title>t</title><description>" + b"<a>" * depth
            + b"</a>" * depth + b"</description></item></channel></rss>")


def measure(what: str, run) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{what:<48} {seconds:8.3f} s  {peak / 1e6:8.1f} MB peak (Python heap)")


def refused(body: bytes) -> None:
    try:
        check_depth(body, "bench")
    except BadPayload:
        return
    raise AssertionError("not refused")


def main() -> None:
    depth = int(sys.argv[1]) if len(sys.argv) > 1 else 1_600_000
    body = nested(depth)
    print(f"{depth:,} nested elements, {len(body) / 1e6:.1f} MB")
    measure("check_depth, well-formed (refused)", lambda: refused(body))
    measure("check_depth, broken (refused by the scan)", lambda: refused(nested(depth, True)))
    small = nested(depth // 10)
    measure(f"feedparser alone on {depth // 10:,} nested", lambda: feedparser.parse(small))


if __name__ == "__main__":
    main()
