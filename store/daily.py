"""Daily counts kept by every write (migration 0021), and the window split the reads use.

The rule of what is counted is the schema's `daily_voice_rows` view (over `brand_mentions`,
`competitor_mentions` and `effective_scores`, the views every listening read uses), so the
counts obey the same corrections and own-voice rule as a full scan. How they are kept:

- a new page of mentions appends its own counts (a new mention has no correction yet, and its
  score, if any, is read through the same views), in the transaction that stores it;
- scores, corrections, an erasure or a purge recount the local days they touch: the day's rows
  are deleted and counted again from the views, inside the writing transaction;
- a change of our own voice (own accounts, declared handles) recounts the days of the mentions
  by the handles that changed; a change of [brand] timezone recounts everything.

Readers (store/listening.py, store/voice.py) take the local days wholly inside their window
from the tables and read only the partial days at its two edges from the mentions.

The daily author rows are written without their author's number (migration 0030): the
catch-up pass after ingest gives them (`number_authors`, store/passes.py), and readers look
up by id the rows it has not reached yet.

Several writers at once (PostgreSQL): a page counts only the mentions its own transaction
inserted (store/mentions.py), and pages and recounts take turns on one lock (`_take_turn`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pyarrow as pa

from store.connect import Store

# A few hours either side of a computed midnight: the edges a reader scans are cut on UTC
# instants computed in Python, and the exact day test is DuckDB's own (`local_day`); the margin
# keeps a daylight-saving shift at midnight from ever dropping a row between the two.
_EDGE_MARGIN = timedelta(hours=3)
# A recount reads the mentions of these UTC instants around its local days (any zone's day
# lies within a day of the UTC one).
_DAY_MARGIN = timedelta(days=1, hours=3)


# PostgreSQL's writers run at once, under READ COMMITTED. A recount deletes a day's rows, then
# counts the day again from the mentions; a page another writer commits between those two
# statements would be counted twice (its own count rows escaped the delete, its mentions are
# in the recount). So a page's counts take this lock shared (pages never wait for each other)
# and a recount takes it exclusive, both until their commit: a recount waits for the pages
# in flight to commit (then deletes and recounts them), and a page arriving during a recount
# waits for it (its mentions, not yet committed, were not in the recount). A wait, never a
# retry. DuckDB has one writing process: nothing to take turns with.
_LOCK = "hashtext('ambassade:daily-counts')"


def _take_turn(db: Store, exclusive: bool) -> None:
    if db.engine == "postgres":
        db._rows(f"SELECT pg_advisory_xact_lock{'' if exclusive else '_shared'}({_LOCK})")


def counted_zone(db: Store) -> str:
    """The zone whose local days the daily tables count in."""
    rows = db._rows("SELECT zone FROM daily_zone LIMIT 1")
    return rows[0][0] if rows else "UTC"


def keep_zone(db: Store, zone: str) -> bool:
    """Count in `zone` ([brand] timezone) from now on; recounts everything when it changes.
    Returns whether it did. Runs in the caller's transaction."""
    if counted_zone(db) == zone:
        return False
    db._rows("DELETE FROM daily_zone")
    db._rows("INSERT INTO daily_zone VALUES (?)", [zone])
    recount_all(db)
    return True


def recount_all(db: Store) -> None:
    """Count every mention again (a change of zone; a repair)."""
    _take_turn(db, exclusive=True)
    zone = counted_zone(db)
    for table in _TABLES:
        db._rows(f"DELETE FROM {table}")
    db._rows(f"INSERT INTO daily_counts {_VOICE_COUNTS(rows=_VOICE_ROWS)} GROUP BY ALL", [zone])
    db._rows(f"INSERT INTO daily_authors {_AUTHORS(rows=_VOICE_ROWS)} WHERE voice = ''", [zone])
    db._rows(f"INSERT INTO daily_mentions {_MENTION_COUNTS(rows='mentions')} GROUP BY ALL", [zone])
    _remember_own_handles(db)


