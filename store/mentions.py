"""Writing and reading mentions, their authors and their scores, in Arrow batches."""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from datetime import datetime, timezone

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import zstandard

from ambassade.model import Mention

from store import daily
from store.connect import Store
from store.search import queue_batch

_MENTION_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("native_id", pa.string()),
        ("author", pa.string()),
        ("author_id", pa.string()),
        ("text", pa.string()),
        ("url", pa.string()),
        ("created_at", pa.timestamp("us", tz="UTC")),
        ("lang", pa.string()),
        ("matched", pa.list_(pa.string())),
        ("metrics", pa.string()),
        ("raw", pa.binary()),
        ("collected_at", pa.timestamp("us", tz="UTC")),
        ("competitors", pa.list_(pa.string())),
    ]
)


_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"   # payloads stored as zstd frames before 0.x still read


_AUTHOR_ROWS = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("handle", pa.string()),
        ("name", pa.string()),
        ("followers", pa.int64()),
        ("created_at", pa.timestamp("us", tz="UTC")),
        ("ord", pa.int64()),
    ]
)

def encode_raw(raw: dict | None) -> bytes | None:
    """A raw payload as stored: its JSON, so scoring can re-run without fetching.

    Left to DuckDB's column compression rather than compressed row by row: measured with
    bench/bench_ingest.py (--raw), the file is smaller (repeated keys and words across rows
    compress together) and the page is built without a compression call per row.
    """
    return None if raw is None else _json(raw)


def decompress_raw(blob: bytes | None) -> dict | None:
    """A stored payload: JSON, or zstd or zlib (rows stored by earlier versions): all readable."""
    if blob is None:
        return None
    blob = bytes(blob)
    if blob[:1] == b"{":         # never the first byte of a zstd frame (0x28) or zlib (0x?8)
        return json.loads(blob)
    if blob[:4] == _ZSTD_MAGIC:
        return json.loads(zstandard.ZstdDecompressor().decompress(blob))
    return json.loads(zlib.decompress(blob))


def _json(value: object) -> bytes:
    """JSON as the earlier `json.dumps(…, ensure_ascii=False, default=str)` wrote it, 5–10× faster.

    orjson refuses what json accepted (non-string keys of other types, integers past 64
    bits): those few payloads take the standard library's road, so none is dropped.
    Plain `orjson.dumps` first: for string keys and JSON types (every payload collected) it
    writes the very same bytes as with `default` and OPT_NON_STR_KEYS, 25 % faster (measured:
    2.0 against 2.7 µs an X payload); anything else raises and takes the road below.
    """
    try:
        return orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):
        pass
    try:
        return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")


def mentions_table(mentions: Sequence[Mention], collected_at: datetime | None = None) -> pa.Table:
    """The Arrow table of `mentions`, one row each, first occurrence of an id wins."""
    return _page_tables(mentions, collected_at)[0]


