"""The store form of `score`: a pipeline that keeps the scoring workers busy.

Batches of unscored mentions are read by a keyset cursor. While the workers score the two
batches in flight, this process writes the first once it is back and reads the next, each in
a short transaction of its own; nothing else waits on the workers. Before, the pass read,
scored and wrote in turn: the cores sat idle during every read and write, this process while
they scored.

What travels to the workers is the distinct (text, lang) pairs not scored earlier in the pass
(retweets and copies of one post across batches are scored once), and what comes back is flat
tuples, not objects: less to pickle each way.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scoring.sentiment import SCORER

if TYPE_CHECKING:
    from ambassade.text.terms import TermMatcher
    from store.connect import Store
    from store.state import ShortLivedStore

# One scored text as it comes back from a worker: lang, compound, pos, neu, neg, label, brand.
Flat = tuple[str | None, float, float, float, float, str, float | None]
Key = tuple[str, str | None]          # (text, stored lang): equal keys get equal scores

RECENT_MAX = 50_000   # distinct texts remembered from earlier batches (a few batches' worth)
# The workers run below this process's priority: on a busy machine the transactions this
# process holds (the file locked for the dashboard) get the CPU first and stay short, and the
# workers take every cycle left.
WORKER_NICE = 5


def _worker_start(parent: int) -> None:
    from scoring.batch import die_with_parent

    die_with_parent(parent)
    try:
        os.nice(WORKER_NICE)
    except OSError:
        pass   # not allowed here: the workers run at the same priority, nothing else changes


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """The pass's pool: fresh ("spawn") processes, never forks of the process holding DuckDB's
    connection and threads, killed with it, at a lower priority than it."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_start, initargs=(os.getpid(),))


def score_flat(items: list[Key], languages: tuple[str, ...], matcher: TermMatcher | None) -> list[Flat]:
    """Worker task: `score_one` of each (text, lang), as flat tuples."""
    from scoring.batch import score_one

    out: list[Flat] = []
    for text, lang in items:
        lang, s, brand = score_one(text, lang, languages, matcher)
        out.append((lang, s.compound, s.pos, s.neu, s.neg, s.label, brand))
    return out


@dataclass
class Batch:
    """One batch read from the store and the scoring of its texts, in flight or done."""

    ids: list[str]
    keys: list[Key]
    after: tuple[object, str]                      # the cursor past its last row
    todo: list[Key] = field(default_factory=list)  # distinct keys sent to be scored
    parts: list[Future | list[Flat]] = field(default_factory=list)
    reused: dict[Key, Flat] = field(default_factory=dict)   # scored in an earlier batch


class Recent:
    """Scores of the distinct texts of the last batches, oldest forgotten first (bounded)."""

    def __init__(self, limit: int = RECENT_MAX) -> None:
        self.limit = limit
        self.scores: dict[Key, Flat] = {}

    def add(self, keys: Sequence[Key], scored: Sequence[Flat]) -> None:
        self.scores.update(zip(keys, scored))
        excess = len(self.scores) - self.limit
        if excess > 0:
            for key in list(self.scores)[:excess]:   # dicts keep insertion order: oldest first
                del self.scores[key]


def read_batch(db: Store, after: tuple[object, str] | None, limit: int) -> Batch | None:
    """The next batch after the cursor (in the caller's transaction); None when none is left."""
    from store.mentions import unscored_texts

    table = unscored_texts(db, SCORER, after, limit)
    if not table.num_rows:
        return None
    ids = table.column("id").to_pylist()
    texts = [text or "" for text in table.column("text").to_pylist()]
    keys = list(zip(texts, table.column("lang").to_pylist()))
    return Batch(ids, keys, (table.column("created_at")[-1].as_py(), ids[-1]))


