"""The mention explorer's search: DuckDB's word index (migrations 0017, 0023), PostgreSQL's full-text search (0024).

`mention_tokens` holds one row per distinct folded word of a mention's author and text, with
the mention's time, source and the static half of the brand rule (migration 0023). Kept sorted
by (token, created_at DESC), DuckDB's per-row-group min/max statistics let a word or prefix
lookup read the row groups of that word only, and a search's count and newest ids come from
the index alone: no join over all mentions (bench/bench_search.py). Ingest appends each batch
sorted; purge re-sorts the whole table, since many small collector pages interleave in a row
group.

Ingest does not fill the index itself (issue 17: the fill cost more than the insert): it
queues each new mention in `mention_tokens_pending` (migration 0026: one narrow row with what
a search of it reads), and `index_pending` moves the queue into the index in big sorted
batches, one short transaction each. The scoring
job, `ambassade score`, the end of `ambassade collect`, the demo build and `store copy` run it;
when nothing does, ingest folds the queue in itself past PENDING_MAX mentions, so the tail
stays bounded. A search reads the index and searches the queued mentions directly, by the same
rule (`search_tokens`, prefixes, brand rule, window, sources): a mention is found as soon as it
is stored, in the index or in the queue, never both.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from store.connect import Store

FEW_ROWS = 1_000               # a search word with no more index rows drives its search cheaply enough
MAX_WORDS = 10                 # words of one search that count (a pasted paragraph is not a search)
_TOP = "\U0010ffff"            # above every character: [w, w + _TOP) holds every word starting with w
_ORDER = "ORDER BY token, created_at DESC"


# Queued mentions past which ingest folds FOLD_ROWS of them into the index itself, in the
# page's transaction: the tail a search reads directly stays bounded when no index pass runs
# (measured with bench/bench_ingest.py and bench/bench_search.py: README "Ingest speed").
PENDING_MAX = 100_000
FOLD_ROWS = 25_000            # mentions moved per transaction (under a second on the 2-core machine)
# A search word starts one of a mention's indexed words exactly when, in the folded text the
# words are split from, it starts a run of letters and digits: at the start, or after anything
# else (the split's separator). Words of a search are letters and digits only; \Q…\E all the same.
_WORD_START = r"(^|[^\p{L}\p{N}])\Q"
_NOT_IRRELEVANT = " mention_id NOT IN (SELECT mention_id FROM latest_corrections WHERE irrelevant)"
_ABOUT_BRAND = "(len(matched) > 0 OR len(coalesce(competitors, []::VARCHAR[])) = 0)"


def queue_batch(db: Store, registered: str) -> None:
    """Queue the new mentions of the registered Arrow table `registered` (id, collected_at, …)
    for the index, in the caller's transaction; past PENDING_MAX queued, fold FOLD_ROWS in."""
    if db.engine == "postgres":
        return
    db._rows("INSERT INTO mention_tokens_pending (mention_id, created_at, source, about_brand, folded, collected_at) "
             f"SELECT id, created_at, source, {_ABOUT_BRAND}, strip_accents(lower(coalesce(author, '') || ' ' || text)), "
             f"collected_at FROM {registered}")
    [(queued,)] = db._rows("SELECT count(*) FROM mention_tokens_pending")
    if queued > PENDING_MAX:
        fold_queue(db, FOLD_ROWS)


def fold_queue(db: Store, limit: int = FOLD_ROWS) -> int:
    """Move up to `limit` queued mentions into the index, in the caller's transaction; returns
    how many left the queue (a queued id whose mention is gone leaves it with no index row)."""
    if db.engine == "postgres":
        return 0
    queued = db._arrow("SELECT mention_id, collected_at FROM mention_tokens_pending LIMIT ?", [int(limit)])
    if not queued.num_rows:
        return 0
    since = min(queued.column("collected_at").to_pylist())
    with db._registered("_queued", queued):
        rows = db._arrow("SELECT m.id, m.author, m.text, m.created_at, m.source, m.matched, m.competitors "
                         "FROM mentions m WHERE m.collected_at >= ? "
                         "AND m.id IN (SELECT mention_id FROM _queued)", [since])
        with db._registered("_queued_rows", rows):
            index_batch(db, "_queued_rows")
        db._rows("DELETE FROM mention_tokens_pending WHERE mention_id IN (SELECT mention_id FROM _queued)")
    return queued.num_rows


def index_pending(store, limit: int | None = None, chunk: int = FOLD_ROWS) -> int:
    """The index pass: move queued mentions (all, or about `limit`) into the index, `chunk` a
    transaction of `store` (a Store or a ShortLivedStore: anything with `transaction()`), so
    that no pass holds the file for long. Returns how many mentions it moved."""
    moved = 0
    while limit is None or moved < limit:
        with store.transaction() as db:
            done = fold_queue(db, chunk if limit is None else min(chunk, limit - moved))
        moved += done
        if done < chunk:
            return moved
    return moved


