"""refresh_incidents: the detector's alert rows become incidents, explained, stored, idempotent."""

from __future__ import annotations

from datetime import timedelta

from alerts.incidents import refresh_incidents
from alerts.view import incidents
from store import incidents as sql
from store.signals import upsert_alerts

from .conftest import NOW


def stored(db):
    with db.transaction() as con:
        return sql.incidents_since(con, None)


def test_a_buzz_in_two_waves_over_two_sources_is_one_incident_with_its_drivers(buzzing, settings):
    alerts = buzzing._rows("SELECT count(*) FROM alerts")[0][0]
    assert alerts >= 3                                # the detector splits it per source, 'all' and kind
    refresh_incidents(buzzing, settings, now=NOW)
    [incident] = stored(buzzing)
    assert set(incident["kinds"]) >= {"volume"}
    assert incident["starts_at"] <= NOW - timedelta(hours=17)
    assert incident["ends_at"] >= NOW - timedelta(hours=4)
    terms = [t["term"] for t in incident["drivers"]["terms"]]
    assert {"flan", "intoxication"} & set(terms[:5]), terms
    assert not {"lemoine", "boutique"} & set(terms)
    assert incident["mentions"] >= 70 and len(incident["mention_ids"]) == min(200, incident["mentions"])
    assert {s["source"] for s in incident["drivers"]["sources"]} >= {"x", "reddit"}
    assert incident["drivers"]["authors"][0]["followers"] >= incident["drivers"]["authors"][-1]["followers"]
    assert len(incident["summary_ids"]) == 3 and len(incident["first_ids"]) == 3
    first = buzzing._rows("SELECT id FROM mentions WHERE created_at >= ? ORDER BY created_at, id LIMIT 1",
                          [incident["starts_at"]])[0][0]
    assert incident["first_ids"][0] == first


def test_a_refresh_twice_gives_the_same_rows_and_keeps_when_it_was_first_seen(buzzing, settings):
    refresh_incidents(buzzing, settings, now=NOW)
    before = stored(buzzing)
    report = refresh_incidents(buzzing, settings, now=NOW + timedelta(minutes=5))
    after = stored(buzzing)
    assert report.new == 0 and report.deleted == 0
    strip = [{k: v for k, v in r.items() if k != "updated_at"} for r in before]
    assert strip == [{k: v for k, v in r.items() if k != "updated_at"} for r in after]


def test_an_incident_is_ongoing_while_its_alerts_reach_the_last_hours_then_has_an_end(buzzing, settings):
    refresh_incidents(buzzing, settings, now=NOW)
    assert stored(buzzing)[0]["ongoing"]
    refresh_incidents(buzzing, settings, now=NOW + timedelta(days=2))
    [later] = stored(buzzing)
    assert not later["ongoing"]
    with buzzing.transaction() as con:
        [view] = incidents(con, None)
    assert view.as_json()["end"] == later["ends_at"].isoformat()


def test_an_alert_that_bridges_two_incidents_merges_them_under_the_older_id(db, settings):
    def alert(id_, hours_ago, length):
        start = NOW - timedelta(hours=hours_ago)
        return {"id": id_, "kind": "volume", "source": "x", "starts_at": start,
                "ends_at": start + timedelta(hours=length), "observed": 9.0, "expected": 1.0, "score": 6.0,
                "mention_ids": [], "created_at": NOW}

    with db.transaction() as con:
        upsert_alerts(con, [alert("alert:a", 100, 1), alert("alert:b", 40, 1)])
    refresh_incidents(db, settings, now=NOW)
    two = stored(db)
    assert len(two) == 2
    with db.transaction() as con:
        upsert_alerts(con, [alert("alert:m", 80, 30)])
    report = refresh_incidents(db, settings, now=NOW)
    [one] = stored(db)
    assert report.deleted == 1 and one["id"] == two[-1]["id"]     # the older incident's id survives
    assert sorted(one["alert_ids"]) == ["alert:a", "alert:b", "alert:m"]


def test_no_alert_no_incident_and_vanished_alerts_take_their_incident_away(buzzing, db, settings):
    refresh_incidents(buzzing, settings, now=NOW)
    assert stored(buzzing)
    buzzing._rows("DELETE FROM alerts")
    report = refresh_incidents(buzzing, settings, now=NOW)
    assert stored(buzzing) == [] and report.deleted == 1


def test_an_employee_s_posts_are_our_own_voice_never_in_an_incident_before_or_after_erasure(db, settings):
    from ambassade.model import Mention
    from ambassade.text.terms import TermMatcher
    from scoring.batch import score_store
    from scoring.signals import refresh_signals
    from store.mentions import insert_mentions
    from store.retention import erase_employee

    from .conftest import CHATTER, buzz_posts, mention

    posts = [mention(n, f"chatter{n % 9}", CHATTER[n % 4], NOW - timedelta(hours=30 + 2 * n)) for n in range(24 * 14)]
    posts += buzz_posts()
    posts.append(Mention(source="x", native_id="emp-post", author="claire_m", author_id=None,
                         text="Zorglub flan Lemoine intoxication", url=None,
                         created_at=NOW - timedelta(hours=4), matched=("Lemoine",), author_followers=900_000))
    with db.transaction() as con:
        insert_mentions(con, posts)
        con._rows("INSERT INTO employees (id, display_name, team, opted_in_at, named_ok, coaching_ok) "
                  "VALUES ('emp:claire', 'Claire', 'Ventes', ?, false, false)", [NOW])
        con._rows("INSERT INTO employee_handles VALUES ('x', 'claire_m', 'emp:claire')")
    score_store(db, TermMatcher(settings.brand.terms), ["fr", "en"])
    refresh_signals(db, settings, now=NOW)
    refresh_incidents(db, settings, now=NOW)
    [before] = stored(db)
    # Our own voice apart (the schema's public_mentions): the post is not a public mention.
    assert "x:emp-post" not in before["mention_ids"] + before["summary_ids"] + before["first_ids"]
    assert "claire_m" not in str(before["drivers"])       # an employee is never a public author to rank
    with db.transaction() as con:
        erase_employee(con, "emp:claire")
    [after] = stored(db)
    assert "x:emp-post" not in after["mention_ids"] + after["summary_ids"] + after["first_ids"]
    refresh_incidents(db, settings, now=NOW)
    [again] = stored(db)
    assert again["drivers"] is not None and "x:emp-post" not in again["mention_ids"]
