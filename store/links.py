"""Tracked share links: minting, the redirector's code map, ingested hits, value and recognition.

The redirector never calls these while serving: it loads `redirect_targets` read-only at
start and on refresh, and its clicks come back through `record_hits` at ingestion.
Counted clicks are the `clicks` table (every reader of clicks counts humans only); every
hit, bots and repeats included, is in `link_hits`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pyarrow as pa

from ambassade.errors import InputError
from links.codes import new_code
from links.share import check_network
from store.connect import Store
from store.programme import ShareLink

if TYPE_CHECKING:
    import pandas as pd

    from links.spool import Hit

_TS = pa.timestamp("us", tz="UTC")


def share_link_for(db: Store, employee_id: str, content_id: str, network: str, now: datetime, *,
                   expire_days: int = 365) -> ShareLink:
    """The one share link of this employee × content × network: the existing one, else a new
    one with fresh random codes (the /l/ code and a distinct utm_content code).

    Only for enrolled employees and known content (InputError otherwise). Call it inside a
    transaction: get-or-create is then one step.
    """
    network = check_network(network)
    if not db._rows("SELECT count(*) FROM enrolled_employees WHERE id = ?", [employee_id])[0][0]:
        raise InputError(f"no enrolled employee with id {employee_id!r}")
    if not db._rows("SELECT count(*) FROM content WHERE id = ?", [content_id])[0][0]:
        raise InputError(f"no content with id {content_id!r}")
    found = db._rows(
        "SELECT code, epoch_us(created_at) FROM share_links WHERE employee_id = ? AND content_id = ? "
        "AND network = ? ORDER BY created_at, code LIMIT 1", [employee_id, content_id, network])
    if found:
        created = datetime.fromtimestamp(found[0][1] / 1e6, tz=timezone.utc)
        return ShareLink(found[0][0], employee_id, content_id, network, created)
    link = ShareLink(new_code(), employee_id, content_id, network, now.astimezone(timezone.utc))
    db._rows("INSERT INTO share_links (code, employee_id, content_id, network, created_at) "
             "VALUES (?, ?, ?, ?, ?)", [link.code, employee_id, content_id, network, link.created_at])
    db._rows("INSERT INTO share_link_tracking (code, utm_code, expires_at) VALUES (?, ?, ?)",
             [link.code, new_code(), link.created_at + timedelta(days=expire_days)])
    return link


def add_tracking(db: Store, rows: Sequence[tuple[str, str, datetime | None]]) -> int:
    """(code, utm_code, expires_at) for links inserted with store.programme.insert_share_links."""
    if not rows:
        return 0
    table = pa.table({"code": [r[0] for r in rows], "utm_code": [r[1] for r in rows],
                      "expires_at": pa.array([r[2] for r in rows], _TS)})
    with db._registered("_tracking", table):
        return int(db._rows("INSERT INTO share_link_tracking SELECT code, utm_code, expires_at FROM _tracking "
                            "ON CONFLICT DO NOTHING")[0][0])


def employee_links(db: Store, employee_id: str) -> dict[tuple[str, str], str]:
    """(content id, network) -> code of the employee's existing links."""
    return {(c, n): code for code, c, n in db._rows(
        "SELECT code, content_id, network FROM share_links WHERE employee_id = ?", [employee_id])}


def shareable_content(db: Store, limit: int = 30) -> pd.DataFrame:
    """The content employees may share, newest first: id, title, url, lang."""
    return db._frame("SELECT id, title, url, lang FROM content ORDER BY published_at DESC NULLS LAST, id LIMIT ?",
                     [limit])


def declared_handle(db: Store, employee_id: str, source: str) -> str | None:
    """The handle the employee declared on `source` (e.g. their Mastodon user@instance), if any."""
    rows = db._rows("SELECT handle FROM employee_handles WHERE employee_id = ? AND source = ? LIMIT 1",
                    [employee_id, source])
    return rows[0][0] if rows else None


