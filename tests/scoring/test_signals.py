"""refresh_signals writes advocacy classes and spike alerts to the store, employees under their own rules."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ambassade.model import Mention
from ambassade.text.terms import TermMatcher
from scoring.batch import score_store
from scoring.signals import refresh_signals
from store.mentions import insert_mentions

NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
MATCHER = TermMatcher(["Lemoine"])
PRAISE = "Lemoine, c'est vraiment excellent, bravo !"
COMPLAINT = "Lemoine est une arnaque, service nul et honteux."
NEUTRAL = "Lemoine ouvre une boutique rue de la Paix"


def post(n: int, author: str, text: str, hours_ago: float, followers: int = 100) -> Mention:
    return Mention(source="x", native_id=str(n), author=author, author_id=None, text=text, url=None,
                   created_at=NOW - timedelta(hours=hours_ago), matched=("Lemoine",),
                   author_followers=followers)


@pytest.fixture
def crafted(db):
    posts, n = [], 0

    def add(author, text, hours_ago, followers=100):
        nonlocal n
        n += 1
        posts.append(post(n, author, text, hours_ago, followers))

    for day in range(8):
        add("fan", PRAISE, 24 * day + 5, followers=5000)
    add("outburst", COMPLAINT, 30)
    for day in range(6):
        add("angry", COMPLAINT, 24 * day + 7)
    add("claire_m", COMPLAINT, 10)
    add("claire_m", COMPLAINT, 12)
    add("claire_m", COMPLAINT, 14)
    add("paul", COMPLAINT, 10)
    add("paul", COMPLAINT, 11)
    add("paul", COMPLAINT, 12)
    add("old", PRAISE, 24 * 200)  # outside the 90-day window
    # 28 days of quiet, seasonal chatter for the baseline, then a burst of complaints 2 hours ago.
    for hour in range(24 * 30):
        if hour % 3 == 0:
            add(f"chatter{hour % 7}", NEUTRAL, 50 + hour)
    for i in range(40):
        add(f"buzz{i}", COMPLAINT, 2 + i / 60, followers=i)
    with db.transaction() as con:
        insert_mentions(con, posts)
        con._rows("""INSERT INTO employees (id, display_name, team, opted_in_at, withdrawn_at, named_ok,
                                          coaching_ok, purge_after) VALUES
            ('emp:claire', 'Claire', 'Ventes', ?, NULL, false, true, NULL),
            ('emp:paul', 'Paul', 'Ventes', ?, NULL, false, false, NULL),
            ('emp:zoe', 'Zoé', 'RH', ?, NULL, false, true, NULL),
            ('emp:gone', 'Gone', 'RH', ?, ?, false, true, NULL)""", [NOW] * 5)
        con._rows("""INSERT INTO employee_handles VALUES ('x', 'claire_m', 'emp:claire'),
            ('x', 'paul', 'emp:paul'), ('x', 'zoe', 'emp:zoe'), ('x', 'gone', 'emp:gone')""")
        con._rows("INSERT INTO share_links VALUES ('c1', 'emp:zoe', 'content:1', 'linkedin', ?)", [NOW])
        con._rows("INSERT INTO shares VALUES ('x:999', 'emp:zoe', 'content:1', 'linkedin', 'c1', ?)",
                    [NOW - timedelta(days=1)])
        con._rows("INSERT INTO clicks VALUES ('k1', 'c1', ?), ('k2', 'c1', ?)", [NOW, NOW - timedelta(days=2)])
    score_store(db, MATCHER, ["fr", "en"])
    return db


def advocacy(db, kind: str) -> dict[str, tuple]:
    rows = db._rows("SELECT subject_id, class, confidence, score, mentions, reach, shares, clicks, follow_up "
                    "FROM advocacy WHERE subject_kind = ?", [kind])
    return {r[0]: r[1:] for r in rows}


def test_authors_get_classes_from_their_history(crafted, settings):
    refresh_signals(crafted, settings, NOW)
    authors = advocacy(crafted, "author")
    assert authors["x:fan"][0] == "ambassador" and authors["x:fan"][4] == 5000
    assert authors["x:outburst"][0] == "neutral"
    assert authors["x:angry"][0] == "detractor"
    assert "x:old" not in authors
    assert all(0 <= row[1] <= 1 for row in authors.values())


def test_employee_handles_never_appear_as_authors(crafted, settings):
    refresh_signals(crafted, settings, NOW)
    assert not {"x:claire_m", "x:paul"} & set(advocacy(crafted, "author"))


def test_employee_detractor_signal_only_feeds_coaching_and_only_if_opted_in(crafted, settings):
    refresh_signals(crafted, settings, NOW)
    employees = advocacy(crafted, "employee")
    assert employees["emp:claire"][0] == "detractor" and employees["emp:claire"][7] == "coaching"
    paul = employees["emp:paul"]  # not opted into coaching: no negative signal is kept
    assert paul[0] == "neutral" and paul[2] == 0.0 and paul[7] is None


def test_employees_get_participation_and_withdrawn_ones_are_left_out(crafted, settings):
    refresh_signals(crafted, settings, NOW)
    employees = advocacy(crafted, "employee")
    assert employees["emp:zoe"][:1] == ("neutral",) and employees["emp:zoe"][5:7] == (1, 2)
    assert "emp:gone" not in employees


def test_burst_of_complaints_is_stored_as_alerts_with_driving_mentions(crafted, settings):
    summary = refresh_signals(crafted, settings, NOW)
    alerts = crafted._rows("SELECT kind, source, observed, expected, mention_ids FROM alerts ORDER BY kind, source")
    kinds = {(a[0], a[1]) for a in alerts}
    assert kinds == {("volume", "x"), ("negative_share", "x")}  # one source: no repeat as 'all'
    volume = next(a for a in alerts if a[0] == "volume")
    assert volume[2] > volume[3]
    assert volume[4][0] == "x:" + str(crafted._rows(
        "SELECT native_id FROM mentions WHERE author = 'buzz39'")[0][0])  # widest reach first
    assert len(summary.alerts) == len(alerts)


def test_refresh_twice_gives_the_same_rows(crafted, settings):
    refresh_signals(crafted, settings, NOW)
    first = crafted._rows("SELECT * EXCLUDE (computed_at) FROM advocacy ORDER BY ALL")
    alerts = crafted._rows("SELECT id, kind, source, starts_at FROM alerts ORDER BY id")
    refresh_signals(crafted, settings, NOW)
    assert crafted._rows("SELECT * EXCLUDE (computed_at) FROM advocacy ORDER BY ALL") == first
    assert crafted._rows("SELECT id, kind, source, starts_at FROM alerts ORDER BY id") == alerts


def test_empty_store_gives_empty_signals(db, settings):
    summary = refresh_signals(db, settings, NOW)
    assert summary.alerts == [] and not summary.authors
    assert db._rows("SELECT count(*) FROM advocacy") == [(0,)]


def test_subjects_leaving_the_window_are_removed_and_others_updated(crafted, settings):
    refresh_signals(crafted, settings, NOW)
    assert "x:outburst" in advocacy(crafted, "author")
    later = NOW + timedelta(days=settings.scoring.window_days - 1)  # only the last day remains
    refresh_signals(crafted, settings, later)
    authors = advocacy(crafted, "author")
    assert "x:buzz0" in authors and "x:outburst" not in authors
    computed = crafted._rows("SELECT DISTINCT computed_at FROM advocacy WHERE subject_kind = 'author'")
    assert computed == [(later,)]


def test_burst_spread_over_sources_alerts_only_overall(db, settings):
    posts = []
    for source in ("x", "reddit"):
        for hour in range(0, 24 * 30, 3):
            posts.append(Mention(source=source, native_id=f"b{hour}", author=f"{source}{hour % 5}",
                                 author_id=None, text=NEUTRAL, url=None,
                                 created_at=NOW - timedelta(hours=50 + hour), matched=("Lemoine",)))
        for i in range(4):  # four in one hour on each source: below spike_min_mentions alone
            posts.append(Mention(source=source, native_id=f"s{i}", author=f"new{i}", author_id=None,
                                 text=NEUTRAL, url=None, created_at=NOW - timedelta(hours=3) + timedelta(minutes=i),
                                 matched=("Lemoine",)))
    with db.transaction() as con:
        insert_mentions(con, posts)
    score_store(db, MATCHER, ["fr", "en"])
    refresh_signals(db, settings, NOW)
    alerts = db._rows("SELECT kind, source, observed, len(mention_ids) FROM alerts")
    assert alerts == [("volume", "all", 8.0, 8)]