def _page_tables(mentions: Sequence[Mention],
                 collected_at: datetime | None = None) -> tuple[pa.Table, pa.Table]:
    """(mentions, author rows) of a page, built column by column: the mentions deduplicated by
    id (first wins); one author row per mention, in page order (rows without an author key
    are left out in SQL, and the upsert keeps the latest)."""
    collected_at = collected_at or datetime.now(timezone.utc)
    if not mentions:
        return _MENTION_SCHEMA.empty_table(), _AUTHOR_ROWS.empty_table()
    # Column-wise: one C-level pass per field instead of 14 appends per row (measured 4x
    # faster than transposing attrgetter tuples with zip(*…)).
    (sources, native_ids, handles, author_ids, texts, urls, created, langs, matched,
     metrics, raws, names, followers, competitors) = (
        list(map(field, mentions)) for field in _FIELDS)
    ids = [f"{source}:{native}" for source, native in zip(sources, native_ids)]
    authors = pa.table([
        pa.array([f"{source}:{key}" if key else None for source, key in zip(
            sources, (a_id or (handle.lower() if handle else None)
                      for a_id, handle in zip(author_ids, handles)))], pa.string()),
        pa.array(sources, pa.string()), pa.array(handles, pa.string()),
        pa.array(names, pa.string()), pa.array(followers, pa.int64()),
        pa.array(created, pa.timestamp("us", tz="UTC")),
        pa.array(range(len(ids)), pa.int64())], schema=_AUTHOR_ROWS)
    columns = [ids, sources, native_ids, handles, author_ids, texts, urls, created, langs,
               matched, metrics, raws, competitors]
    if len(set(ids)) < len(ids):      # rare: an id twice in one page, the first one kept
        first = sorted({ident: at for at, ident in reversed(list(enumerate(ids)))}.values())
        columns = [[column[at] for at in first] for column in columns]
    (ids, sources, native_ids, handles, author_ids, texts, urls, created, langs, matched,
     metrics, raws, competitors) = columns
    rows = len(ids)
    table = pa.table([
        pa.array(ids, pa.string()), pa.array(sources, pa.string()),
        pa.array(native_ids, pa.string()), pa.array(handles, pa.string()),
        pa.array(author_ids, pa.string()), pa.array(texts, pa.string()),
        pa.array(urls, pa.string()), pa.array(created, pa.timestamp("us", tz="UTC")),
        pa.array(langs, pa.string()), pa.array(matched, pa.list_(pa.string())),
        pa.array([_metrics_text(m) for m in metrics], pa.string()),
        pa.array([None if raw is None else _json(raw) for raw in raws], pa.binary()),  # encode_raw
        pa.repeat(pa.scalar(collected_at, pa.timestamp("us", tz="UTC")), rows),
        pa.array(competitors, pa.list_(pa.string()))], schema=_MENTION_SCHEMA)
    return table, authors


_FIELDS = tuple(map(attrgetter, (
    "source", "native_id", "author", "author_id", "text", "url", "created_at", "lang",
    "matched", "metrics", "raw", "author_name", "author_followers", "competitors")))
_METRIC_FORMS: dict[tuple, str] = {}


def _metrics_text(metrics: dict) -> str:
    """`json.dumps(metrics)`, the stored text as before (compared as text), 2x faster.

    Metrics are a few integer counts under the same names page after page: one `%d` template
    per set of names gives json.dumps's very text; anything else goes through json.dumps.
    """
    names = tuple(metrics)
    form = _METRIC_FORMS.get(names)
    values = tuple(metrics.values())
    if form is not None and all(type(value) is int for value in values):  # not bool, not float
        return form % values
    text = json.dumps(metrics)
    if (form is None and len(_METRIC_FORMS) < 1_000 and all(type(n) is str for n in names)
            and all(type(value) is int for value in values)):
        _METRIC_FORMS[names] = "{" + ", ".join(
            json.dumps(n).replace("%", "%%") + ": %d" for n in names) + "}"
    return text


def insert_mentions(
    db: Store, mentions: Sequence[Mention], collected_at: datetime | None = None
) -> int:
    """Insert new mentions (known ids are left as they are) and upsert their authors.

    Returns the number of new mentions. Runs inside the caller's transaction: a collector's
    whole page, however large, is one call and one transaction.
    """
    if not mentions:
        return 0
    mentions = scope_feed_ids(db, mentions)
    batch, authors = _page_tables(mentions, collected_at)
    # Checking the batch's ids first and inserting only new rows stays fast as the table
    # grows, where ON CONFLICT on the whole batch slows with it (DESIGN.md, bench/bench_ingest.py).
    # The known ids come back as an Arrow column and filter the batch in Arrow: no Python
    # list of a million ids.
    known = _known_column(db, batch.column("id"))
    if len(known):
        batch = batch.filter(pc.invert(pc.is_in(batch.column("id"), value_set=known)))
    if not batch.num_rows:
        _upsert_author_rows(db, authors)
        return 0
    with db._registered("_mention_batch", batch):
        ours = _insert_batch(db, batch.num_rows)
        # Authors of every mention seen, new or not: follower counts and handles move on.
        # Before the counts: their lock (store/daily.py) is then held by the page's last statements.
        _upsert_author_rows(db, authors)
        if ours is None:
            _index_and_count(db, "_mention_batch")
            return batch.num_rows
    # Only the rows this transaction really inserted are indexed and counted: another writer
    # counts its own (else the daily totals exceed a scan of the mentions).
    batch = batch.filter(pc.is_in(batch.column("id"), value_set=ours))
    if batch.num_rows:
        with db._registered("_mention_batch", batch):
            _index_and_count(db, "_mention_batch")
    return batch.num_rows


