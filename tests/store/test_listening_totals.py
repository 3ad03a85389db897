"""The overview's totals (store/listening.py `totals`): without the distinct authors (the window
before, whose authors the page never shows) they are the same figures as with them, and the
authors asked for are the scan's, on both engines (issue 17)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import corrections, listening, voice
from store.mentions import insert_mentions, save_scores
from tests.store.test_daily import NOW, SOURCES, WINDOWS, mentions, scores


def test_totals_without_the_authors_are_the_same_figures_less_the_authors(db):
    found = mentions(21, 400)
    with db.transaction() as tx:
        insert_mentions(tx, found)
        save_scores(tx, scores(found, 22))
        voice.set_own_accounts(tx, [("x", "maisonlemoine")])
        for m in found[2:80:9]:
            corrections.correct(tx, m.id, irrelevant=True, by="comms")
    windows = [*WINDOWS, (NOW - timedelta(days=60), NOW - timedelta(days=30))]
    for start, end in windows:
        for own in (False, True):
            for sources in (SOURCES, ("x",)):
                for zone in ("Europe/Paris", "Asia/Kolkata"):
                    full = listening.totals(db, start, end, sources, own, zone)
                    bare = listening.totals(db, start, end, sources, own, zone, authors=False)
                    assert "authors" not in bare
                    assert bare == pytest.approx({k: v for k, v in full.items() if k != "authors"}, abs=1e-12)
                    scanned = listening.totals(db, start, end, sources, own, zone, scan=True)
                    assert full == pytest.approx(scanned, abs=1e-12)