@dataclass(frozen=True)
class Target:
    """Where one code redirects: the content URL, the link's network and utm_content code."""

    code: str
    url: str
    network: str
    utm_code: str
    expires_at: float | None      # epoch seconds; None: never


_TARGETS = """SELECT l.code, c.url, l.network, coalesce(t.utm_code, l.code) AS utm, epoch_us(t.expires_at) AS expires
               FROM share_links l JOIN enrolled_employees e ON e.id = l.employee_id
               JOIN content c ON c.id = l.content_id
               LEFT JOIN share_link_tracking t ON t.code = l.code"""


def redirect_targets(db: Store) -> list[Target]:
    """Every code the redirector may answer: links of enrolled employees to known content.

    A withdrawn or erased employee's links, and links to content that is gone, are absent
    (the redirector answers 404). Expiry is checked by the redirector at each request.
    """
    return [Target(code, url, network, utm, None if expires is None else expires / 1e6)
            for code, url, network, utm, expires in db._rows(_TARGETS)]


def targets_version(db: Store) -> tuple[int, str | None]:
    """A fingerprint of `redirect_targets`: it changes whenever a code comes, goes, or changes
    its URL, network, utm_content code or expiry (a new link, a withdrawal, an erasure).

    The redirector on a PostgreSQL URL asks this at each refresh instead of a file's mtime
    (links/serve.py): computed by the server over the same query, so an unchanged map costs
    one row on the wire, not the whole map rebuilt in Python. Exact, unlike the server's
    statistics counters (updated late, and only where track_counts is on)."""
    count, digest = db._rows(
        "SELECT count(*), md5(string_agg(code || ' ' || coalesce(url, '') || ' ' || network || ' ' || utm || ' ' || "
        f"coalesce(CAST(expires AS VARCHAR), '-'), '|' ORDER BY code)) FROM ({_TARGETS}) AS targets")[0]
    return int(count), digest


@dataclass(frozen=True)
class HitCounts:
    """What one ingestion added."""

    clicks: int = 0          # human clicks, counted
    others: int = 0          # bots, previews and repeats, kept apart
    known: int = 0           # already ingested (a re-read spool line)
    unknown_code: int = 0    # no such link any more (erased, purged): dropped


def record_hits(db: Store, hits: Sequence[Hit]) -> HitCounts:
    """Store spooled hits once each (by click id): every hit in link_hits, humans in clicks too.

    Hits of codes that are no longer links (erased between the click and ingestion) are
    dropped and counted, so an erased person's clicks never come back.
    """
    if not hits:
        return HitCounts()
    unique = {h.id: h for h in hits}
    table = pa.table({
        "id": list(unique),
        "code": [h.code for h in unique.values()],
        "hit_at": pa.array([h.at for h in unique.values()], _TS),
        "kind": [h.kind for h in unique.values()],
        "ua_class": [h.ua for h in unique.values()],
    })
    with db._registered("_hits", table):
        known = int(db._rows("SELECT count(*) FROM _hits WHERE id IN (SELECT id FROM link_hits)")[0][0])
        unknown = int(db._rows("SELECT count(*) FROM _hits WHERE code NOT IN (SELECT code FROM share_links)"
                               " AND id NOT IN (SELECT id FROM link_hits)")[0][0])
        db._rows("""CREATE TEMP TABLE _new_hits AS SELECT * FROM _hits
                    WHERE code IN (SELECT code FROM share_links) AND id NOT IN (SELECT id FROM link_hits)""")
    try:
        # ON CONFLICT, in id order: on PostgreSQL two drains of one spool may run at once (the
        # redirector's and the scheduler's on one host); the second waits on the first's rows,
        # then skips them, and counts only what it stored.
        total = int(db._rows("INSERT INTO link_hits SELECT id, code, hit_at, kind, ua_class FROM _new_hits "
                             "ORDER BY id ON CONFLICT DO NOTHING")[0][0])
        clicks = int(db._rows(
            "INSERT INTO clicks (id, code, clicked_at) SELECT id, code, hit_at FROM _new_hits "
            "WHERE kind = 'human' AND id NOT IN (SELECT id FROM clicks) ORDER BY id ON CONFLICT DO NOTHING")[0][0])
    finally:
        db._rows("DROP TABLE _new_hits")
    return HitCounts(clicks=clicks, others=total - clicks, known=known, unknown_code=unknown)