# Each table's counts of the rows of a source: the views (a recount) or a page's own rows
# (count_new); $1 is the zone.
_VOICE_COUNTS = ("SELECT local_day($1, created_at) AS day, voice, source, lang, label, own, "
                 "count(*) AS mentions, sum(sentiment) AS sentiment FROM {rows}").format
# Without their numbers: the catch-up pass gives them (`number_authors`).
_AUTHORS = ("(day, source, own, author_id) "
            "SELECT DISTINCT local_day($1, created_at), source, own, author_id FROM {rows}").format
_TABLES = ("daily_counts", "daily_authors", "daily_mentions")
_MENTION_COUNTS = ("SELECT local_day($1, created_at) AS day, source, lang, matched, count(*) AS mentions "
                   "FROM {rows}").format
_VOICE_ROWS = "daily_voice_rows"


def count_new(db: Store, batch: str) -> None:
    """Add the counts of the new mentions of `batch` (a registered Arrow table with the columns
    of `mentions`, holding exactly the rows this transaction inserted): the collector's page hook.

    The page's rows of `daily_voice_rows` (the rule) are read once, and both voice tables are
    counted from that small result; the stored-mention counts come from the page itself (its
    rows are the stored ones), not from a second read of `mentions` (bench/bench_ingest.py)."""
    span = db._rows(f"SELECT min(created_at), max(created_at) FROM {batch}")[0]
    if span[0] is None:
        return
    _take_turn(db, exclusive=False)
    zone = counted_zone(db)
    # The batch's time span lets DuckDB skip the row groups outside it (zone maps).
    rows = db._arrow("SELECT created_at, voice, source, lang, label, own, sentiment, author_id "
                     f"FROM {_VOICE_ROWS} WHERE created_at >= ? AND created_at <= ? "
                     f"AND id IN (SELECT id FROM {batch})", [span[0], span[1]])
    if rows.num_rows:
        with db._registered("_daily_rows", rows):
            db._rows(f"INSERT INTO daily_counts {_VOICE_COUNTS(rows='_daily_rows')} GROUP BY ALL", [zone])
            db._rows(f"INSERT INTO daily_authors {_AUTHORS(rows='_daily_rows')} WHERE voice = ''", [zone])
    db._rows(f"INSERT INTO daily_mentions {_MENTION_COUNTS(rows=batch)} GROUP BY ALL", [zone])


def number_authors(store) -> int:
    """Give the authors with no number the next ones, and the daily author rows with none their
    author's (migration 0030), in one short transaction of `store` (a Store or a
    ShortLivedStore: anything with `transaction()`). Returns how many daily rows were numbered.

    Run after ingest with the index pass, not by each page: a page's lookup of its authors'
    numbers reads the whole authors table (75 ms a page at 2.4M authors). Until then, the
    rows without a number are read by their ids (`listening.distinct_authors`): the count is
    the same, only slower. DuckDB has one writing process, so the highest number + row_number cannot collide;
    PostgreSQL keeps no numbers."""
    with store.transaction() as db:
        if db.engine == "postgres":
            return 0
        db._rows("UPDATE authors SET number = n.number FROM ("
                 f"SELECT id, CAST(({TOP_NUMBER}) + row_number() OVER (ORDER BY first_seen, id) AS INTEGER) AS number "
                 "FROM authors WHERE number IS NULL) n WHERE authors.id = n.id")
        [(numbered,)] = db._rows(
            "UPDATE daily_authors SET author_number = a.number FROM authors a "
            "WHERE daily_authors.author_number IS NULL AND daily_authors.author_id IS NOT NULL "
            f"AND a.id = {author_row_id('daily_authors')}")
        return int(numbered)


# DuckDB's own columns (the authors' numbers of migration 0030, the scores' times of 0031):
# `store copy` into PostgreSQL leaves them out, and gives them in DuckDB after a copy from it.
DUCKDB_ONLY = {"authors": ("number",), "daily_authors": ("author_number",), "scores": ("created_at",)}