def submit(batch: Batch, languages: tuple[str, ...], matcher: TermMatcher, recent: Recent,
           in_flight: set[Key], pool: ProcessPoolExecutor | None, chunk: int) -> None:
    """Send the batch's new distinct texts to the pool (or score them here when there is none).

    Texts scored in an earlier batch, or sent with the batch still in flight, are not sent."""
    known = recent.scores
    batch.todo = []
    for key in dict.fromkeys(batch.keys):
        if key in known:
            batch.reused[key] = known[key]
        elif key not in in_flight:
            batch.todo.append(key)
    if pool is None:
        batch.parts = [score_flat(batch.todo, languages, matcher)]
        return
    batch.parts = [pool.submit(score_flat, batch.todo[i:i + chunk], languages, matcher)
                   for i in range(0, len(batch.todo), chunk)]


def collect(batch: Batch, recent: Recent) -> list[Flat]:
    """The batch's scores in row order, once its texts are back (waits for the workers).

    A text it shares with the batch before it was scored with that one, collected first:
    the newest in `recent`, so still there."""
    scored: list[Flat] = []
    for part in batch.parts:
        scored.extend(part.result() if isinstance(part, Future) else part)
    own = dict(zip(batch.todo, scored))
    own.update(batch.reused)
    recent.add(batch.todo, scored)
    known = recent.scores
    return [own[key] if key in own else known[key] for key in batch.keys]


def write_batch(db: Store, batch: Batch, scored: Sequence[Flat]) -> None:
    """Save the batch's scores (in the caller's transaction)."""
    from store.mentions import ScoreRow, save_scores

    save_scores(db, [ScoreRow(mention_id, SCORER, lang, compound, pos, neu, neg, label, brand)
                     for mention_id, (lang, compound, pos, neu, neg, label, brand) in zip(batch.ids, scored)])


def run(
    store: Store | ShortLivedStore,
    matcher: TermMatcher,
    languages: tuple[str, ...],
    start_pool: Callable[[], ProcessPoolExecutor] | None,
    batch_size: int,
    chunk: int,
    parallel_min: int,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Score every mention with no score by SCORER; returns how many were scored.

    `start_pool` starts the worker pool (None: score in this process). It is started once,
    at the first batch with at least `parallel_min` distinct texts, for the whole pass.
    """
    total = 0
    recent = Recent(max(RECENT_MAX, 2 * batch_size))
    with ExitStack() as stack:
        pool: ProcessPoolExecutor | None = None

        def send(batch: Batch, in_flight: set[Key]) -> None:
            nonlocal pool
            if pool is None and start_pool is not None and len(set(batch.keys)) >= parallel_min:
                pool = start_pool()
                # On a failed write or an interrupt, the batches still queued are dropped, not
                # scored for nobody (what was written stays; the next pass does the rest).
                stack.callback(pool.shutdown, wait=True, cancel_futures=True)
            submit(batch, languages, matcher, recent, in_flight, pool, chunk)

        # Two batches in flight: while the workers score `current` and then `upcoming`, this
        # process writes `current` and reads the batch after `upcoming`, each in a short
        # transaction of its own. One transaction for both was measured: one open of the file
        # fewer per batch, but at 1M mentions the holds added up (read 0.7-1 s: its anti-join
        # with `scores` grows with the table; write 0.4-0.7 s), to 4.5 s under load.
        with store.transaction() as db:
            current = read_batch(db, None, batch_size)
        upcoming = None
        if current is not None:
            with store.transaction() as db:
                upcoming = read_batch(db, current.after, batch_size)
        if current is not None:
            send(current, set())
        if upcoming is not None:
            send(upcoming, set(current.todo))
        while current is not None:
            scored = collect(current, recent)
            with store.transaction() as db:
                write_batch(db, current, scored)
            following = None
            if upcoming is not None:
                with store.transaction() as db:
                    following = read_batch(db, upcoming.after, batch_size)
            if following is not None:
                send(following, set(upcoming.todo))
            total += len(current.ids)
            if progress:
                progress(f"scored {total} mentions ({SCORER})")
            current, upcoming = upcoming, following
    return total