# The mentions' columns DuckDB's writers compute from the others, by the file's own macros: the
# normal text's digest (migration 0027; PostgreSQL's column is generated) and the sample key
# (0028; PostgreSQL samples by the id's hash and has none). `store copy` computes them too.
DUCKDB_COMPUTED = {"text_digest": "text_digest(text)", "sample_key": "sample_key(id)"}


def _insert_batch(db: Store, rows: int) -> pa.Array | None:
    """Insert the registered `_mention_batch` (`rows` rows); None when every row of it went
    in, else the ids that did (the others were committed by another writer meanwhile).

    DuckDB has one writing process: nothing can come in between the check of known ids and
    the insert, and a plain INSERT would fail on a duplicate rather than skip it, so every
    row is ours. PostgreSQL's writers run at once: the insert skips the ids another writer
    stored after our check (ON CONFLICT DO NOTHING, store/dialect.py), and RETURNING tells
    which rows are ours, the only exact answer under READ COMMITTED (a later SELECT also
    sees the other writer's committed rows)."""
    # BY NAME: columns added by later migrations take their defaults.
    computed = "" if db.engine == "postgres" else "".join(f", {sql} AS {name}" for name, sql in DUCKDB_COMPUTED.items())
    sql = f"INSERT INTO mentions BY NAME SELECT * REPLACE (metrics::JSON AS metrics){computed} FROM _mention_batch"
    if db.engine != "postgres":
        db._rows(sql)
        return None
    ours = pa.array([row[0] for row in db._rows(sql + " RETURNING id")], pa.string())
    return None if len(ours) == rows else ours


def _index_and_count(db: Store, batch: str) -> None:
    """The new mentions of `batch` queued for the explorer's word index (migration 0026: the
    index pass fills it, store/search.py) and their daily counts (0021), in the same
    transaction as the rows."""
    queue_batch(db, batch)
    daily.count_new(db, batch)


