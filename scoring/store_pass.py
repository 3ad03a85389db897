"""The store form of `score`: a pipeline that keeps the scoring workers busy.

The keys of the unscored mentions are found by a keyset cursor, ten batches' worth per query
(store.mentions.unscored_keys), and each batch's texts are read by id. While the workers
score the two batches in flight, this process writes the first once it is back and reads the
next, in one short transaction; nothing else waits on the workers. Before, the pass read,
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
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING

from scoring.sentiment import SCORER

if TYPE_CHECKING:
    import pyarrow as pa

    from ambassade.text.terms import TermMatcher
    from store.connect import Store
    from store.state import ShortLivedStore

# One scored text as it comes back from a worker: lang, compound, pos, neu, neg, label, brand.
Flat = tuple[str | None, float, float, float, float, str, float | None]
Key = tuple[str, str | None]          # (text, stored lang): equal keys get equal scores

RECENT_MAX = 50_000   # distinct texts remembered from earlier batches (a few batches' worth)
KEYS_AHEAD = 10       # batches' keys found per anti-join with the scores
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


def worker_pool(workers: int, languages: tuple[str, ...] | None = None) -> ProcessPoolExecutor:
    """The pass's pool: fresh ("spawn") processes, never forks of the process holding DuckDB's
    connection and threads, killed with it, at a lower priority than it.

    Given `languages`, the workers start now and build their analyzers and language model
    while this process reads the first batches (a worker's start is about 0.4 s), rather
    than when the first texts arrive."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_start, initargs=(os.getpid(),))
    if languages is not None:
        from scoring.batch import warm_up

        # The executor starts a process for each task submitted while none is idle.
        for _ in range(workers):
            pool.submit(warm_up, languages)
    return pool


def score_flat(items: list[Key], languages: tuple[str, ...], matcher: TermMatcher | None) -> list[Flat]:
    """Worker task: `score_one` of each (text, lang), as flat tuples.

    Taken in passes (`scoring.batch.by_language`): every language first, then the texts
    language by language, sentiment then brand. The same calls as `score_one`, in another
    order: the same figures."""
    from scoring.batch import by_language
    from scoring.sentiment import score_brand, score_text

    scored: dict[Key, Flat] = {}
    for lang, keys in by_language(items, languages).items():
        sentiments = [score_text(text, lang) for text, _ in keys]
        brands = ([score_brand(text, lang, matcher, whole=s) for (text, _), s in zip(keys, sentiments)]
                  if matcher is not None else [None] * len(keys))
        for key, s, brand in zip(keys, sentiments, brands):
            scored[key] = (lang, s.compound, s.pos, s.neu, s.neg, s.label, brand)
    return [scored[key] for key in items]


@dataclass
class Batch:
    """One batch read from the store and the scoring of its texts, in flight or done."""

    ids: pa.ChunkedArray
    keys: list[Key]
    span: tuple[datetime, datetime]                # its mentions' earliest and latest created_at
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
            for key in list(islice(self.scores, excess)):   # dicts keep insertion order: oldest first
                del self.scores[key]


class Keys:
    """The keys (id, created_at) of the unscored mentions ahead, fetched `ahead` at a time."""

    def __init__(self, ahead: int) -> None:
        self.ahead = ahead
        self.queued: pa.Table | None = None
        self.after: tuple[object, str] | None = None    # the cursor past the last key fetched
        self.done = False

    def need(self, rows: int) -> bool:
        """Whether fewer than `rows` keys are queued and more may be found."""
        return not self.done and (self.queued is None or self.queued.num_rows < rows)

    def fetch(self, db: Store) -> None:
        """Queue the next keys after the cursor (in the caller's transaction)."""
        import pyarrow as pa   # here, not at the top: the workers import this module, never Arrow

        from store.mentions import unscored_keys

        found = unscored_keys(db, SCORER, self.after, self.ahead)
        self.done = found.num_rows < self.ahead
        if found.num_rows:
            self.after = (found.column("created_at")[-1].as_py(), found.column("id")[-1].as_py())
            self.queued = found if self.queued is None else pa.concat_tables([self.queued, found])

    def take(self, rows: int) -> pa.Table | None:
        """The next `rows` keys queued, or None when none is left."""
        if self.queued is None or not self.queued.num_rows:
            return None
        taken, self.queued = self.queued.slice(0, rows), self.queued.slice(rows)
        return taken


def read_batch(db: Store, keys: pa.Table | None) -> Batch | None:
    """The texts of these keys (in the caller's transaction); None when there are none."""
    from store.mentions import mention_texts

    if keys is None:
        return None
    table = mention_texts(db, keys)
    created = keys.column("created_at")
    span = (created[0].as_py(), created[-1].as_py())
    texts = [text or "" for text in table.column("text").to_pylist()]
    return Batch(table.column("id"), list(zip(texts, table.column("lang").to_pylist())), span)


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
    """Save the batch's scores (in the caller's transaction), column by column."""
    from store.mentions import SCORE_COLUMNS, save_score_columns

    columns = dict(zip(SCORE_COLUMNS, zip(*scored))) if scored else {name: [] for name in SCORE_COLUMNS}
    save_score_columns(db, batch.ids, SCORER, columns, batch.span)


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

    `start_pool` starts the worker pool (None: score in this process). It is started once
    for the whole pass: as soon as the first keys found number `parallel_min`, else at the
    first batch with at least `parallel_min` distinct texts.
    """
    total = 0
    recent = Recent(max(RECENT_MAX, 2 * batch_size))
    keys = Keys(KEYS_AHEAD * batch_size)
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

        def upcoming_keys() -> pa.Table | None:
            # The keys' anti-join in a transaction of its own, once per KEYS_AHEAD batches:
            # the write and read of a batch stay short.
            if keys.need(batch_size):
                with store.transaction() as db:
                    keys.fetch(db)
            return keys.take(batch_size)

        # Two batches in flight: while the workers score `current` and then `upcoming`, this
        # process writes `current` and reads the batch after `upcoming`, in one short
        # transaction (the write about 0.3 s, the read of texts by id 0.03 s at 500k mentions;
        # the read's anti-join, which grew with the table, is in `upcoming_keys`).
        first = upcoming_keys()
        if first is None:
            return 0
        if start_pool is not None and first.num_rows >= parallel_min:
            # At most as many distinct texts as keys: the workers start while the texts are read.
            pool = start_pool()
            stack.callback(pool.shutdown, wait=True, cancel_futures=True)
        second = upcoming_keys()
        with store.transaction() as db:
            current, upcoming = read_batch(db, first), read_batch(db, second)
        if current is not None:
            send(current, set())
        if upcoming is not None:
            send(upcoming, set(current.todo))
        while current is not None:
            scored = collect(current, recent)
            next_keys = upcoming_keys() if upcoming is not None else None
            with store.transaction() as db:
                write_batch(db, current, scored)
                following = read_batch(db, next_keys)
            if following is not None:
                send(following, set(upcoming.todo))
            total += len(current.ids)
            if progress:
                progress(f"scored {total} mentions ({SCORER})")
            current, upcoming = upcoming, following
    return total
