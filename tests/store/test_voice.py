"""Share of voice, our own voice apart, topics and corrections: one rule each, in the schema."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ambassade.errors import InputError
from ambassade.model import Mention
from store import corrections, listening, signals, voice
from store.mentions import ScoreRow, insert_mentions, save_scores
from store.programme import Employee, upsert_employees

NOW = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)
SOURCES = ("x", "reddit", "rss")
START, END = NOW - timedelta(days=7), NOW + timedelta(hours=1)


def mention(n: int, text: str, author: str = "someone", *, matched=("Lemoine",), competitors=(),
            hours_ago: float = 1, source: str = "x") -> Mention:
    return Mention(source=source, native_id=str(n), author=author, author_id=author, text=text,
                   url=f"https://x.com/{author}/status/{n}", created_at=NOW - timedelta(hours=hours_ago),
                   matched=tuple(matched), competitors=tuple(competitors))


def score(m: Mention, label: str, compound: float) -> ScoreRow:
    return ScoreRow(m.id, "test/1", "fr", compound, 0.1, 0.8, 0.1, label, compound)


@pytest.fixture
def voiced(db):
    """Public mentions, an employee's share post, the company's own tweet, competitor mentions."""
    rows = [
        (mention(1, "Lemoine super croissant", "alice"), "positive", 0.6),
        (mention(2, "Lemoine flan malades", "bob"), "negative", -0.6),
        (mention(3, "Lemoine flan malades encore", "carol"), "negative", -0.5),
        (mention(4, "Fière de notre nouveau flan Lemoine", "claire_mtn"), "positive", 0.7),   # employee
        (mention(5, "Maison Lemoine : notre communiqué", "MaisonLemoine"), "neutral", 0.0),  # company
        (mention(6, "Dupain super pain", "dan", matched=(), competitors=("Dupain",)), "positive", 0.5),
        (mention(7, "Dupain ou Lemoine ?", "erin", competitors=("Dupain",)), "neutral", 0.0),
        (mention(8, "Query hit without the word", "fay", matched=()), "neutral", 0.0),   # search-based
    ]
    with db.transaction() as tx:
        insert_mentions(tx, [m for m, _, _ in rows])
        save_scores(tx, [score(m, label, c) for m, label, c in rows])
        upsert_employees(tx, [Employee(id="emp:claire", display_name="Claire", team="Lyon",
                                       opted_in_at=NOW - timedelta(days=30), handles={"x": "claire_mtn"})])
        voice.set_own_accounts(tx, [("x", "maisonlemoine")])
    return db


def test_competitors_matched_at_ingest_are_stored(voiced):
    with voiced.transaction() as tx:
        rows = dict(tx._rows("SELECT id, competitors FROM mentions WHERE len(competitors) > 0"))
    assert rows == {"x:6": ["Dupain"], "x:7": ["Dupain"]}


def test_default_counts_leave_out_employee_share_posts_and_own_accounts(voiced):
    with voiced.transaction() as tx:
        public = listening.totals(tx, START, END, SOURCES)
        with_own = listening.totals(tx, START, END, SOURCES, include_own=True)
        daily_public = int(listening.daily_counts(tx, START, END, SOURCES)["mentions"].sum())
        daily_all = int(listening.daily_counts(tx, START, END, SOURCES, include_own=True)["mentions"].sum())
    # 1, 2, 3, 7 (names both), 8 (found by a brand search); 6 names only the competitor.
    assert public["mentions"] == daily_public == 5
    # + the employee's post (4) and the company's own tweet (5)
    assert with_own["mentions"] == daily_all == 7
    assert public["negative"] == pytest.approx(2 / 5)
    assert with_own["negative"] == pytest.approx(2 / 7)


def test_spike_inputs_and_advocacy_read_public_mentions_only(voiced):
    with voiced.transaction() as tx:
        hourly = sum(r[2] for r in signals.hourly_counts(tx, START, END))
        drivers = signals.driving_mentions(tx, "all", START, END, negative_only=False)
        authors = signals.author_aggregates(tx, START, END, 30).column("subject_id").to_pylist()
    assert hourly == 5
    assert {"x:4", "x:5", "x:6"}.isdisjoint(drivers)
    assert "x:maisonlemoine" not in authors and "x:claire_mtn" not in authors and "x:dan" not in authors


def test_share_of_voice_counts_the_brand_against_each_competitor(voiced):
    with voiced.transaction() as tx:
        found = voice.share_of_voice(tx, "Maison Lemoine", START, END, SOURCES)
        with_own = voice.share_of_voice(tx, "Maison Lemoine", START, END, SOURCES, include_own=True)
    totals = found.groupby("voice")["mentions"].sum().to_dict()
    assert totals == {"Maison Lemoine": 5, "Dupain": 2}
    assert found.groupby("voice")["positive"].sum().to_dict() == {"Maison Lemoine": 1, "Dupain": 1}
    assert with_own.groupby("voice")["mentions"].sum().to_dict() == {"Maison Lemoine": 7, "Dupain": 2}


def test_own_accounts_are_replaced_by_the_settings(voiced):
    with voiced.transaction() as tx:
        assert voice.set_own_accounts(tx, [("x", "other"), ("x", "other")]) == 1
        assert listening.totals(tx, START, END, SOURCES)["mentions"] == 6     # 5 is public again
        assert voice.set_own_accounts(tx, []) == 0


def test_topics_count_once_per_mention_with_the_previous_window(db):
    with db.transaction() as tx:
        insert_mentions(tx, [
            mention(1, "Lemoine flan intoxication #FlanGate flan", "a"),
            mention(2, "Lemoine flan intoxication", "b"),
            mention(3, "Lemoine flan", "c", hours_ago=24 * 8),       # the window before
            mention(4, "Lemoine croissant", "d", hours_ago=24 * 8),
        ])
        found = voice.topics(tx, START, END, SOURCES, ignore=["lemoine"])
    rows = {r.topic: (r.kind, r.mentions, r.previous) for r in found.itertuples()}
    assert rows["flan"] == ("word", 2, 1)
    assert rows["intoxication"] == ("word", 2, 0)
    assert rows["flan intoxication"] == ("phrase", 2, 0)
    assert "lemoine" not in rows and "#flangate" not in rows        # seen once: below two


def test_topics_of_a_large_window_read_a_repeatable_sample_and_scale_its_counts(db):
    with db.transaction() as tx:
        insert_mentions(tx, [mention(i, f"Lemoine flan {'brioche' if i % 4 == 0 else 'croissant'}", f"a{i}")
                             for i in range(400)])
        every = voice.topics(tx, START, END, SOURCES, ignore=["lemoine"])
        sampled = voice.topics(tx, START, END, SOURCES, ignore=["lemoine"], sample=100)
        again = voice.topics(tx, START, END, SOURCES, ignore=["lemoine"], sample=100)
    assert every.attrs["sample_rate"] == 1.0
    assert dict(zip(every["topic"], every["mentions"]))["flan"] == 400
    assert sampled.attrs["sample_rate"] == 0.25 and sampled.equals(again)       # repeatable
    estimate = dict(zip(sampled["topic"], sampled["mentions"]))
    assert 250 <= estimate["flan"] <= 550 and 40 <= estimate["brioche"] <= 180   # scaled back


def test_topics_survive_hostile_and_huge_text(db):
    with db.transaction() as tx:
        insert_mentions(tx, [mention(i, "Lemoine =cmd|' /C calc'!A0 <script>x</script> " + "mot " * 20_000 + "\x00\u202e",
                                     "h") for i in range(3)])
        found = voice.topics(tx, START, END, SOURCES, ignore=[])
    assert "mot" in set(found["topic"])


def test_a_correction_wins_in_counts_classes_and_exports(voiced):
    with voiced.transaction() as tx:
        corrections.correct(tx, "x:1", label="negative", by="Sophie (comms)")
        assert listening.totals(tx, START, END, SOURCES)["negative"] == pytest.approx(3 / 5)
        brand = {r[0]: r[1] for r in tx._rows("SELECT mention_id, brand_compound FROM effective_scores")}
        assert brand["x:1"] == -0.5 and brand["x:2"] == -0.6      # the scorer's strength kept where it agrees
        aggregates = signals.author_aggregates(tx, START, END, 30).to_pylist()
        alice = next(a for a in aggregates if a["subject_id"] == "x:alice")
        assert alice["weighted_sum"] < 0
        corrections.correct(tx, "x:2", irrelevant=True, by="Sophie (comms)")
        assert listening.totals(tx, START, END, SOURCES)["mentions"] == 4
        assert "x:2" not in signals.driving_mentions(tx, "all", START, END, negative_only=True)
        latest = corrections.latest(tx, "x:2")
        assert latest.irrelevant and latest.corrected_by == "Sophie (comms)"


def test_the_latest_correction_wins_and_history_is_kept(voiced):
    with voiced.transaction() as tx:
        corrections.correct(tx, "x:1", label="negative", by="a", at=NOW)
        corrections.correct(tx, "x:1", label="positive", by="b", at=NOW + timedelta(minutes=1))
        assert corrections.latest(tx, "x:1").label == "positive"
        assert tx._rows("SELECT count(*) FROM corrections")[0][0] == 2
        assert corrections.agreement_rows(tx) == [("x:1", "Lemoine super croissant", "fr", "positive", 0.6)]


@pytest.mark.parametrize("kwargs, problem", [
    ({"label": "furious", "by": "a"}, "unknown sentiment"),
    ({"by": "a"}, "either"),
    ({"label": "negative", "irrelevant": True, "by": "a"}, "either"),
    ({"label": "negative", "by": "  "}, "who corrects"),
    ({"label": "negative", "by": "x" * 201}, "who corrects"),
    ({"label": "negative", "by": "a\x00b"}, "who corrects"),
])
def test_bad_corrections_are_refused(voiced, kwargs, problem):
    with voiced.transaction() as tx, pytest.raises(InputError, match=problem):
        corrections.correct(tx, "x:1", **kwargs)


def test_correcting_an_unknown_mention_is_refused(voiced):
    with voiced.transaction() as tx, pytest.raises(InputError, match="no mention"):
        corrections.correct(tx, "x:nope", label="neutral", by="a")


def test_erasure_removes_corrections_of_the_employees_posts_and_their_name(voiced):
    from store.retention import erase_employee

    with voiced.transaction() as tx:
        corrections.correct(tx, "x:4", label="neutral", by="Sophie")
        corrections.correct(tx, "x:1", label="negative", by="Claire")      # signed by the employee
        gone = erase_employee(tx, "emp:claire")
        rows = tx._rows("SELECT mention_id, corrected_by FROM corrections")
    assert gone["corrections"] == 2
    assert rows == [("x:1", "erased")]


def test_reasons_are_the_posts_that_weigh_most_in_the_class(db, settings):
    from scoring.signals import refresh_signals
    from store.reasons import reasons

    posts = [mention(10 + i, f"Lemoine post {i}", "bob", hours_ago=24 * i) for i in range(4)]
    posts.append(Mention(source="x", native_id="99", author="bob", author_id="bob", text="Lemoine xss",
                         url="javascript:alert(1)", created_at=NOW - timedelta(hours=2), matched=("Lemoine",)))
    compounds = [-0.8, -0.3, 0.2, -0.9, -0.6]
    with db.transaction() as tx:
        insert_mentions(tx, posts)
        save_scores(tx, [score(m, "negative" if c < 0 else "positive", c) for m, c in zip(posts, compounds)])
    refresh_signals(db, settings, now=NOW)
    with db.transaction() as tx:
        assert tx._rows("SELECT class FROM advocacy WHERE subject_id = 'x:bob'") == [("detractor",)]
        found = reasons(tx, "x:bob", settings.scoring.half_life_days)
        # the most negative pull first: -0.9 three days ago (x 0.93 for recency) outweighs -0.8 now
        assert [r.mention_id for r in found] == ["x:13", "x:10", "x:99", "x:11", "x:12"]
        assert all(found[i].weight <= found[i + 1].weight for i in range(len(found) - 1))
        assert next(r for r in found if r.mention_id == "x:99").url is None
        assert reasons(tx, "x:nobody", 30) == []


def test_a_correction_wins_in_the_managers_weekly_tone(db):
    from store.managers import team_week

    people = [Employee(id=f"emp:{n}", display_name=f"P{n}", team="Lyon", opted_in_at=NOW - timedelta(days=30),
                       handles={"x": f"p{n}"}) for n in range(5)]
    post = mention(1, "Lemoine, belle journée", "p0")
    with db.transaction() as tx:
        upsert_employees(tx, people)
        insert_mentions(tx, [post])
        save_scores(tx, [score(post, "positive", 0.6)])
        before = team_week(tx, "Lyon", START, END, 5)
        corrections.correct(tx, post.id, label="negative", by="Sophie")
        after = team_week(tx, "Lyon", START, END, 5)
    assert (before.positive, before.negative) == (1, 0)
    assert (after.positive, after.negative) == (0, 1)


def test_the_own_voice_macro_and_view_agree(voiced):
    with voiced.transaction() as tx:
        by_macro = {r[0] for r in tx._rows("SELECT id FROM mentions WHERE is_own_voice(source, author)")}
        by_view = dict(tx._rows("SELECT mention_id, voice FROM own_voice"))
    assert by_macro == set(by_view) == {"x:4", "x:5"}
    assert by_view == {"x:4": "employee", "x:5": "company"}
