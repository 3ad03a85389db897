"""Share of voice and topics: the brand against each competitor over time, and what is talked about.

The brand's side reads `public_mentions` (or `brand_mentions` with our own voice), each
competitor's side `competitor_mentions`; both were matched at ingest (migration 0015), so no
read scans the text for names. The company's own accounts (`[brand] own_accounts`) live in
the `own_accounts` table, written from the settings by the passes that write.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import pyarrow as pa

from store.connect import Store
from store import daily
from store.listening import Edges, bind, counted, mention_count, mention_view, split_for

if TYPE_CHECKING:
    import pandas as pd

TOPIC_LIMIT = 30
# Topics tokenise each text at read time: beyond this many mentions in the two windows, a
# repeatable sample of them is read and the counts are scaled back (45 s at 1M otherwise).
TOPIC_SAMPLE = 20_000
# A token: a hashtag or a word (Unicode letters, digits and inner hyphens); apostrophes split
# ("l'appli" gives "appli"). RE2 syntax: \pL is any letter, accents included.
_TOKEN = r"#?\pL[\pL\pN_-]*[\pL\pN]|#?\pL"


def set_own_accounts(db: Store, accounts: Sequence[tuple[str, str]]) -> int:
    """Make the `own_accounts` table exactly `accounts` ((source, handle) as handle_key keys
    them); returns how many there are. Runs in the caller's transaction."""
    table = pa.table({"source": pa.array([a[0] for a in accounts], pa.string()),
                      "handle": pa.array([a[1] for a in accounts], pa.string())})
    with db._registered("_own_accounts", table):
        db._rows("DELETE FROM own_accounts WHERE (source, handle) NOT IN "
                 "(SELECT (source, handle) FROM _own_accounts)")
        db._rows("INSERT INTO own_accounts SELECT DISTINCT source, handle FROM _own_accounts "
                 "ON CONFLICT DO NOTHING")
    daily.recount_own_voice(db)     # the daily counts of those accounts' days, when they changed
    return int(db._rows("SELECT count(*) FROM own_accounts")[0][0])


def share_of_voice(db: Store, brand: str, start: datetime, end: datetime, sources: Sequence[str],
                   include_own: bool = False, zone: str = "UTC", scan: bool = False,
                   edges: Edges | None = None) -> pd.DataFrame:
    """Per day of `zone` (wall-clock midnights) and voice (the brand's name, or a competitor's):
    mentions, the positive and negative ones, and the mean sentiment, in [start, end).

    The brand's sentiment is the brand-targeted one; a competitor's is its mention's whole-text
    sentiment (the scorer targets the brand only). Corrections win in both. Whole local days
    come from the daily table (store/daily.py) when it counts in `zone`; `scan` reads every
    mention instead (the reference the table is tested against). `edges`: the rows of
    `daily_voice_rows` the edges are read from, and their split (store/listening.py `overview`
    reads them once).
    """
    rows, params = counted(
        split_for(db, start, end, zone, scan, edges), start, end,
        "SELECT day::TIMESTAMP AS day, voice, label, mentions, sentiment FROM daily_counts "
        "WHERE ($own OR NOT own) AND list_contains($sources, source)",
        "SELECT date_trunc('day', timezone($tz, m.created_at)) AS day, m.voice, m.label, 1 AS mentions, "
        f"m.sentiment FROM {edges.table if edges else 'daily_voice_rows'} m "
        "WHERE ($own OR NOT m.own) AND list_contains($sources, m.source) "
        "AND m.created_at >= $start AND m.created_at < $end")
    sql = f"""
        SELECT day, CASE WHEN voice = '' THEN $brand ELSE voice END AS voice,
               sum(mentions)::BIGINT AS mentions,
               coalesce(sum(mentions) FILTER (WHERE label = 'positive'), 0)::BIGINT AS positive,
               coalesce(sum(mentions) FILTER (WHERE label = 'negative'), 0)::BIGINT AS negative,
               sum(sentiment) / sum(mentions) FILTER (WHERE label <> 'unscored') AS sentiment
        FROM ({rows}) GROUP BY ALL HAVING sum(mentions) <> 0 ORDER BY day, voice
        """
    return db._frame(sql, bind(sql, {**params, "brand": brand, "tz": zone, "own": include_own,
                                     "sources": list(sources)}))