def pending_count(db: Store) -> int:
    """How many stored mentions wait for the index pass."""
    return int(db._rows("SELECT count(*) FROM mention_tokens_pending")[0][0])


def index_batch(db: Store, registered: str) -> None:
    """Index the mentions of the registered Arrow table `registered` (id, author, text,
    created_at, source, matched, competitors): one set-wise INSERT … SELECT, no Python per row.
    PostgreSQL indexes its mentions itself (migration 0024): nothing to do there."""
    if db.engine == "postgres":
        return
    db._rows(
        "INSERT INTO mention_tokens (token, created_at, source, about_brand, mention_id) "
        "SELECT token, created_at, source, about_brand, id FROM ("
        "SELECT unnest(search_tokens(coalesce(author, '') || ' ' || text)) AS token, created_at, source, "
        f"{_ABOUT_BRAND} AS about_brand, id "
        f"FROM {registered}) {_ORDER}"
    )


def cluster(db: Store) -> None:
    """Rewrite the index sorted (after purges, or when many small batches came in)."""
    if db.engine == "postgres":
        return  # no word index there (empty since migration 0024): its GIN index needs no sorting
    db._rows(f"CREATE OR REPLACE TABLE mention_tokens AS SELECT * FROM mention_tokens {_ORDER}")


def cleaned(text: str) -> str:
    """A typed search or handle as the store takes it: stripped, without NUL characters
    (PostgreSQL's text cannot hold them; no word has one)."""
    return text.replace("\x00", "").strip()


def words(db: Store, search: str) -> list[str]:
    """The search folded as the index is (same SQL macro), at most MAX_WORDS words."""
    search = cleaned(search)
    return list(db._rows("SELECT search_tokens(?)", [search])[0][0] or [])[:MAX_WORDS] if search else []


def _range(word: str, table: str = "") -> tuple[str, list]:
    """The index rows (of the index named `table` in the query) of every word that starts with `word`."""
    token = f"{table}.token" if table else "token"
    return f"{token} >= ? AND {token} < ?", [word, word + _TOP]


# Tallies already read for one search: (word, bound) -> `_tally`'s answer. The explorer asks
# twice (`all_common`, then `matches`), and a rare word's tally reads all of its rows.
Tallies = dict[tuple[str, int], tuple[int, bool | None]]


def _tally(db: Store, word: str, bound: int, tallies: Tallies | None = None) -> tuple[int, bool | None]:
    """How many index rows start with `word`, up to `bound` (enough to tell the rarest word),
    and whether a longer word than `word` is among them (None when the bound stopped the count:
    then `_prefix` asks)."""
    if tallies is not None and (word, bound) in tallies:
        return tallies[word, bound]
    where, params = _range(word)
    count, longer = db._rows(f"SELECT count(*), coalesce(bool_or(token <> ?), false) FROM "
                             f"(SELECT token FROM mention_tokens WHERE {where} LIMIT ?)",
                             [word, *params, bound])[0]
    answer = int(count), (bool(longer) if count < bound else None)
    if tallies is not None:
        tallies[word, bound] = answer
    return answer


# How far `_rarest` counts a word's index rows (and the explorer's test of a common word).
TALLY_BOUND = 100_000


def _rarest(db: Store, found: Sequence[str], bound: int = TALLY_BOUND,
            tallies: Tallies | None = None) -> tuple[str, bool | None]:
    """The word of `found` with the fewest index rows (the first of equals), and `_tally`'s
    answer on longer words for it. Each word is counted only up to the fewest found so far, so
    a rare word first spares the common ones' counts (10M: 76 ms for 100,000 rows), and a word
    with FEW_ROWS or fewer drives without counting the others."""
    rarest, (fewest, longer) = found[0], _tally(db, found[0], bound, tallies)
    for word in found[1:]:
        if fewest <= FEW_ROWS:
            break
        count, other_longer = _tally(db, word, fewest, tallies)
        if count < fewest:
            rarest, fewest, longer = word, count, other_longer
    return rarest, longer


def all_common(db: Store, found: Sequence[str], rows: int, tallies: Tallies | None = None) -> bool:
    """Whether every word of `found` starts at least `rows` index rows (each counted up to
    `rows` only, and none after the first that falls short)."""
    return all(_tally(db, word, rows, tallies)[0] >= rows for word in found)


def _prefix(db: Store, word: str) -> bool:
    """Whether another word than `word` itself starts with it ("bri": "brioche" and "brie"), so
    that one mention may hold two of them. A LIMIT 1 probe: it stops at the first such row."""
    return bool(db._rows("SELECT 1 FROM mention_tokens WHERE token > ? AND token < ? LIMIT 1",
                         [word, word + _TOP]))


