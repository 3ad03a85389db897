"""A store with a month of quiet chatter, then a bad buzz in two waves a night apart."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from scoring.batch import score_store
from scoring.signals import refresh_signals
from store.mentions import insert_mentions

NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
CHATTER = ["Lemoine ouvre une boutique rue de la Paix", "Petit café chez Lemoine ce matin",
           "Le pain de Lemoine est bon, service correct", "Lemoine a changé ses horaires le dimanche"]
BUZZ = ["Intoxication après un flan Lemoine, plusieurs malades à Lyon, c'est honteux",
        "Flan Lemoine : rappel de lot, intoxication alimentaire, scandale",
        "Encore des malades après le flan de chez Lemoine, intoxication grave",
        "Lemoine doit communiquer sur cette intoxication au flan, inadmissible"]


def mention(n: int, author: str, text: str, at: datetime, followers: int = 100, source: str = "x") -> Mention:
    return Mention(source=source, native_id=str(n), author=author, author_id=None, text=text, url=None,
                   created_at=at, matched=("Lemoine",), author_followers=followers)


def buzz_posts(start: int = 10_000, followers_of=lambda i: 10 + i) -> list[Mention]:
    """Two waves: 30 posts the evening 17 hours ago, 40 the morning 4 hours ago."""
    posts = []
    for i in range(30):
        posts.append(mention(start + i, f"buzz{i}", BUZZ[i % 4], NOW - timedelta(hours=17, minutes=-i),
                             followers_of(i), source="x" if i % 3 else "reddit"))
    for i in range(40):
        posts.append(mention(start + 100 + i, f"wave{i}", BUZZ[(i + 1) % 4],
                             NOW - timedelta(hours=4, minutes=-i), followers_of(i)))
    return posts


@pytest.fixture
def buzzing(db, settings):
    """The store, scored and with its signals refreshed at NOW (alerts found by the detector)."""
    posts = [mention(n, f"chatter{n % 9}", CHATTER[n % 4], NOW - timedelta(hours=30 + 2 * n))
             for n in range(24 * 14)]
    posts += buzz_posts()
    with db.transaction() as con:
        insert_mentions(con, posts)
    score_store(db, TermMatcher(settings.brand.terms), ["fr", "en"])
    refresh_signals(db, settings, now=NOW)
    return db