# The highest number given: an author's row may be purged while its daily rows keep its
# number, which is then never given again (two authors would count as one).
TOP_NUMBER = ("SELECT greatest(coalesce((SELECT max(number) FROM authors), 0), "
               "coalesce((SELECT max(author_number) FROM daily_authors), 0))")

def author_row_id(rows: str) -> str:
    """The SQL id in `authors` of the author of a row of `rows` (with source and author_id):
    "<source>:<author id>" (store/mentions.py `author_key`; a row without an author id has none)."""
    return f"{rows}.source || ':' || {rows}.author_id"


def scored_days(db: Store, batch: str,
                span: tuple[datetime, datetime] | None = None) -> tuple[list[date], list[date]]:
    """Before the scores of `batch` (a registered table with `mention_id` and `lang`) are
    written: the local days of their mentions, and those of the mentions with no language
    that take the batch's. `span` (the mentions' earliest and latest `created_at`, when the
    caller knows it) keeps the search to the row groups of that span."""
    where, params = "", [counted_zone(db)]
    if span is not None:
        where, params = "WHERE m.created_at >= ? AND m.created_at <= ?", [*params, *span]
    rows = db._rows(
        f"SELECT local_day(?, m.created_at) AS day, bool_or(m.lang IS NULL AND s.lang IS NOT NULL) "
        f"FROM mentions m JOIN {batch} s ON s.mention_id = m.id {where} GROUP BY day", params)
    return [row[0] for row in rows], [row[0] for row in rows if row[1]]


def recount_scored(db: Store, days: Sequence[date], relabelled: Sequence[date] = ()) -> None:
    """Recount the days scored (`scored_days`, asked before the write).

    A score changes a mention's label and sentiment (daily_counts), never who wrote it
    (daily_authors: not recounted), and its language only where it had none: on the
    `relabelled` days alone are daily_mentions recounted. Measured at 500k mentions, the
    authors' recount was 27 % of a 20,000-score batch's recount."""
    recount_days(db, days, ("daily_counts",))
    recount_days(db, relabelled, ("daily_mentions",))


def days_of(db: Store, mention_ids: Sequence[str]) -> list[date]:
    """The local days of these mentions (before they are deleted: an erasure recounts them after)."""
    if not mention_ids:
        return []
    with db._registered("_daily_ids", pa.table({"id": pa.array(list(mention_ids), pa.string())})):
        return [row[0] for row in db._rows(
            "SELECT DISTINCT local_day(?, created_at) FROM mentions WHERE id IN (SELECT id FROM _daily_ids)",
            [counted_zone(db)])]


def recount_mentions(db: Store, mention_ids: Sequence[str]) -> None:
    """Recount the days of these mentions (a correction)."""
    recount_days(db, days_of(db, mention_ids))


def recount_days(db: Store, days: Sequence[date], tables: Sequence[str] = _TABLES) -> None:
    """Delete the rows of these local days and count them again from the views (the daily
    `tables` named, by default all three)."""
    days = sorted(set(days))
    if not days:
        return
    _take_turn(db, exclusive=True)
    zone = counted_zone(db)
    low = datetime.combine(days[0], time(0), timezone.utc) - _DAY_MARGIN
    high = datetime.combine(days[-1], time(0), timezone.utc) + _DAY_MARGIN + timedelta(days=1)
    where = "created_at >= $2 AND created_at < $3 AND list_contains($4, local_day($1, created_at))"
    params = [zone, low, high, days]
    for table in tables:
        db._rows(f"DELETE FROM {table} WHERE list_contains(?, day)", [days])
    if "daily_counts" in tables:
        db._rows(f"INSERT INTO daily_counts {_VOICE_COUNTS(rows=_VOICE_ROWS)} WHERE {where} GROUP BY ALL", params)
    if "daily_authors" in tables:
        db._rows(f"INSERT INTO daily_authors {_AUTHORS(rows=_VOICE_ROWS)} WHERE voice = '' AND {where}", params)
    if "daily_mentions" in tables:
        db._rows(f"INSERT INTO daily_mentions {_MENTION_COUNTS(rows='mentions')} WHERE {where} GROUP BY ALL",
                 params)