def hit_counts(db: Store, code: str | None = None) -> dict[str, int]:
    """Hits by kind (human, bot, repeat), for one code or all."""
    rows = db._rows("SELECT kind, count(*) FROM link_hits WHERE $code IS NULL OR code = $code GROUP BY 1",
                    {"code": code})
    return {"human": 0, "bot": 0, "repeat": 0} | {k: int(n) for k, n in rows}


# -- value in the comms team's terms -------------------------------------------------------
# Each view's row key: one expression over the shares side (s, e, c) and the clicks side (l, e, c).
_BY = {
    "content": ("c.title", "c.title"),
    "team": ("e.team", "e.team"),
    "network": ("s.network", "l.network"),
    "week": ("date_trunc('week', s.shared_at)::DATE", "date_trunc('week', k.at)::DATE"),
}


def value_table(db: Store, by: str, start: datetime, end: datetime, cost_per_click: float) -> pd.DataFrame:
    """Per content, team, network or week in [start, end): shares, estimated reach (followers of
    the sharing accounts, where the network gives them), human clicks, bot hits kept apart, and
    the earned-media value (human clicks × cost_per_click). For the comms team."""
    if by not in _BY:
        raise InputError(f"value by {by!r}: one of {', '.join(_BY)}")
    share_key, click_key = _BY[by]
    return db._frame(
        f"""
        WITH sh AS (
            SELECT {share_key} AS key, count(*) AS shares, sum(a.followers) AS reach
            FROM shares s JOIN employees e ON e.id = s.employee_id JOIN content c ON c.id = s.content_id
            LEFT JOIN mentions m ON m.id = s.mention_id
            LEFT JOIN authors a ON a.id = author_key(m.source, m.author_id, m.author)
            WHERE s.shared_at >= $start AND s.shared_at < $end GROUP BY 1),
        k AS (
            SELECT code, clicked_at AS at, 'human' AS kind FROM clicks WHERE clicked_at >= $start AND clicked_at < $end
            UNION ALL
            SELECT code, hit_at, kind FROM link_hits WHERE kind = 'bot' AND hit_at >= $start AND hit_at < $end),
        cl AS (
            SELECT {click_key} AS key, count(*) FILTER (k.kind = 'human') AS clicks,
                   count(*) FILTER (k.kind = 'bot') AS bot_hits
            FROM k JOIN share_links l ON l.code = k.code JOIN employees e ON e.id = l.employee_id
            JOIN content c ON c.id = l.content_id GROUP BY 1)
        SELECT coalesce(sh.key, cl.key) AS "{by}", coalesce(sh.shares, 0) AS shares,
               sh.reach AS reach, coalesce(cl.clicks, 0) AS clicks, coalesce(cl.bot_hits, 0) AS bot_hits,
               round(coalesce(cl.clicks, 0) * $cpc, 2) AS value
        FROM sh FULL OUTER JOIN cl ON cl.key = sh.key
        ORDER BY value DESC, shares DESC, 1
        """, {"start": start, "end": end, "cpc": cost_per_click})


