"""Listening reads for the comms team's pages: bounds, daily counts, totals, the mention explorer."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from store import daily
from store import search as search_index
from store.connect import Store

if TYPE_CHECKING:
    import pandas as pd

EXPLORER_LIMIT = 500


@dataclass(frozen=True)
class Bounds:
    """What the stored mentions span: the newest time, and the sources, languages and terms present."""

    newest: datetime | None
    sources: list[str]
    languages: list[str]
    terms: list[str]


def bounds(db: Store) -> Bounds:
    """Newest mention time, and the sources, languages and matched terms present.

    The newest time reads one row group (zone maps on created_at); the sources, languages and
    terms come from the daily table of every stored mention (store/daily.py), a few thousand
    rows where the mentions table took three scans of a column (one with `unnest`)."""
    # A row dated in the future (a feed that lies, stored before dates were clamped at ingest)
    # never sets the newest time: the dashboard's windows end at the newest real row.
    newest = db._rows("SELECT max(created_at) FROM mentions WHERE created_at <= now()")[0][0]
    present = "FROM daily_mentions WHERE mentions > 0"
    return Bounds(
        newest,
        [r[0] for r in db._rows(f"SELECT DISTINCT source {present} ORDER BY 1")],
        [r[0] for r in db._rows(f"SELECT DISTINCT lang {present} AND lang IS NOT NULL ORDER BY 1")],
        [r[0] for r in db._rows(f"SELECT DISTINCT term FROM (SELECT unnest(matched) AS term {present}) "
                                "WHERE term IS NOT NULL ORDER BY 1")],
    )


def mention_view(include_own: bool = False) -> str:
    """The schema's view of brand mentions to read: public mentions (the default), or with our
    own voice (employees' posts, the company's accounts) when the reader asks for it."""
    return "brand_mentions" if include_own else "public_mentions"


def counted(split: daily.Split | None, start: datetime, end: datetime, table_rows: str,
            edge_rows: str) -> tuple[str, dict]:
    """The rows of a daily read: `table_rows` (a SELECT on daily_counts, whose WHERE ends with
    the day range) for the whole local days of the window, UNION ALL `edge_rows` (a SELECT on
    the mentions, whose WHERE ends with the window) for what lies outside them. With no split
    (the tables count another zone), the edges are the whole window. Parameters: $start, $end,
    $zone, $first, $last, $low, $high."""
    if split is None:
        return edge_rows, {"start": start, "end": end}
    edges = (f"{edge_rows} AND (m.created_at < $low OR m.created_at >= $high) "
             "AND NOT (local_day($zone, m.created_at) >= $first AND local_day($zone, m.created_at) < $last)")
    return (f"{table_rows} AND day >= $first AND day < $last UNION ALL {edges}",
            {"start": start, "end": end, "zone": split.zone, "first": split.first, "last": split.last,
             "low": split.low, "high": split.high})


@dataclass(frozen=True)
class Edges:
    """Edge rows read beforehand (`overview`): the registered table of `daily_voice_rows` rows
    that holds them, and the split of the window they were read for. A read given them answers
    its whole days by that same split: computed again, it would cost its `_holds` reads once
    more, and could differ from the split the edges were read for when a mention is stored in
    between."""

    table: str
    split: daily.Split


# The brand's edge rows of a window among rows of `daily_voice_rows` read beforehand (`overview`):
# the brand's voice, the sources, our own voice or not, the window.
_BRAND_EDGE = ("m.voice = '' AND ($own OR NOT m.own) AND list_contains($sources, m.source) "
               "AND m.created_at >= $start AND m.created_at < $end")


def bind(sql: str, params: dict) -> dict:
    """The named parameters `sql` uses (DuckDB refuses any extra one)."""
    return {name: value for name, value in params.items() if re.search(rf"\${name}\b", sql)}


def daily_counts(db: Store, start: datetime, end: datetime, sources: Sequence[str],
                 include_own: bool = False, zone: str = "UTC", scan: bool = False,
                 edges: Edges | None = None) -> pd.DataFrame:
    """Mentions per day, source and sentiment label in [start, end) (corrections win); days are
    those of `zone` (an IANA name: the dashboard passes [brand] timezone), as wall-clock midnights.

    Whole local days come from the daily table when it counts in `zone`; `scan` reads every
    mention instead (the reference the table is tested against). `edges`: the rows the edges
    are read from, when the caller read them already (see `overview`)."""
    edge_rows = (
        f"SELECT date_trunc('day', timezone($tz, m.created_at)) AS day, m.source, "
        f"coalesce(s.label, 'unscored') AS label, 1 AS mentions "
        f"FROM {mention_view(include_own)} m LEFT JOIN effective_scores s ON s.mention_id = m.id "
        "WHERE list_contains($sources, m.source) AND m.created_at >= $start AND m.created_at < $end"
    ) if edges is None else (
        "SELECT date_trunc('day', timezone($tz, m.created_at)) AS day, m.source, m.label, 1 AS mentions "
        f"FROM {edges.table} m WHERE {_BRAND_EDGE}")
    rows, params = counted(
        split_for(db, start, end, zone, scan, edges), start, end,
        "SELECT day::TIMESTAMP AS day, source, label, mentions FROM daily_counts "
        "WHERE voice = '' AND ($own OR NOT own) AND list_contains($sources, source)", edge_rows)
    sql = (f"SELECT day, source, label, sum(mentions)::BIGINT AS mentions FROM ({rows}) "
           "GROUP BY ALL HAVING sum(mentions) <> 0 ORDER BY day, source, label")
    return db._frame(sql, bind(sql, {**params, "tz": zone, "own": include_own, "sources": list(sources)}))


def mention_count(db: Store, start: datetime, end: datetime, sources: Sequence[str],
                  include_own: bool = False, zone: str = "UTC") -> int:
    """How many brand mentions (public ones unless `include_own`) lie in [start, end): whole
    days of `zone` from the daily table (see `daily_counts`), the edges from the mentions."""
    rows, params = counted(
        daily.split(db, start, end, zone), start, end,
        "SELECT mentions FROM daily_counts WHERE voice = '' AND ($own OR NOT own) AND list_contains($sources, source)",
        f"SELECT 1 AS mentions FROM {mention_view(include_own)} m "
        "WHERE list_contains($sources, m.source) AND m.created_at >= $start AND m.created_at < $end")
    sql = f"SELECT coalesce(sum(mentions), 0) FROM ({rows})"
    return int(db._rows(sql, bind(sql, {**params, "own": include_own, "sources": list(sources)}))[0][0])


def totals(db: Store, start: datetime, end: datetime, sources: Sequence[str],
           include_own: bool = False, zone: str = "UTC", scan: bool = False,
           authors: bool = True, edges: Edges | None = None) -> dict[str, float]:
    """Mentions, distinct authors and the negative and positive shares of scored mentions.

    The counts come from the daily tables for the whole local days of `zone` in the window (see
    `daily_counts`); distinct authors are the distinct ids of those days' author rows and of
    the edges' mentions. `authors=False` leaves them out (no "authors" key): the overview
    shows no author delta, and the distinct count is most of the read (issue 17). `edges`: as
    for `daily_counts`."""
    split = split_for(db, start, end, zone, scan, edges)
    edge_rows = (
        f"SELECT coalesce(s.label, 'unscored') AS label, 1 AS mentions "
        f"FROM {mention_view(include_own)} m LEFT JOIN effective_scores s ON s.mention_id = m.id "
        "WHERE list_contains($sources, m.source) AND m.created_at >= $start AND m.created_at < $end"
    ) if edges is None else f"SELECT m.label, 1 AS mentions FROM {edges.table} m WHERE {_BRAND_EDGE}"
    rows, params = counted(
        split, start, end,
        "SELECT label, mentions FROM daily_counts "
        "WHERE voice = '' AND ($own OR NOT own) AND list_contains($sources, source)", edge_rows)
    sql = f"""SELECT sum(mentions),
                   sum(mentions) FILTER (WHERE label = 'negative') / sum(mentions) FILTER (WHERE label <> 'unscored'),
                   sum(mentions) FILTER (WHERE label = 'positive') / sum(mentions) FILTER (WHERE label <> 'unscored')
            FROM ({rows})"""
    found = db._rows(sql, bind(sql, {**params, "own": include_own, "sources": list(sources)}))[0]
    shares = {"mentions": float(found[0] or 0.0), "negative": float(found[1] or 0.0),
              "positive": float(found[2] or 0.0)}
    if not authors:
        return shares
    return {"mentions": shares["mentions"],
            "authors": distinct_authors(db, split, start, end, sources, include_own,
                                        edges.table if edges else None),
            "negative": shares["negative"], "positive": shares["positive"]}


def split_for(db: Store, start: datetime, end: datetime, zone: str, scan: bool,
              edges: Edges | None) -> daily.Split | None:
    """The split a daily read answers by: that of its `edges` when given, none when it `scan`s."""
    if edges is not None:
        return edges.split
    return None if scan else daily.split(db, start, end, zone)


def distinct_authors(db: Store, split: daily.Split | None, start: datetime, end: datetime,
                     sources: Sequence[str], include_own: bool = False, edges: str | None = None) -> float:
    """How many distinct authors wrote the window's mentions: the whole days' author rows
    (`split`, or None: every mention read) and the edges' mentions (from `edges` when given).

    An author is a source's author id (`authors.id`, "<source>:<author id>"): the same id on
    two networks is two authors, and a mention with no author id counts none."""
    where = "($own OR NOT own) AND list_contains($sources, source)"
    edge_rows = (f"SELECT m.source, m.author_id FROM {mention_view(include_own)} m "
                 "WHERE list_contains($sources, m.source) AND m.created_at >= $start AND m.created_at < $end"
                 if edges is None else f"SELECT m.source, m.author_id FROM {edges} m WHERE {_BRAND_EDGE}")
    params = {"own": include_own, "sources": list(sources)}
    if db.engine == "postgres":
        # Per source, the ids compared byte by byte ("C"): distinctness is byte equality under
        # any collation, and PostgreSQL otherwise sorts them by the database's locale
        # (strcoll), 10M mentions: 3.6 s -> 1.4 s for a 30-day window (issue 16).
        rows, more = counted(split, start, end, f"SELECT source, author_id FROM daily_authors WHERE {where}",
                             edge_rows)
        sql = f'SELECT sum(n) FROM (SELECT count(DISTINCT author_id COLLATE "C") AS n FROM ({rows}) r GROUP BY source) c'
        found = db._rows(sql, bind(sql, {**params, **more}))[0][0]
        return float(found or 0.0)
    return float(_numbered_authors(db, split, start, end, where, edge_rows, params))


def _numbered_authors(db: Store, split: daily.Split | None, start: datetime, end: datetime, where: str,
                      edge_rows: str, params: dict) -> int:
    """DuckDB's count (migration 0030): the numbers of the whole days' rows, and of the rows
    not numbered yet (since the last pass, `daily.number_authors`) and the edges' mentions
    looked up in `authors`, as the set bits of one bitmap; ids with no author row yet counted
    apart. Crowded 10M file, 2.4M authors in a 30-day window: 1.36 s for a hash table of the
    ids per source, 0.34 s in all (bench/bench_dashboard_pages.py; README, the authors' numbers)."""
    rows, more = counted(split, start, end,
                         f"SELECT source, author_id FROM daily_authors WHERE {where} AND author_number IS NULL",
                         edge_rows)
    numbered = ("" if split is None else
                f"SELECT author_number AS number FROM daily_authors WHERE {where} AND author_number IS NOT NULL "
                "AND day >= $first AND day < $last UNION ALL ")
    # The highest number given (a daily row may keep the number of an author row since purged):
    # bitstring_agg takes constant bounds. A number above it (written after this statement by
    # a writer of this process) is counted apart all the same.
    [(top,)] = db._rows(f"SELECT greatest(({daily.TOP_NUMBER}), 1)")
    top = int(top)
    sql = f"""WITH looked AS MATERIALIZED (
                  SELECT r.source, r.author_id, a.number FROM ({rows}) r
                  LEFT JOIN authors a ON a.id = {daily.author_row_id('r')}
                  WHERE r.author_id IS NOT NULL),
              numbers AS MATERIALIZED ({numbered}SELECT number FROM looked WHERE number IS NOT NULL)
              SELECT (SELECT bit_count(bitstring_agg(number, 1, {top})) FROM numbers WHERE number BETWEEN 1 AND {top}),
                     (SELECT count(DISTINCT number) FROM numbers WHERE number NOT BETWEEN 1 AND {top}),
                     (SELECT count(DISTINCT (source, author_id)) FROM looked WHERE number IS NULL)"""
    found = db._rows(sql, bind(sql, {**params, **more}))[0]
    return sum(int(n or 0) for n in found)


@dataclass(frozen=True)
class Overview:
    """The overview's figures: the window's totals, those of the window of the same length
    before it (without distinct authors: the page shows no authors' delta), the window's daily
    counts and its share of voice."""

    totals: dict[str, float]
    previous: dict[str, float]
    daily: pd.DataFrame
    voices: pd.DataFrame


OVERVIEW_EDGES = "_overview_edges"


def overview(db: Store, brand: str, start: datetime, end: datetime, sources: Sequence[str],
             include_own: bool = False, zone: str = "UTC") -> Overview:
    """`totals`, `totals` of the window before, `daily_counts` and `voice.share_of_voice`, with
    the edges of both windows read once.

    Each of those reads takes its edges (the partial local days at the window's two ends: a
    window cut at UTC midnights holds 23 hours of a Paris day) from the mentions joined with
    their scores, and that join reads the id of every score whatever the edges hold (10M
    mentions: 0.5 to 0.9 s a read, issue 17). Here the edge rows of both windows are read in
    one query over `daily_voice_rows` (the rule the daily tables count by), and the four reads
    take their edges from them. Where the tables count another zone, and on PostgreSQL (whose
    read-only transactions refuse the temporary table a registered one is), they go one by one."""
    from store import voice      # voice imports this module

    before = start - (end - start)
    splits = daily.split(db, start, end, zone), daily.split(db, before, start, zone)
    if None in splits or db.engine == "postgres":
        return Overview(totals(db, start, end, sources, include_own, zone),
                        totals(db, before, start, sources, include_own, zone, authors=False),
                        daily_counts(db, start, end, sources, include_own, zone),
                        voice.share_of_voice(db, brand, start, end, sources, include_own, zone))
    params: dict = {"sources": list(sources), "own": include_own, "zone": zone}
    ranges, edges = [], []
    for n, (split, (low, high)) in enumerate(zip(splits, ((start, end), (before, start)))):
        # Each window's edges as in `counted`, and the time ranges that hold them: a test of
        # created_at alone, which reaches the scans of the view (the row groups of the edges).
        ranges.append(f"(m.created_at >= $start{n} AND m.created_at < $low{n}) "
                      f"OR (m.created_at >= $high{n} AND m.created_at < $end{n})")
        edges.append(f"(m.created_at >= $start{n} AND m.created_at < $end{n} "
                     f"AND NOT (local_day($zone, m.created_at) >= $first{n} "
                     f"AND local_day($zone, m.created_at) < $last{n}))")
        params.update({f"start{n}": low, f"end{n}": high, f"low{n}": split.low, f"high{n}": split.high,
                       f"first{n}": split.first, f"last{n}": split.last})
    rows = db._arrow(
        "SELECT * FROM (SELECT m.created_at, m.author_id, m.voice, m.source, m.label, m.own, m.sentiment "
        f"FROM daily_voice_rows m WHERE ({' OR '.join(ranges)})) m "
        f"WHERE list_contains($sources, m.source) AND ($own OR NOT m.own) AND ({' OR '.join(edges)})", params)
    now, previous = Edges(OVERVIEW_EDGES, splits[0]), Edges(OVERVIEW_EDGES, splits[1])
    with db._registered(OVERVIEW_EDGES, rows):
        return Overview(
            totals(db, start, end, sources, include_own, zone, edges=now),
            totals(db, before, start, sources, include_own, zone, authors=False, edges=previous),
            daily_counts(db, start, end, sources, include_own, zone, edges=now),
            voice.share_of_voice(db, brand, start, end, sources, include_own, zone, edges=now))


@dataclass(frozen=True)
class MentionFilter:
    """The explorer's filters; empty tuples mean "any"."""

    start: datetime
    end: datetime
    sources: tuple[str, ...]
    langs: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    search: str = ""
    author: str = ""                      # one author's handle (any case, with or without "@")
    # The explorer lists every brand mention, our own voice included (the counts leave it out).
    include_own: bool = True


def _where(db: Store, where: MentionFilter, scores: bool = True) -> tuple[str, list]:
    """The FROM … WHERE of the explorer's filters, and its parameters; `scores=False` leaves the
    scores out when no filter reads them (a count, the ids of a page: the join adds no row)."""
    conditions = ["m.created_at >= ?", "m.created_at < ?", "list_contains(?, m.source)"]
    params: list = [where.start, where.end, list(where.sources)]
    if where.langs:
        conditions.append("list_contains(?, coalesce(m.lang, '?'))")
        params.append(list(where.langs))
    if where.labels:
        conditions.append("list_contains(?, coalesce(s.label, 'unscored'))")
        params.append(list(where.labels))
    if where.terms:
        conditions.append("len(list_intersect(m.matched, ?)) > 0")
        params.append(list(where.terms))
    search = search_index.cleaned(where.search)
    found = search_index.words(db, search) if search else []
    if found:
        # Words of the text or the author's handle, from the word index kept at ingest (DuckDB)
        # or the full-text index (PostgreSQL; store/search.py): every word of the search must
        # start a word of the mention.
        ids, bounds = search_index.matches(db, found, where.start, where.end, where.sources)
        conditions.append(f"m.id IN (SELECT mention_id FROM ({ids}))")
        params += bounds
    elif search:
        # No word in it ("%", an emoji): a literal substring of the text or the author.
        conditions.append("(m.text ILIKE ? ESCAPE '\\' OR m.author ILIKE ? ESCAPE '\\')")
        params += ["%" + _like_literal(search) + "%"] * 2
    if search_index.cleaned(where.author):
        conditions.append("handle_key(m.author) = handle_key(?)")
        params.append(search_index.cleaned(where.author))
    joined = " LEFT JOIN effective_scores s ON s.mention_id = m.id" if scores or where.labels else ""
    base = f"FROM {mention_view(where.include_own)} m{joined} WHERE " + " AND ".join(conditions)
    return base, params


def _matching(db: Store, where: MentionFilter, found: list[str] | None = None,
              tallies: search_index.Tallies | None = None) -> tuple[str, list]:
    """A query of (mention_id, created_at) of every mention matching the filters, each once.

    A search with no other filter than time and source is answered by the word index alone
    (store/search.py `matches`): its count and its newest ids never touch the other mentions.
    Other filters read the mentions, with the search as a semi-join on the index. `found`: the
    search's words when the caller has them."""
    found = search_index.words(db, where.search) if found is None else found
    if found and where.include_own and not (where.langs or where.labels or where.terms
                                            or search_index.cleaned(where.author)):
        return search_index.matches(db, found, where.start, where.end, where.sources, tallies)
    base, params = _where(db, where, scores=False)
    return f"SELECT m.id AS mention_id, m.created_at {base}", params


_COLUMNS = """m.created_at, m.source, m.author, m.lang, coalesce(s.label, 'unscored') AS label,
               s.compound, s.brand_compound, m.text, array_to_string(m.matched, ', ') AS matched,
               CASE WHEN regexp_matches(m.url, '^https?://', 'i') THEN m.url END AS url,
               m.id AS mention_id"""
# Only web links are clickable, never a javascript: or data: URL from a payload; `mention_id` is
# what `ambassade correct` and the correction form take. (No SQL comment inside: the columns
# are spliced into one-line statements, where it would swallow the FROM.)

COUNT_BOUND = 10_000
# The explorer counts its matches up to this bound and says "more than" beyond it: an exact
# count of a broad filter at 10M mentions reads every match (bench/bench_search.py), where
# the bounded count stops at the bound. Paging goes as deep as the bound; the CSV has it all.


def explore(db: Store, where: MentionFilter, limit: int = EXPLORER_LIMIT,
            offset: int = 0, bound: int | None = None) -> tuple[pd.DataFrame, int]:
    """One page of the mentions matching the filters, newest first, and how many match in all,
    counted up to `bound` (COUNT_BOUND when None): a count above it (bound + 1) means "more than".

    `offset` pages through the result; nothing before it is ever silently dropped. Two or three
    short reads: the first `bound` + 1 matches, kept, give the count and, when they are all of
    them, the page's ids (one pass over the matches); a larger result takes its newest ids in
    a second pass (a top-N); then the page's rows and scores are read by id (primary-key
    lookups), so that no join runs over the whole result. A search of several words first
    reads the newest slices of the window (`_slices`): the first that holds more than `bound`
    matches gives both the count and the page."""
    bound = COUNT_BOUND if bound is None else int(bound)
    first, last = max(0, int(offset)) + 1, max(0, int(offset)) + int(limit)
    found = search_index.words(db, where.search)
    tallies: search_index.Tallies = {}           # the words' counts, read once for both
    matching, params = _matching(db, where, found, tallies)
    for since in _slices(db, where, found, tallies):
        count, ids = _found(db, matching, params, first, last, since=since)
        if count > bound and count >= last:
            # More than the bound in the newest slice already, so in the window; the page's
            # rows are among the slice's, which are newer than every other match.
            return _by_id(db, list(ids or [])), bound + 1
    count, ids = _found(db, matching, params, first, last, cap=bound + 1)
    if count > bound:
        ids = _newest(db, matching, params, where, first - 1, int(limit), bound)
    return _by_id(db, list(ids or [])), int(count)


def _found(db: Store, matching: str, params: list, first: int, last: int,
           since: datetime | None = None, cap: int | None = None) -> tuple[int, list | None]:
    """How many rows of `matching` there are (those since `since`; up to `cap`), and the ids of
    rows `first` … `last` of them, newest first: one pass over the matches."""
    newer = "" if since is None else " WHERE created_at >= ?"
    capped = "" if cap is None else " LIMIT ?"
    count, ids = db._rows(
        f"WITH found AS MATERIALIZED (SELECT mention_id, created_at FROM ({matching}){newer}{capped}) "
        "SELECT (SELECT count(*) FROM found), "
        "(SELECT list(mention_id ORDER BY created_at DESC, mention_id DESC) FROM ("
        "SELECT mention_id, created_at FROM found ORDER BY created_at DESC, mention_id DESC "
        "LIMIT ? OFFSET ?) page)",
        [*params, *([] if since is None else [since]), *([] if cap is None else [cap]),
         last - first + 1, first - 1])[0]
    return int(count), ids


# The newest share of the window that a search of several words reads first, when each of
# them starts SLICE_ROWS index rows or more (see `_slices`).
FIRST_SLICE = 1 / 256
SLICE_ROWS = search_index.TALLY_BOUND     # the tallies `matches` reads anyway


def _slices(db: Store, where: MentionFilter, found: list[str] | None = None,
            tallies: search_index.Tallies | None = None) -> list[datetime]:
    """Where the newest slices of the window start (each 4 times the last, from FIRST_SLICE),
    for a DuckDB search of several words that are all common; none for another filter.

    Such a search is a semi-join of the index rows of its words, and its build reads every row
    of the word it joins whatever the window (two words in half of 10M mentions each: 0.7 s
    before the first match, issue 17). Bounded to the newest slice of the window, the join
    builds on that slice's rows, and DuckDB's dynamic filter on the time keeps the probe to its
    row groups: a broad search finds more than its bound there. When no slice does, the whole
    window is read as before, after at most a third of its cost in slices. A rarer word drives
    its search cheaply enough alone: the slices would only add to it (10M: 0.34 -> 0.84 s)."""
    if db.engine != "duckdb":
        return []
    found = search_index.words(db, where.search) if found is None else found
    if len(found) < 2 or not search_index.all_common(db, found, SLICE_ROWS, tallies):
        return []
    starts, share = [], FIRST_SLICE
    while share < 1.0 and (since := _slice_start(where, share)) is not None:
        starts.append(since)
        share *= 4
    return starts


def _slice_start(where: MentionFilter, share: float) -> datetime | None:
    """Where the newest `share` of the window starts (None for a window that holds no past).
    The window's end may lie ahead (a window that ends at the next 5-minute mark, or a test's):
    stored times never pass now (clamped at ingest), so the slice ends at now."""
    newest = min(where.end, datetime.now(timezone.utc))
    return newest - (newest - where.start) * share if newest > where.start else None


def _newest(db: Store, matching: str, params: list, where: MentionFilter, offset: int, limit: int,
            bound: int) -> list[str]:
    """The ids of rows offset+1 … offset+limit, newest first, of a result known to hold more than
    `bound` matches. A top-N over millions of matches reads them all (450 ms at 10M for a word
    in 88 % of mentions): it first looks in the newest slice of the window that would hold twice
    the rows wanted were the matches spread evenly, and reads the whole window only when that
    slice holds too few (a burst in older days). Either way the answer is exact: whatever the
    slice misses is older than all it holds."""
    top = (f"SELECT mention_id FROM ({matching}) WHERE created_at >= ? "
           "ORDER BY created_at DESC, mention_id DESC LIMIT ? OFFSET ?")
    share = min(1.0, 2 * (offset + limit) / (bound + 1))
    since = _slice_start(where, share) if share < 1.0 else None
    if since is not None:
        ids = [row[0] for row in db._rows(top, [*params, since, limit, offset])]
        if len(ids) == limit:
            return ids
    return [row[0] for row in db._rows(top, [*params, where.start, limit, offset])]


def _by_id(db: Store, ids: list[str]) -> pd.DataFrame:
    """The explorer's columns of the mentions `ids`, newest first: the ids are spelled out as
    parameters on both sides of the scores join, so both tables are read through their primary
    keys rather than scanned (a join of a page with all scores reads them all)."""
    marks = ", ".join("?" for _ in ids) or "NULL"
    return db._frame(
        f"SELECT {_COLUMNS} FROM mentions m LEFT JOIN (SELECT * FROM effective_scores WHERE mention_id IN ({marks})) s "
        f"ON s.mention_id = m.id WHERE m.id IN ({marks}) ORDER BY m.created_at DESC, m.id DESC",
        [*ids, *ids])


def explore_chunks(db: Store, where: MentionFilter, chunk: int = 20_000) -> Iterator[pd.DataFrame]:
    """Every mention matching the filters, newest first, `chunk` rows at a time (the CSV export).

    Keyset paging on (created_at, id): each chunk is one short query that starts where the
    last stopped, so memory stays at one chunk however large the result."""
    base, params = _where(db, where)
    after: tuple | None = None
    while True:
        keyset = "" if after is None else " AND (m.created_at, m.id) < (?, ?)"
        frame = db._frame(f"SELECT {_COLUMNS} {base}{keyset} ORDER BY m.created_at DESC, m.id DESC LIMIT ?",
                          [*params, *(after or ()), int(chunk)])
        if frame.empty:
            return
        yield frame
        if len(frame) < chunk:
            return
        last = frame.iloc[-1]
        after = (last["created_at"].to_pydatetime(), last["mention_id"])


def _like_literal(text: str) -> str:
    """A user's "%" or "_" taken literally in a LIKE pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