def forget_before(db: Store, cutoff: datetime) -> None:
    """After a purge of the mentions older than `cutoff`: drop the days before it, recount its own."""
    _take_turn(db, exclusive=True)
    day = db._rows("SELECT local_day(?, ?::TIMESTAMPTZ)", [counted_zone(db), cutoff])[0][0]
    for table in _TABLES:
        db._rows(f"DELETE FROM {table} WHERE day < ?", [day])
    recount_days(db, [day])


def recount_own_voice(db: Store) -> int:
    """After own accounts or declared handles changed: recount the days of the mentions by the
    handles that came or went. Returns how many handles changed."""
    changed = db._rows(
        "(SELECT source, handle FROM own_handles EXCEPT SELECT source, handle FROM daily_own_handles) "
        "UNION (SELECT source, handle FROM daily_own_handles EXCEPT SELECT source, handle FROM own_handles)")
    if not changed:
        return 0
    table = pa.table({"source": [c[0] for c in changed], "handle": [c[1] for c in changed]})
    with db._registered("_daily_handles", table):
        days = [row[0] for row in db._rows(
            "SELECT DISTINCT local_day(?, m.created_at) FROM mentions m "
            "SEMI JOIN _daily_handles h ON h.source = m.source AND h.handle = handle_key(m.author)",
            [counted_zone(db)])]
    recount_days(db, days)
    _remember_own_handles(db)
    return len(changed)


def _remember_own_handles(db: Store) -> None:
    db._rows("DELETE FROM daily_own_handles")
    db._rows("INSERT INTO daily_own_handles SELECT DISTINCT source, handle FROM own_handles")


@dataclass(frozen=True)
class Split:
    """A reader's window [start, end) cut into the local days the tables answer, [first, last),
    and the two edges read from the mentions: instants before `low` or from `high` on whose
    local day lies outside [first, last)."""

    zone: str
    first: date
    last: date
    low: datetime
    high: datetime


def split(db: Store, start: datetime, end: datetime, zone: str) -> Split | None:
    """How to answer [start, end) in `zone`'s days; None when the tables count in another zone
    (the reader then scans the mentions)."""
    if counted_zone(db) != zone:
        return None
    tz = ZoneInfo(zone)
    first = start.astimezone(tz).date()
    if _midnight(first, tz) < start and _holds(db, zone, first, _midnight(first, tz) - _DAY_MARGIN, start):
        first += timedelta(days=1)
    last = end.astimezone(tz).date()
    # A window usually ends "now" (dashboard.queries.window), in the middle of today: today is
    # still a whole day of the table when nothing of it lies at or after the end (ingest dates
    # nothing in the future), and today is where a crisis puts most of the window's mentions.
    # Likewise the first day when nothing of it lies before the start.
    if _midnight(last, tz) < end and not _holds(db, zone, last, end, _midnight(last, tz) + _DAY_MARGIN):
        last += timedelta(days=1)
    if last <= first:                      # no whole day: everything is an edge
        return Split(zone, first, first, end, end)
    return Split(zone, first, last, _midnight(first, tz) + _EDGE_MARGIN, _midnight(last, tz) - _EDGE_MARGIN)


def _holds(db: Store, zone: str, day: date, low: datetime, high: datetime) -> bool:
    """Whether any mention of local `day` lies in [low, high) (a read of a few row groups)."""
    return bool(db._rows("SELECT EXISTS (SELECT 1 FROM mentions WHERE created_at >= ? AND created_at < ? "
                         "AND local_day(?, created_at) = ?)", [low, high, zone, day])[0][0])


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tz).astimezone(timezone.utc)