def fulltext(db: Store, found: Sequence[str], alias: str = "m") -> tuple[str, list]:
    """PostgreSQL's condition that every word of `found` starts a word of the mention `alias`
    (a row of `mentions`: the views do not carry the column), from the GIN index on its
    `search_vector` (migration 0024; `search_match` is inlined as `@@`).

    As on DuckDB the rarest word drives: it alone goes to the index (by the column's
    statistics, `search_rarest`), and the whole search filters the rows it found, where the
    index would intersect each prefix's whole posting list (a common one: most mentions)."""
    words_ = [str(word) for word in found]
    if len(words_) == 1:
        return f"search_match({alias}.search_vector, search_query(?))", [words_]
    [(rarest,)] = db._rows("SELECT search_rarest(?)", [words_])
    return (f"search_match({alias}.search_vector, search_query(?)) "
            f"AND search_filter({alias}.search_vector, search_query(?))", [[rarest], words_])


def matches(db: Store, found: Sequence[str], start: datetime, end: datetime,
            sources: Sequence[str], tallies: Tallies | None = None) -> tuple[str, list]:
    """A query of (mention_id, created_at), each once, of the brand mentions in [start, end) from
    `sources` in which every word of `found` starts a word, read from the index alone.

    The rarest word drives: its rows are filtered by time, source and the brand rule, and the
    other words are semi-joins on the mention id. Irrelevant corrections (the other half of the
    `brand_mentions` rule) are an anti-join on the few corrected ids.

    On PostgreSQL: the mentions of the window and sources that match the full-text index, with
    the `brand_mentions` rule written out as here (its view does not carry the column)."""
    if db.engine == "postgres":
        condition, params = fulltext(db, found)
        return (f"SELECT m.id AS mention_id, m.created_at FROM mentions m WHERE {condition} "
                "AND m.created_at >= ? AND m.created_at < ? AND list_contains(?, m.source) "
                "AND (len(m.matched) > 0 OR len(coalesce(m.competitors, []::VARCHAR[])) = 0) "
                "AND m.id NOT IN (SELECT mention_id FROM latest_corrections WHERE irrelevant)",
                [*params, start, end, list(sources)])
    # One word needs no count; of several, the rarest drives and the others are semi-joins.
    rarest, longer = (found[0], None) if len(found) == 1 else _rarest(db, found, tallies=tallies)
    others = [word for word in found if word != rarest]
    if longer is None:
        longer = _prefix(db, rarest)
    where, params = _range(rarest)
    sql = (f"SELECT {'DISTINCT ' if longer else ''}mention_id, created_at FROM mention_tokens d "
           f"WHERE {where} AND created_at >= ? AND created_at < ? AND list_contains(?, source) AND about_brand")
    params = [*params, start, end, list(sources)]
    for word in others:
        # Correlated on the time too (a mention's index rows all carry its time): DuckDB then
        # reads only the other word's row groups around the candidates' times, where a plain
        # semi-join on the id read all of a common word's rows (10M: 222 -> 124 ms).
        other, bounds = _range(word, "o")
        sql += (f" AND EXISTS (SELECT 1 FROM mention_tokens o WHERE {other} "
                "AND o.mention_id = d.mention_id AND o.created_at = d.created_at)")
        params += bounds
    tail, bounds = _pending_matches(db, found, start, end, sources)
    if tail is not None:
        sql, params = f"SELECT mention_id, created_at FROM ({sql} UNION ALL {tail})", [*params, *bounds]
    # Once, outside the union: the same subquery in both arms is planned as one shared subplan
    # by DuckDB 2.0.1, which then drops a LIMIT put around the union (found by the tests).
    return sql + (" WHERE" if tail is not None else " AND") + _NOT_IRRELEVANT, params


def _pending_matches(db: Store, found: Sequence[str], start: datetime, end: datetime,
                     sources: Sequence[str]) -> tuple[str | None, list]:
    """The queued mentions' part of `matches` (None when the queue is empty), from the queue
    alone: the same window, sources and brand rule (the caller adds the anti-join), and each word of `found` the
    start of a word of the folded text (`_WORD_START`: what `_range` finds in the index; a
    word kept by `search_tokens`' length rule is never shorter than a search word it starts).
    A mention is queued or indexed, never both, so UNION ALL adds none twice."""
    if not db._rows("SELECT 1 FROM mention_tokens_pending LIMIT 1"):
        return None, []
    sql = ("SELECT mention_id, created_at FROM mention_tokens_pending "
           "WHERE created_at >= ? AND created_at < ? AND list_contains(?, source) AND about_brand")
    params: list = [start, end, list(sources)]
    for word in found:
        # `contains` first: a plain substring test, so the pattern runs on few texts.
        sql += " AND contains(folded, ?) AND regexp_matches(folded, ?)"
        params += [word, _WORD_START + word + r"\E"]
    return sql, params
