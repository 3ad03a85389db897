"""Coordinated public posts (store/links.py `coordinated_posts`) are found exactly as the
straightforward query finds them (every text of the window normalised by pattern and paired
with every other): the faster form groups copies by the digest of the normal text kept at
ingest (migration 0027; tests/store/test_text_digest.py) and counts only the digests that
could form a group (issues 14 and 17)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest

from ambassade.model import Mention
from store import Store, links
from store.mentions import insert_mentions
from store.programme import Employee, upsert_employees

NOW = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=1)
BASE = "Boycott Lemoine, ils empoisonnent leurs clients, partagez"
# One message as copies write it: links, spaces of every kind, case, accents at an end.
VARIANTS = (BASE, BASE.upper(), f"  {BASE}\t", f"{BASE} https://t.co/abc", f"https://bit.ly/x {BASE}",
            BASE.replace(" ", "  "), BASE.replace(" ", "\n"), f"\u00a0{BASE}\u3000", f"{BASE}\u000b",
            f"{BASE} déçu", f"{BASE} DÉÇU", f"{BASE}\r\n", f"\f{BASE} HTTP://x.fr")

# The query as it was written first, the reference the faster one must agree with (the
# changes to both: of two bursts with as many accounts, the earliest is shown, arg_max chose any;
# copies at the same instant are listed by id).
STRAIGHTFORWARD = f"""
    WITH m AS (SELECT id, source, author, created_at, text, {links._NORMAL_TEXT.format(col="text")} AS norm
               FROM mentions WHERE created_at >= $start AND created_at < $end AND length(text) >= 20
                 AND id NOT IN (SELECT id FROM employee_posts)),
         burst AS (SELECT a.norm, a.created_at AS first, count(DISTINCT b.author) AS accounts
                   FROM m a JOIN m b ON b.norm = a.norm
                    AND b.created_at BETWEEN a.created_at AND a.created_at + to_microseconds(
                        CAST($hours * 3600e6 AS BIGINT))
                   GROUP BY 1, 2 HAVING count(DISTINCT b.author) >= $accounts),
         -- the burst with the most accounts, the earliest of equals (arg_max chose any)
         best AS (SELECT b.norm, min(b.first) AS first, b.accounts FROM burst b
                   JOIN (SELECT norm, max(accounts) AS accounts FROM burst GROUP BY 1) top
                   ON top.norm = b.norm AND top.accounts = b.accounts GROUP BY b.norm, b.accounts)
    SELECT string_agg(DISTINCT m.source, ', ') AS sources,
           best.accounts, min(m.created_at) AS first_seen, max(m.created_at) AS last_seen,
           list(m.id ORDER BY m.created_at, m.id) AS mention_ids
    FROM best JOIN m ON m.norm = best.norm AND m.created_at BETWEEN best.first
         AND best.first + to_microseconds(CAST($hours * 3600e6 AS BIGINT))
    GROUP BY best.norm, best.accounts ORDER BY best.accounts DESC, first_seen