# -- recognition (opt-in) -----------------------------------------------------------------
_POINTS = """
    WITH daily AS (SELECT employee_id, shared_at::DATE AS day, count(*) AS n FROM shares
                   WHERE shared_at >= $start AND shared_at < $end GROUP BY 1, 2),
         sh AS (SELECT employee_id, sum(n)::BIGINT AS shares, sum(least(n, $cap))::BIGINT AS counted,
                       count(DISTINCT date_trunc('week', day)) AS weeks FROM daily GROUP BY 1),
         nw AS (SELECT employee_id, count(DISTINCT network) AS networks FROM shares
                WHERE shared_at >= $start AND shared_at < $end GROUP BY 1),
         cl AS (SELECT l.employee_id, count(*) AS clicks FROM clicks c JOIN share_links l ON l.code = c.code
                WHERE c.clicked_at >= $start AND c.clicked_at < $end GROUP BY 1)
    SELECT e.id, e.display_name, e.team, e.named_ok, coalesce(sh.shares, 0) AS shares,
           coalesce(cl.clicks, 0) AS clicks, coalesce(sh.weeks, 0) AS weeks, coalesce(nw.networks, 0) AS networks,
           (coalesce(sh.counted, 0) * $pps + coalesce(cl.clicks, 0) * $ppc)::BIGINT AS points
    FROM enrolled_employees e LEFT JOIN sh ON sh.employee_id = e.id LEFT JOIN cl ON cl.employee_id = e.id
    LEFT JOIN nw ON nw.employee_id = e.id
"""


@dataclass(frozen=True)
class Leaderboard:
    """Who chose recognition, ranked by points; everyone else as one line, never ranked."""

    named: pd.DataFrame          # display_name, team, shares, clicks, weeks, networks, points (points > 0)
    others_people: int           # contributors who did not choose to be named
    others_points: int


def _points_params(start: datetime, end: datetime, points_per_share: int, points_per_click: int,
                   daily_cap: int) -> dict:
    return {"start": start, "end": end, "pps": points_per_share, "ppc": points_per_click, "cap": daily_cap}


def leaderboard(db: Store, start: datetime, end: datetime, *, points_per_share: int, points_per_click: int,
                daily_cap: int, limit: int = 20) -> Leaderboard:
    """Points for shares (at most `daily_cap` a day count) and for the human clicks they bring.

    Only people who agreed to be named (`named_ok`) appear by name, and only with points:
    no one is ever listed for not sharing. The rest is one "others" line."""
    params = _points_params(start, end, points_per_share, points_per_click, daily_cap)
    named = db._frame(f"SELECT display_name, team, shares, clicks, weeks, networks, points FROM ({_POINTS}) "
                      f"WHERE named_ok AND points > 0 ORDER BY points DESC, display_name LIMIT {int(limit)}", params)
    people, points = db._rows(f"SELECT count(*), coalesce(sum(points), 0) FROM ({_POINTS}) "
                              "WHERE NOT named_ok AND points > 0", params)[0]
    return Leaderboard(named, int(people), int(points))


def own_points(db: Store, employee_id: str, start: datetime, end: datetime, *, points_per_share: int,
               points_per_click: int, daily_cap: int) -> dict[str, int]:
    """One employee's own shares, clicks, active weeks, networks and points (for their page)."""
    params = _points_params(start, end, points_per_share, points_per_click, daily_cap) | {"id": employee_id}
    rows = db._rows(f"SELECT shares, clicks, weeks, networks, points FROM ({_POINTS}) WHERE id = $id", params)
    keys = ("shares", "clicks", "weeks", "networks", "points")
    return dict(zip(keys, (int(v) for v in rows[0]))) if rows else dict.fromkeys(keys, 0)


def shares_on_day(db: Store, employee_id: str, day: datetime) -> int:
    """How many shares the employee made on `day` (UTC), for the daily cap."""
    return int(db._rows("SELECT count(*) FROM shares WHERE employee_id = ? AND shared_at::DATE = ?::DATE",
                        [employee_id, day])[0][0])


# -- authenticity guards ------------------------------------------------------------------
_NORMAL_TEXT = "lower(trim(regexp_replace(regexp_replace({col}, 'https?://\\S+', '', 'g'), '\\s+', ' ', 'g')))"