def topics(db: Store, start: datetime, end: datetime, sources: Sequence[str],
           ignore: Sequence[str], include_own: bool = False,
           limit: int = TOPIC_LIMIT, sample: int = TOPIC_SAMPLE, zone: str = "UTC") -> pd.DataFrame:
    """The top terms, hashtags and two-word phrases of the brand's mentions in [start, end),
    each with the number of mentions using it now and in the window of the same length before
    (`previous`), most used first.

    `ignore` are lower-case words never counted (stop words, the brand's own terms). A topic
    counts once per mention however often it repeats there. When the two windows hold more
    than `sample` mentions, a repeatable sample of about `sample` (by a hash of the id) is
    read and the counts are estimates scaled back; `frame.attrs["sample_rate"]` says so (1.0:
    every mention read). `zone` ([brand] timezone) lets the count that sizes the sample come
    from the daily table.
    """
    before = start - (end - start)
    view = mention_view(include_own)
    # How many there are, from the daily table (whole days of `zone`; the same number as a
    # count of the view, store/daily.py), to size the sample.
    total = mention_count(db, before, end, sources, include_own, zone)
    rate = min(1.0, sample / total) if total else 1.0
    frame = _topics(db, view, before, start, end, sources, ignore, limit, rate)
    if rate < 1.0:
        for column in ("mentions", "previous"):
            frame[column] = (frame[column] / rate).round().astype("int64")
    frame.attrs["sample_rate"] = rate
    return frame


# The rule of `brand_mentions` (migration 0015), applied to the sampled rows on DuckDB (see
# `_sample_rows`); tests/store/test_topics_sample.py checks the sample against the views.
_BRAND_RULE = ("(len(m.matched) > 0 OR len(coalesce(m.competitors, [])) = 0) "
               "AND m.id NOT IN (SELECT mention_id FROM latest_corrections WHERE irrelevant)")
_SAMPLE_ROWS = "_topic_sample_rows"


def _sample_rows(db: Store, before: datetime, end: datetime, sources: Sequence[str], kept: int) -> pa.Table:
    """DuckDB: the mentions of [before, end) whose sample key (migration 0028: the id's hash in
    [0, 1e6), stored) is under `kept`, with the columns the sample's rules and the topics read;
    of every source when `sources` holds every source stored (the dashboard's default), else of
    `sources` only.

    The key is then the only filter besides the time range, so that DuckDB tests it in the scan
    and reads the texts of the rows it keeps only: through the view, or beside the sources' test,
    it stays above the scan, which then reads every text (and every column) of both windows
    before the key drops 99.8 % of them (10M mentions: 4 to 19 s). Stored, it is one integer
    compared per row: hashing every id of both windows took 0.2–0.35 s more at 10M. The other
    sources' rows are dropped after (`_sampled`); a subset of the sources is tested in the scan,
    so that a small source of a large store never brings back the others' rows."""
    every = db._rows("SELECT NOT EXISTS (SELECT 1 FROM daily_mentions WHERE mentions > 0 "
                     "AND NOT list_contains(?, source))", [list(sources)])[0][0]
    chosen = "" if every else "AND list_contains(?, m.source) "
    return db._arrow(
        "SELECT m.id, m.source, m.author, m.created_at, m.text, m.matched, m.competitors FROM mentions m "
        f"WHERE m.created_at >= ? AND m.created_at < ? {chosen}AND m.sample_key < ?",
        [before, end, *([] if every else [list(sources)]), int(kept)])