"""


def posts(seed: int, n: int) -> list[Mention]:
    """Copies of a few messages by a few accounts over six hours, minutes to hours apart."""
    rnd = random.Random(seed)
    messages = [VARIANTS, tuple(v.replace("Boycott", "Merci") for v in VARIANTS),
                ("Lemoine a le meilleur pain de tout le quartier, vraiment",),
                ("Un texte court",)]
    out = []
    for i in range(n):
        family = rnd.choice(messages)
        author = rnd.choice(["acct1", "acct2", "acct3", "acct4", "ana.emp", None])
        out.append(Mention(source=rnd.choice(["x", "reddit", "bluesky"]), native_id=str(i), author=author,
                           author_id=None if author is None else f"id-{author}", text=rnd.choice(family),
                           url=None, created_at=NOW - timedelta(minutes=rnd.randrange(6 * 60)),
                           matched=("Lemoine",)))
    return out


def straightforward(db: Store, start: datetime, end: datetime, hours: float, accounts: int) -> pd.DataFrame:
    return db._frame(STRAIGHTFORWARD, {"start": start, "end": end, "hours": hours, "accounts": accounts})


def test_plain_texts_are_normalised_as_the_patterns_do(db: Store):
    """Migration 0027's digest takes plain texts by `lower` alone: the same as the patterns'."""
    edges = ["a\u00a0b  c", "\u2003x", "x\u2003", "ab\u000bcd", "voir:https://x.fr/y z", "://", "é"]
    pad = "x" * 20                       # under 20 characters a text has no digest
    texts = list(VARIANTS) + [pad + t for t in edges] + [t + pad for t in edges]
    rows = db._rows(f"SELECT text_digest(text), CAST(md5({links._NORMAL_TEXT.format(col='text')}) AS UUID) "
                    f"FROM (SELECT unnest($texts::VARCHAR[]) AS text)", {"texts": texts})
    assert [fast for fast, _ in rows] == [slow for _, slow in rows]


def test_trim_drops_exactly_the_characters_the_plain_text_test_looks_for(db: Store):
    if db.engine != "duckdb":
        pytest.skip("PostgreSQL's texts all go through the patterns")
    rows = db._rows("SELECT list(i ORDER BY i) FROM range(1, 1114112) t(i) "
                    "WHERE (i < 55296 OR i > 57343) AND trim(chr(i::INTEGER)) = ''")
    assert rows[0][0] == list(links.TRIMMED)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("hours, accounts", [(2, 3), (0.5, 2), (24, 4), (48, 1)])
def test_coordinated_posts_match_the_straightforward_query(db: Store, seed: int, hours: float, accounts: int):
    with db.transaction() as tx:
        insert_mentions(tx, posts(seed, 120))
        # An employee's own posts are not public listening, whatever they say.
        upsert_employees(tx, [Employee("emp:ana", "Ana", "ventes", NOW - timedelta(days=9),
                                       {"x": "ana.emp", "reddit": "ana.emp", "bluesky": "ana.emp"})])
    start, end = NOW - timedelta(days=3), NOW + timedelta(hours=1)
    found = links.coordinated_posts(db, start, end, hours, accounts)
    expected = straightforward(db, start, end, hours, accounts)
    assert not expected.empty or accounts == 4
    assert_same(found, expected)
    texts = dict(db._rows("SELECT id, text FROM mentions"))
    for text, ids in zip(found["text"], found["mention_ids"]):
        assert text in {texts[i] for i in ids}        # an example of the group, whichever copy


def assert_same(found: pd.DataFrame, expected: pd.DataFrame) -> None:
    def rows(frame: pd.DataFrame) -> list[tuple]:
        return sorted((tuple(sorted(r.sources.split(", "))), int(r.accounts), r.first_seen, r.last_seen, tuple(r.mention_ids))
                      for r in frame.itertuples())
    assert rows(found) == rows(expected)


def campaign(seed: int, copies: int, accounts: int) -> list[Mention]:
    """One message posted `copies` times by `accounts` accounts over a day, many at the same
    minute (bursts that start on a tie), beside a second message and some unrelated posts."""
    rnd = random.Random(seed)
    out = []
    for i in range(copies):
        text = rnd.choice((BASE, VARIANTS[3], "Merci Lemoine pour ce pain, vraiment le meilleur", f"post unique numéro {i}"))
        author = f"acct{rnd.randrange(accounts)}"
        out.append(Mention(source=rnd.choice(["x", "bluesky"]), native_id=f"c{i}", author=author, author_id=f"id-{author}",
                           text=text, url=None, created_at=NOW - timedelta(minutes=rnd.randrange(0, 24 * 60, 7)),
                           matched=("Lemoine",)))
    return out


@pytest.mark.parametrize("hours, accounts", [(1, 5), (3, 20), (0.1, 2)])
def test_large_groups_with_ties_match_the_straightforward_query(db: Store, hours: float, accounts: int):
    # Hundreds of copies of a text: the windowed count (DuckDB) must give the pairing's bursts.
    with db.transaction() as tx:
        insert_mentions(tx, campaign(5, 900, 60))
    start, end = NOW - timedelta(days=2), NOW + timedelta(hours=1)
    found = links.coordinated_posts(db, start, end, hours, accounts)
    expected = straightforward(db, start, end, hours, accounts)
    assert not expected.empty
    assert_same(found, expected)


def test_a_limit_keeps_the_largest_groups_and_says_how_many_there_are(db: Store):
    with db.transaction() as tx:
        insert_mentions(tx, posts(1, 120) + campaign(2, 300, 30))
    start, end = NOW - timedelta(days=3), NOW + timedelta(hours=1)
    everything = links.coordinated_posts(db, start, end, 2, 2)
    assert len(everything) >= 3
    first = links.coordinated_posts(db, start, end, 2, 2, limit=2)
    assert list(first["mention_ids"].map(tuple)) == list(everything["mention_ids"].map(tuple))[:2]
    assert list(first["accounts"]) == sorted(everything["accounts"], reverse=True)[:2]
    assert set(first["groups"]) == set(everything["groups"]) == {len(everything)}