def employee_post_texts(db: Store, start: datetime, end: datetime) -> list[tuple[str, str, str]]:
    """(employee id, mention id, text) of enrolled employees' collected posts in [start, end)."""
    return db._rows("SELECT p.employee_id, p.id, p.text FROM employee_posts p JOIN enrolled_employees e "
                    "ON e.id = p.employee_id WHERE p.created_at >= ? AND p.created_at < ? "
                    "ORDER BY p.created_at LIMIT 5000", [start, end])


def coordinated_posts(db: Store, start: datetime, end: datetime, hours: float, accounts: int,
                      limit: int | None = None) -> pd.DataFrame:
    """Identical public posts (links and spacing ignored) from at least `accounts` different
    accounts within `hours`: possible coordination, for the comms team to look at. Employees'
    own posts are not public listening and are left out.

    The groups with the most accounts first (the earliest of equals), at most `limit` of them;
    the `groups` column holds how many there are in all, so a page can say "100 of 4,210".

    Copies are the mentions of one `text_digest`, the digest of the normal text kept at ingest
    (migration 0027): no text is read or normalised here (issues 14 and 17: normalising the
    90 days' texts was 7 s of 13 s at 10M). The groups are found from (digest, author, time)
    alone; ids and sources are read for the groups shown, and one text each."""
    params = {"start": start, "end": end, "hours": hours, "accounts": accounts}
    if db.engine != "duckdb":
        if limit is not None:
            params["limit"] = int(limit)
        return _with_examples(db, db._frame(_paired_sql(limit), params))
    return _with_examples(db, _shown(db, _groups(db, params, limit), params, limit))


# DuckDB's groups are found in this many ranges of digests, one aggregate each: all the
# copies of a text share its digest, so each range holds whole groups, and an aggregate's
# memory is its share of them (10M: 0.8 GB in 4 ranges, 1.6 GB in one; 9.2-9.6 s against
# 6.4-9.1 s, same run, load 4.6).
DIGEST_RANGES = 4


def digest_ranges(parts: int = DIGEST_RANGES) -> list[tuple[str, str]]:
    """`parts` (a divisor of 16) ranges of UUIDs, first and last included, that cover them all."""
    step = 16 // parts
    return [(f"{i * step:x}0000000-0000-0000-0000-000000000000",
             f"{i * step + step - 1:x}fffffff-ffff-ffff-ffff-ffffffffffff") for i in range(parts)]


def _groups(db: Store, params: dict, limit: int | None) -> pd.DataFrame:
    """`_groups_sql` over each range of digests, put together: the count of all groups, and with
    a limit the `limit` first by accounts and first copy, with every group tied with the last."""
    import pandas as pd

    asked = params | ({} if limit is None else {"limit": int(limit)})
    parts = [db._frame(_groups_sql(limit), asked | {"lo": lo, "hi": hi}) for lo, hi in digest_ranges()]
    found = pd.concat(parts, ignore_index=True)
    found["groups"] = sum(int(part["groups"].iloc[0]) for part in parts if len(part))
    if limit is None or len(found) <= limit:
        return found
    found = found.sort_values(["accounts", "first_seen"], ascending=[False, True], ignore_index=True)
    last = found.iloc[int(limit) - 1]
    return found[(found["accounts"] > last["accounts"])
                 | ((found["accounts"] == last["accounts"]) & (found["first_seen"] <= last["first_seen"]))]


_WITHIN = "to_microseconds(CAST($hours * 3600e6 AS BIGINT))"
# The public copies of the window: a text of 20 characters at least (its digest is NULL
# otherwise), not an employee's own post.
_COPIES = ("created_at >= $start AND created_at < $end AND text_digest IS NOT NULL "
           "AND id NOT IN (SELECT id FROM employee_posts)")
_IN_RANGE = "text_digest BETWEEN CAST($lo AS UUID) AND CAST($hi AS UUID)"