def _sampled(db: Store, view: str) -> str:
    """The sample of `view` that topics read: the window, the sources and the sample key.

    On DuckDB the sample is read first (`_sample_rows`, registered as _SAMPLE_ROWS: the window's
    rows under the key), then the sources, the rule of `brand_mentions` and the own-voice rule
    of `public_mentions` (`is_own_voice`, 0015) are applied to it: through the views, DuckDB
    tests them on every mention of both windows before the sample's filter. PostgreSQL's
    planner filters first through the view itself, and keys a mention by its id's hash (the
    rule of DuckDB's stored key, migration 0028)."""
    window = "m.created_at >= $before AND m.created_at < $end AND list_contains($sources, m.source)"
    if db.engine == "duckdb" and view in ("public_mentions", "brand_mentions"):
        brand = f"(SELECT * FROM {_SAMPLE_ROWS} m WHERE {window} AND {_BRAND_RULE})"
        if view == "brand_mentions":
            return brand
        return f"(SELECT * FROM {brand} m WHERE NOT is_own_voice(m.source, m.author))"
    key = "m.sample_key" if db.engine == "duckdb" else "hash(m.id) % 1000000"
    return f"(SELECT * FROM {view} m WHERE {window} AND {key} < $kept)"


def _topics(db: Store, view: str, before: datetime, start: datetime, end: datetime,
            sources: Sequence[str], ignore: Sequence[str], limit: int, rate: float) -> pd.DataFrame:
    kept = int(round(rate * 1_000_000))      # a mention is read when its sample key is under kept
    sampled = _sampled(db, view)
    if _SAMPLE_ROWS not in sampled:
        return _topic_frame(db, sampled, before, start, end, sources, ignore, limit, kept)
    with db._registered(_SAMPLE_ROWS, _sample_rows(db, before, end, sources, kept)):
        return _topic_frame(db, sampled, before, start, end, sources, ignore, limit, kept)


def _topic_frame(db: Store, sampled: str, before: datetime, start: datetime, end: datetime,
                 sources: Sequence[str], ignore: Sequence[str], limit: int, kept: int) -> pd.DataFrame:
    sql = f"""
        WITH m AS MATERIALIZED (
            SELECT m.id, m.created_at >= $start AS now,
                   regexp_extract_all(lower(m.text), '{_TOKEN}') AS tokens
            FROM {sampled} m
        ),
        -- Each token with its place, the ignored words dropped by a hash anti-join: a lambda
        -- testing each token against the list of ~1,600 stop words, and phrases built by a
        -- lambda over the kept list (which DuckDB re-evaluated per word), took 73 s at 1M.
        words AS MATERIALIZED (
            SELECT id, now, topic, pos FROM (
                SELECT id, now, unnest(tokens) AS topic, generate_subscripts(tokens, 1) AS pos FROM m)
            WHERE len(topic) > 2 AND NOT regexp_matches(topic, '^#?[0-9]')
              AND topic NOT IN (SELECT unnest($ignore::VARCHAR[]))
        ),
        used AS (
            SELECT DISTINCT id, now, topic, kind FROM (
                SELECT id, now, topic, 'word' AS kind FROM words
                UNION ALL
                -- two kept words in a row (stop words between them do not break the pair)
                SELECT id, now, topic || ' ' || next, 'phrase' FROM (
                    SELECT id, now, topic, lead(topic) OVER (PARTITION BY id ORDER BY pos) AS next
                    FROM words)
                WHERE next IS NOT NULL
            )
        )
        SELECT topic,
               CASE WHEN starts_with(topic, '#') THEN 'hashtag' ELSE kind END AS kind,
               count(*) FILTER (WHERE now) AS mentions,
               count(*) FILTER (WHERE NOT now) AS previous
        FROM used GROUP BY topic, kind
        HAVING count(*) FILTER (WHERE now) >= 2
        ORDER BY mentions DESC, previous, topic LIMIT $limit
        """
    # `kept` only where the sample is read through a view: DuckDB's sample rows are kept already.
    return db._frame(sql, bind(sql, {"start": start, "end": end, "before": before, "sources": list(sources),
                                     "ignore": sorted({w.lower() for w in ignore}), "limit": int(limit),
                                     "kept": kept}))
