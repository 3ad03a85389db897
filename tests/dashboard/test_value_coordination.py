"""The value page: of the coordinated public posts only the largest groups leave the store, and the
page says how many there are in all (issue 17: only the rows a page shows leave the database);
the cost of a click in the reader's number format (issue 14)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ambassade.model import Mention
from dashboard import queries
from store import open_store
from store.mentions import insert_mentions
from tests.dashboard.conftest import run_app

START = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=2)
# Three messages, each posted by 3, 4 and 5 accounts within the hour.
MESSAGES = {"Boycott Lemoine, ils empoisonnent leurs clients": 5,
            "Lemoine ferme ses boutiques, partagez avant suppression": 4,
            "Lemoine recrute des faux avis, la preuve en photo": 3}


@pytest.fixture
def campaign(small_db, monkeypatch: pytest.MonkeyPatch):
    posts = [Mention(source="x", native_id=f"c{n}-{k}", author=f"acct{k}", author_id=f"acct{k}", text=text, url=None,
                     created_at=START + timedelta(minutes=10 * k + n), matched=("Lemoine",))
             for n, (text, accounts) in enumerate(MESSAGES.items()) for k in range(accounts)]
    with open_store(small_db) as store, store.transaction() as tx:
        insert_mentions(tx, posts)
    monkeypatch.setattr(queries, "COORDINATED_SHOWN", 2)


@pytest.mark.parametrize("lang, caption", [("fr", "Les 2 groupes aux comptes les plus nombreux, sur 3."),
                                           ("en", "The 2 groups with the most accounts, of 3.")])
def test_the_largest_groups_are_shown_and_the_page_says_how_many_there_are(campaign, lang: str, caption: str):
    at = run_app("pages/value.py", lang=lang, role="comms")
    assert not at.exception, [e.value for e in at.exception]
    assert caption in [c.value for c in at.caption]
    shown = at.dataframe[-1].value
    assert list(shown["accounts"]) == [5, 4]
    assert "groups" not in shown.columns and "mention_ids" not in shown.columns


def test_no_count_is_said_when_every_group_is_shown(campaign, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(queries, "COORDINATED_SHOWN", 100)
    at = run_app("pages/value.py", lang="fr", role="comms")
    assert not at.exception
    assert list(at.dataframe[-1].value["accounts"]) == [5, 4, 3]
    assert not any("groupes aux comptes" in c.value for c in at.caption)


@pytest.mark.parametrize("lang, said", [("fr", "clics × 0,50 EUR"), ("en", "clicks × 0.50 EUR")])
def test_the_cost_of_a_click_is_written_in_the_readers_language(small_db, lang: str, said: str):
    at = run_app("pages/value.py", lang=lang, role="comms")
    assert any(said in c.value for c in at.caption), [c.value for c in at.caption]