def _groups_sql(limit: int | None) -> str:
    """DuckDB's groups of the digests from $lo to $hi, from (digest, author, time) alone: h,
    accounts, first_seen, last_seen, and how many groups there are (`groups`). With a limit,
    the `limit` first groups by accounts and first copy, and every group tied with the last of
    them (`_shown` breaks the ties by the first copy's id, which is read for these alone).

    One aggregate over the range's copies finds the digests with enough accounts in all; a text whose
    copies all fall within `hours` of its first copy has that first burst as its best (it holds
    them all), and its group is that aggregate's row. The others' copies are read again and
    each copy's burst counted by a windowed distinct count, one sorted pass per text. (The
    window's rows materialised, aggregated and joined back took 6.5 s and 4.5 s at 10M where
    this took 4.3 s and 2.5 s, in turn, same run.) Pairing every copy with every other grew
    with the square of a group (a campaign of 10,000 copies: 100 million pairs): the value
    page at 10M passed 14 GB (bench/bench_coordinated.py)."""
    return f"""
        -- every digest that could form a group, in one aggregate over the window: all its copies
        -- from enough accounts (no burst has more accounts than all of them)
        WITH d AS MATERIALIZED (
                 SELECT text_digest AS h, min(created_at) AS first, max(created_at) AS last,
                        count(DISTINCT author) AS accounts FROM mentions WHERE {_COPIES} AND {_IN_RANGE}
                 GROUP BY h
                 HAVING count(*) >= $accounts AND count(DISTINCT author) >= $accounts),
             whole AS (SELECT h, accounts, first AS first_seen, last AS last_seen FROM d
                       WHERE last <= first + {_WITHIN}),
             m AS MATERIALIZED (SELECT text_digest AS h, author, created_at FROM mentions WHERE {_COPIES}
                                AND {_IN_RANGE} AND text_digest IN (SELECT h FROM d WHERE last > first + {_WITHIN})),
             counted AS (SELECT h, created_at AS first, count(DISTINCT author) OVER (
                             PARTITION BY h ORDER BY created_at
                             RANGE BETWEEN CURRENT ROW AND {_WITHIN} FOLLOWING) AS accounts FROM m),
             -- the burst with the most accounts, the earliest of equals
             best AS (SELECT h, first, accounts FROM counted WHERE accounts >= $accounts
                      QUALIFY row_number() OVER (PARTITION BY h ORDER BY accounts DESC, first) = 1),
             spread AS (SELECT best.h, best.accounts, min(m.created_at) AS first_seen, max(m.created_at) AS last_seen
                        FROM best JOIN m ON m.h = best.h AND m.created_at BETWEEN best.first AND best.first + {_WITHIN}
                        GROUP BY best.h, best.accounts)
        SELECT h, accounts, first_seen, last_seen, count(*) OVER () AS groups
        FROM (SELECT * FROM whole UNION ALL SELECT * FROM spread)
        {"" if limit is None else "QUALIFY rank() OVER (ORDER BY accounts DESC, first_seen) <= $limit"}"""


def _shown(db: Store, found: pd.DataFrame, params: dict, limit: int | None) -> pd.DataFrame:
    """The groups of `found` shown, in order (the earliest first copy's id breaks ties), with
    their sources and mention ids: the copies read by digest, as constants pushed into the scan
    (a join read the ids and sources of the whole window)."""
    if found.empty:
        return found.drop(columns="h").assign(sources=[], mention_ids=[])[
            ["sources", "accounts", "first_seen", "last_seen", "mention_ids", "groups"]]
    digests = [str(h) for h in found["h"]]
    copies = []
    for at in range(0, len(digests), 1_000):
        chunk = digests[at:at + 1_000]
        marks = {f"h{i}": h for i, h in enumerate(chunk)}
        copies.append(db._arrow(
            f"SELECT text_digest AS h, id, source, created_at FROM mentions WHERE {_COPIES} "
            f"AND text_digest IN ({', '.join(f'CAST(${m} AS UUID)' for m in marks)})",
            {"start": params["start"], "end": params["end"], **marks}))
    groups = pa.Table.from_pandas(found[["h", "accounts", "first_seen", "last_seen", "groups"]].assign(
        h=digests), preserve_index=False)
    with db._registered("_groups", groups), db._registered("_copies", pa.concat_tables(copies)):
        return db._frame(f"""
            SELECT string_agg(DISTINCT c.source, ', ') AS sources, g.accounts, g.first_seen, g.last_seen,
                   list(c.id ORDER BY c.created_at, c.id) AS mention_ids, g.groups
            FROM _groups g JOIN _copies c ON c.h::UUID = g.h::UUID AND c.created_at BETWEEN g.first_seen AND g.last_seen
            GROUP BY g.h, g.accounts, g.first_seen, g.last_seen, g.groups
            ORDER BY g.accounts DESC, g.first_seen, min(c.id) FILTER (c.created_at = g.first_seen)
            {"" if limit is None else f"LIMIT {int(limit)}"}""")