def feed_key(feed_url: str) -> str:
    """The short, stable key of one feed in the ids it scopes (12 hex digits of its SHA-256)."""
    return hashlib.sha256(feed_url.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def scope_feed_ids(db: Store, mentions: Sequence[Mention]) -> list[Mention]:
    """Feed entries whose id another feed's *different* article holds, re-id'd to their feed.

    A guid is unique within its feed only: two feeds may both say `<guid>1</guid>`. Ids stay
    `rss:<guid>` (every stored row keeps its id, and a feed's entries keep theirs from run to
    run); only an entry whose id is stored from another feed with another canonical URL gets
    `rss:<feed key>:<guid>`. The same article carried by two feeds (same id, same canonical
    URL) stays one mention, and the same feed's entry read again is the stored one.
    """
    mentions = list(mentions)
    ids = [m.id for m in mentions if m.feed]
    if not ids:
        return mentions
    stored = _stored_feed_entries(db, ids)
    scoped = []
    for m in mentions:
        found = stored.get(m.id) if m.feed else None
        if found is not None:
            stored_feed, stored_urls = found
            mine = {u for u in (m.url, (m.raw or {}).get("canonical_url")) if u}
            if stored_feed is not None and stored_feed != m.feed and not (mine & stored_urls):
                m = replace(m, native_id=f"{feed_key(m.feed)}:{m.native_id}")
        scoped.append(m)
    return scoped


def _stored_feed_entries(db: Store, ids: Sequence[str]) -> dict[str, tuple[str | None, set[str]]]:
    """id -> (the feed it was read from, its URLs: link and canonical) for the stored ones."""
    found: dict[str, tuple[str | None, set[str]]] = {}
    for start in range(0, len(ids), INDEX_LOOKUP_MAX):
        chunk = list(dict.fromkeys(ids[start:start + INDEX_LOOKUP_MAX]))
        marks = ", ".join("?" * len(chunk))
        for ident, url, raw in db._rows(
                f"SELECT id, url, raw FROM mentions WHERE id IN ({marks})", chunk):
            payload = decompress_raw(raw) or {}
            urls = {u for u in (url, payload.get("canonical_url")) if isinstance(u, str) and u}
            feed = payload.get("feed") if isinstance(payload.get("feed"), str) else None
            found[ident] = (feed, urls)
    return found


INDEX_LOOKUP_MAX = 256


def known_ids(db: Store, ids: Sequence[str]) -> set[str]:
    """Which of `ids` are stored already (see `_known_column` for how they are looked up)."""
    ids = list(ids)
    if not ids:
        return set()
    return set(_known_column(db, pa.array(ids, pa.string())).to_pylist())


def _known_column(db: Store, ids: pa.Array | pa.ChunkedArray) -> pa.Array:
    """The stored ones among `ids`, as an Arrow column.

    Few ids (a collector's page): a placeholder list `id IN (?, ?, …)` is answered from the
    primary-key index, 2.9 ms for 100 ids in a 1M-row table, where a join or
    `IN (SELECT unnest(?))` scans the table (35–40 ms, growing with it). Many ids (a bulk
    load): one hash semi-join with an Arrow table beats hundreds of index probes.
    Measured with bench/bench_ingest.py.
    """
    if len(ids) == 0:
        return pa.array([], pa.string())
    if len(ids) <= INDEX_LOOKUP_MAX:
        asked = ids.to_pylist()
        marks = ", ".join("?" * len(asked))
        return pa.array([row[0] for row in db._rows(
            f"SELECT id FROM mentions WHERE id IN ({marks})", asked)], pa.string())
    with db._registered("_batch_ids", pa.table({"id": ids})):
        found = db._arrow("SELECT m.id FROM mentions m SEMI JOIN _batch_ids b ON m.id = b.id")
    return found.column("id").combine_chunks() if found.num_rows else pa.array([], pa.string())


def upsert_authors(db: Store, mentions: Iterable[Mention]) -> None:
    """Keep one row per author with the latest handle, name and follower count."""
    _upsert_author_rows(db, _page_tables(list(mentions))[1])


def _upsert_author_rows(db: Store, rows: pa.Table) -> None:
    """Upsert authors set-wise: per author the latest row (by time, then page order, as the
    earlier dict did) and the earliest time, in one statement."""
    if not rows.num_rows:
        return
    with db._registered("_author_rows", rows):
        db._rows(
            """
            INSERT INTO authors (id, source, handle, name, followers, first_seen, last_seen)
            SELECT id, source, handle, name, followers, first_seen, created_at FROM (
                SELECT *, min(created_at) OVER (PARTITION BY id) AS first_seen,
                       row_number() OVER (PARTITION BY id ORDER BY created_at DESC, ord DESC) AS latest
                FROM _author_rows WHERE id IS NOT NULL)   -- mentions with no author
            WHERE latest = 1
            ON CONFLICT (id) DO UPDATE SET
                handle = coalesce(excluded.handle, authors.handle),
                name = coalesce(excluded.name, authors.name),
                followers = coalesce(excluded.followers, authors.followers),
                first_seen = least(authors.first_seen, excluded.first_seen),
                last_seen = greatest(authors.last_seen, excluded.last_seen)
            """
        )


def author_key(m: Mention) -> str | None:
    """An author's stable id: "<source>:<author id>", else the lower-cased handle."""
    ident = m.author_id or (m.author.lower() if m.author else None)
    return f"{m.source}:{ident}" if ident else None


@dataclass(frozen=True)
class ScoreRow:
    """One mention's sentiment as stored."""

    mention_id: str
    scorer: str
    lang: str | None
    compound: float
    pos: float
    neu: float
    neg: float
    label: str
    brand_compound: float | None = None


_SCORE_SCHEMA = pa.schema([
    ("mention_id", pa.string()), ("scorer", pa.string()), ("lang", pa.string()),
    ("compound", pa.float64()), ("pos", pa.float64()), ("neu", pa.float64()), ("neg", pa.float64()),
    ("label", pa.string()), ("brand_compound", pa.float64()), ("scored_at", pa.timestamp("us", tz="UTC")),
])
SCORE_COLUMNS = tuple(_SCORE_SCHEMA.names[2:-1])   # what a scorer gives: lang ... brand_compound


def save_scores(db: Store, scores: Sequence[ScoreRow]) -> int:
    """Insert or replace scores by mention id. Runs inside the caller's transaction."""
    if not scores:
        return 0
    columns = {name: [getattr(s, name) for s in scores] for name in SCORE_COLUMNS}
    return save_score_columns(db, [s.mention_id for s in scores], [s.scorer for s in scores], columns)


def save_score_columns(db: Store, mention_ids: Sequence[str] | pa.Array | pa.ChunkedArray, scorer: str | Sequence[str],
                       columns: dict[str, Sequence], span: tuple[datetime, datetime] | None = None) -> int:
    """`save_scores` of columns: `columns` maps each of SCORE_COLUMNS to one value per mention.

    The store pass writes 20,000 scores a batch: built column by column, with no object per
    row (measured: the ScoreRow objects and the table built from them were a quarter of the
    write). `span`, the mentions' earliest and latest `created_at` when the caller knows it,
    lets the daily recount find their days in the row groups of that span only."""
    rows = len(mention_ids)
    if not rows:
        return 0
    now = datetime.now(timezone.utc)
    scorers = (pa.repeat(pa.scalar(scorer, pa.string()), rows) if isinstance(scorer, str)
               else pa.array(scorer, pa.string()))
    ids = (mention_ids.cast(pa.string()) if isinstance(mention_ids, (pa.Array, pa.ChunkedArray))
           else pa.array(mention_ids, pa.string()))
    table = pa.table([
        ids, scorers,
        *(pa.array(columns[name], _SCORE_SCHEMA.field(name).type) for name in SCORE_COLUMNS),
        pa.repeat(pa.scalar(now, pa.timestamp("us", tz="UTC")), rows)], schema=_SCORE_SCHEMA)
    with db._registered("_score_batch", table):
        # Before the write: the days to recount, and those where a mention with no language
        # takes the scorer's (its daily mention counts, kept by language, change).
        days, relabelled = daily.scored_days(db, "_score_batch", span)
        _insert_scores(db, span)
        db._rows(
            "UPDATE mentions SET lang = s.lang FROM _score_batch s "
            "WHERE mentions.id = s.mention_id AND mentions.lang IS NULL AND s.lang IS NOT NULL"
        )
        daily.recount_scored(db, days, relabelled)     # the daily counts of the days scored (0021)
    return rows


def _insert_scores(db: Store, span: tuple[datetime, datetime] | None) -> None:
    """Write the registered `_score_batch`. DuckDB's scores carry their mention's time
    (migration 0031), looked up in the row groups of `span` when the caller knows it; a score
    whose mention is not stored keeps no time."""
    if db.engine == "postgres":
        db._rows("INSERT OR REPLACE INTO scores SELECT * FROM _score_batch")
        return
    within, params = ("", []) if span is None else (" AND m.created_at >= ? AND m.created_at <= ?", list(span))
    db._rows("INSERT OR REPLACE INTO scores BY NAME SELECT s.*, m.created_at FROM _score_batch s "
             f"LEFT JOIN mentions m ON m.id = s.mention_id{within}", params)


def fill_score_times(db: Store) -> int:
    """DuckDB: give each score with no time its mention's (a copy from PostgreSQL, whose scores
    have none: migration 0031); returns how many were given."""
    if db.engine == "postgres":
        return 0
    [(given,)] = db._rows("UPDATE scores SET created_at = m.created_at FROM mentions m "
                          "WHERE scores.created_at IS NULL AND m.id = scores.mention_id")
    return int(given)


def unscored(db: Store, scorer: str, limit: int = 50_000) -> list[tuple]:
    """(id, text, lang, matched) of mentions with no score by `scorer` yet."""
    return db._rows(
        """
        SELECT m.id, m.text, m.lang, m.matched FROM mentions m
        LEFT JOIN scores s ON s.mention_id = m.id
        WHERE s.mention_id IS NULL OR s.scorer <> ?
        ORDER BY m.created_at LIMIT ?
        """,
        [scorer, limit],
    )


def unscored_after(db: Store, scorer: str, after: tuple[datetime, str] | None,
                   limit: int = 50_000) -> list[tuple]:
    """(id, text, lang, matched, created_at) of the next `limit` mentions with no score by
    `scorer`, in (created_at, id) order after the cursor `after` (None: from the start).

    A pass walks the table once with this keyset cursor: each batch reads only what lies
    after the last one (row groups before it are skipped on their min/max), where
    `unscored` re-joined and re-sorted the whole table for every batch, and a row that would
    not save is passed, not met again (no set of seen ids growing with the pass).
    """
    sql, params = _unscored_sql("m.id, m.text, m.lang, m.matched, m.created_at", scorer, after, limit)
    return db._rows(sql, params)


def unscored_keys(db: Store, scorer: str, after: tuple[datetime, str] | None,
                  limit: int = 200_000) -> pa.Table:
    """The (id, created_at) of the next `limit` mentions with no score by `scorer`, in cursor
    order: what `unscored_after` finds, without the texts.

    The anti-join with `scores` costs about the same for 200,000 keys as for 20,000 (it
    hashes the scores and reads the mentions after the cursor either way; 0.15 s at 500k
    mentions): the store pass asks for ten batches' keys at once, then reads each batch's
    texts by id (`mention_texts`)."""
    sql, params = _unscored_sql("m.id, m.created_at", scorer, after, limit)
    return db._arrow(sql, params)


def mention_texts(db: Store, keys: pa.Table) -> pa.Table:
    """id, text, lang, created_at of the mentions of `keys` (a slice of `unscored_keys`), in
    its order; a mention deleted since is left out. Read within the keys' time span, so the
    row groups outside it are skipped: 0.03 s for 20,000 at 500k mentions, where the batch's
    own anti-join and sort took 0.2-0.35 s."""
    if not keys.num_rows:
        return db._arrow("SELECT id, text, lang, created_at FROM mentions WHERE false")
    created = keys.column("created_at")
    ordered = pa.table({"id": keys.column("id"), "ord": pa.array(range(keys.num_rows), pa.int64())})
    with db._registered("_score_keys", ordered):
        return db._arrow(
            "SELECT m.id, m.text, m.lang, m.created_at FROM mentions m JOIN _score_keys k ON k.id = m.id "
            "WHERE m.created_at >= ? AND m.created_at <= ? ORDER BY k.ord",
            [created[0].as_py(), created[-1].as_py()])


def _unscored_sql(columns: str, scorer: str, after: tuple[datetime, str] | None,
                  limit: int) -> tuple[str, list]:
    keyset, params = "", [scorer]
    if after is not None:
        keyset = "AND (m.created_at > ? OR (m.created_at = ? AND m.id > ?))"
        params += [after[0], after[0], after[1]]
    return (
        f"""
        SELECT {columns} FROM mentions m
        WHERE NOT EXISTS (SELECT 1 FROM scores s WHERE s.mention_id = m.id AND s.scorer = ?)
        {keyset}
        ORDER BY m.created_at, m.id LIMIT ?
        """,
        [*params, limit],
    )