def _paired_sql(limit: int | None) -> str:
    """PostgreSQL's form: the copies of a text, by its digest, paired with every other copy in
    the `hours` after it (PostgreSQL has no DISTINCT in window aggregates)."""
    return f"""
        WITH w AS MATERIALIZED (SELECT id, author, text_digest AS h FROM mentions WHERE {_COPIES}),
             -- cheap aggregates every group passes
             shared AS (SELECT h FROM w GROUP BY h
                        HAVING count(*) >= $accounts AND ($accounts < 2 OR min(author) < max(author))),
             m AS MATERIALIZED (
                 SELECT id, source, author, created_at, text_digest AS h FROM mentions
                 WHERE created_at >= $start AND created_at < $end
                   AND id IN (SELECT id FROM w WHERE h IN (SELECT h FROM shared))),
             burst AS (SELECT a.h, a.created_at AS first, count(DISTINCT b.author) AS accounts
                       FROM m a JOIN m b ON b.h = a.h
                        AND b.created_at BETWEEN a.created_at AND a.created_at + {_WITHIN}
                       GROUP BY 1, 2 HAVING count(DISTINCT b.author) >= $accounts),
             -- the burst with the most accounts, the earliest of equals (arg_max chose any)
             best AS (SELECT b.h, min(b.first) AS first, b.accounts FROM burst b
                       JOIN (SELECT h, max(accounts) AS accounts FROM burst GROUP BY 1) top
                       ON top.h = b.h AND top.accounts = b.accounts GROUP BY b.h, b.accounts)
        SELECT string_agg(DISTINCT m.source, ', ') AS sources,
               best.accounts, min(m.created_at) AS first_seen, max(m.created_at) AS last_seen,
               list(m.id ORDER BY m.created_at, m.id) AS mention_ids, count(*) OVER () AS groups
        FROM best JOIN m ON m.h = best.h AND m.created_at BETWEEN best.first AND best.first + {_WITHIN}
        GROUP BY best.h, best.accounts ORDER BY best.accounts DESC, first_seen, min(m.id)
        {"" if limit is None else "LIMIT $limit"}"""


def _with_examples(db: Store, found: pd.DataFrame) -> pd.DataFrame:
    """`found` with each group's first copy's text in front (one lookup by id for all groups)."""
    firsts = [str(ids[0]) for ids in found["mention_ids"]]
    texts: dict[str, str] = {}
    # An IN list of placeholders is pushed into the scan (a semi-join read every text: 0.5 s at 10M).
    for at in range(0, len(firsts), 1_000):
        chunk = firsts[at:at + 1_000]
        texts.update(db._rows(f"SELECT id, text FROM mentions WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
    found.insert(0, "text", [texts.get(first) for first in firsts])
    return found


# What DuckDB's trim drops at the ends of a text: the space and Unicode's other spaces (Zs;
# tests/store/test_coordinated_posts.py checks the list against every code point). Migration
# 0027's `text_digest` macro normalises a text by `lower` alone when it has none of these at
# either end, no "://" and no space but single ones (tests/store/test_text_digest.py).
TRIMMED = (0x20, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)
