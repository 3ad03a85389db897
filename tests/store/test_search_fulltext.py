"""The explorer's search as a user expects it on both engines (DuckDB's word index, PostgreSQL's
full-text search, migration 0024): words, prefixes, authors, accents, hostile text; what only
PostgreSQL's French and English configurations find; erasure and retention leave nothing found."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from importlib import resources

import pytest

from ambassade.model import Mention
from store import open_store
from store.connect import LATEST_VERSION
from store.dialect import Catalog, translate
from store.enrolment import Invitation, accept, invite
from store.listening import MentionFilter, explore, explore_chunks
from store.mentions import insert_mentions
from store.retention import erase_employee, purge_expired

NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
POSTS = [
    ("1", "Claire_M", "fr", "Les livraisons de brioches Lemoine sont arrivées en retard"),
    ("2", "paul.fontaine", "fr", "Très déçue par le service client de Lemoine, ils ont livré froid"),
    ("3", "ÉLODIE", "fr", "Cœur fondant et croûte dorée : Lemoine, évidemment"),
    ("4", "jdoe", "en", "Lemoine deliveries were late again, the croissants tasted great"),
    ("5", "mika", None, "Lemoine Kuchen ist lecker"),
]


def post(native_id: str, author: str, lang: str | None, text: str, at: datetime = NOW) -> Mention:
    return Mention(source="x", native_id=native_id, author=author, author_id=author.lower(), text=text,
                   url=f"https://x.example/{native_id}", created_at=at, lang=lang, matched=("Lemoine",))


@pytest.fixture
def posts(db):
    with db.transaction() as con:
        insert_mentions(con, [post(*p) for p in POSTS])
    return db


def found(db, search: str, **filters) -> list[str]:
    where = MentionFilter(NOW - timedelta(days=30), NOW + timedelta(days=1), ("x",), search=search, **filters)
    frame, total = explore(db, where)
    ids = sorted(i.removeprefix("x:") for i in frame["mention_id"])
    assert total == len(ids)
    return ids


def test_a_word_finds_the_mentions_that_hold_it_in_any_case(posts):
    assert found(posts, "brioches") == ["1"]
    assert found(posts, "LEMOINE") == ["1", "2", "3", "4", "5"]
    assert found(posts, "kuchen") == ["5"]


def test_a_prefix_finds_every_word_that_starts_with_it(posts):
    assert found(posts, "croi") == ["4"]            # croissants
    assert found(posts, "croû") == found(posts, "crou") == ["3"]
    assert found(posts, "lem") == ["1", "2", "3", "4", "5"]


def test_two_words_find_the_mentions_that_hold_both(posts):
    assert found(posts, "service client") == ["2"]
    assert found(posts, "lemoine retard") == ["1"]
    assert found(posts, "brioches deliveries") == []


def test_an_author_is_found_by_the_handle(posts):
    assert found(posts, "claire_m") == found(posts, "@Claire_M") == ["1"]
    assert found(posts, "fontaine") == ["2"]        # a word of the handle
    assert found(posts, "elodie") == ["3"]          # an upper-case, accented handle


def test_accents_are_folded_on_both_sides(posts):
    assert found(posts, "decue") == found(posts, "DÉÇUE") == ["2"]
    assert found(posts, "evidemment") == found(posts, "évidemment") == ["3"]
    assert found(posts, "dorée") == found(posts, "doree") == ["3"]


@pytest.mark.parametrize("hostile", [
    "'); DROP TABLE mentions; --", "& | ! :*", "lemoine:* & !retard", "<-> <2> !!! (((", "\\ ' \" ` $1 ? %s",
    "a" * 10_000, "lemoine " * 2_000, "\x00\x01\u202e\ufeff", "🥐🥐", ":*", "'", "-lemoine", '"lemoine"',
])
def test_a_hostile_search_is_only_text(posts, hostile):
    ids = found(posts, hostile)
    assert set(ids) <= {"1", "2", "3", "4", "5"}
    assert posts._rows("SELECT count(*) FROM mentions") == [(5,)]
    assert found(posts, "lemoine") == ["1", "2", "3", "4", "5"]


def test_operators_in_a_search_are_words_or_nothing(posts):
    # No search syntax on either engine: "-" and "|" separate words, every word must be there.
    assert found(posts, "-lemoine") == found(posts, "lemoine") == found(posts, "lemoine|")
    assert found(posts, "lemoine | retard") == ["1"]


def test_the_search_keeps_the_other_filters(posts):
    assert found(posts, "lemoine", langs=("en",)) == ["4"]
    assert found(posts, "lemoine", author="@mika") == ["5"]
    where = MentionFilter(NOW - timedelta(days=30), NOW + timedelta(days=1), ("x",), search="lemoine")
    assert sum(len(chunk) for chunk in explore_chunks(posts, where, chunk=2)) == 5


@pytest.mark.parametrize("engine", ["postgres"])
def test_postgresql_finds_french_plurals_and_conjugations(db):
    # What no word start finds: the search's word is longer than the text's, or another form.
    with db.transaction() as con:
        insert_mentions(con, [post("a", "u1", "fr", "Une livraison rapide de Lemoine"),
                              post("b", "u2", "fr", "Les colis Lemoine sont enfin livrés"),
                              post("c", "u3", "fr", "Chez Lemoine nous mangions très bien")])
    assert found(db, "livraisons") == ["a"]         # a plural finds the singular
    assert found(db, "manger") == ["c"]             # the infinitive finds the conjugated verb
    assert found(db, "livrer") == ["a", "b"]        # and a word of the same stem ("livr")
    assert found(db, "livraisons rapides") == ["a"]


@pytest.mark.parametrize("engine", ["postgres"])
def test_postgresql_finds_english_plurals_through_the_english_configuration(posts):
    assert found(posts, "delivery") == ["4"]        # deliveries
    assert found(posts, "taste") == ["4"]           # tasted


@pytest.mark.parametrize("engine", ["postgres"])
def test_postgresql_answers_from_its_full_text_index(posts):
    # The word index stays empty there: the GIN index on the mentions answers.
    assert posts._rows("SELECT count(*) FROM mention_tokens") == [(0,)]
    assert posts._rows("SELECT count(*) FROM mentions WHERE search_match(search_vector, "
                       "search_query(['livraison']))") == [(1,)]
    assert posts._rows("SELECT indexdef FROM pg_indexes WHERE indexname = 'mentions_search'") == [
        ("CREATE INDEX mentions_search ON public.mentions USING gin (search_vector)",)]


def test_erasure_leaves_nothing_of_the_employee_to_find(posts):
    with posts.transaction() as con:
        invite(con, [Invitation("emp:claire", "Claire Martin", "claire@lemoine.fr", "Marketing", "fr")],
               "test", NOW)
        accept(con, "emp:claire", ["shares"], {"x": "@Claire_M"}, "test", NOW)
    assert found(posts, "claire_m") == ["1"]
    with posts.transaction() as con:
        erase_employee(con, "emp:claire")
    assert found(posts, "claire_m") == found(posts, "livraisons") == []
    assert found(posts, "lemoine") == ["2", "3", "4", "5"]


def test_retention_leaves_nothing_older_to_find(posts):
    with posts.transaction() as con:
        insert_mentions(con, [post("old", "ancien", "fr", "Une brioche Lemoine de l'an dernier",
                                   at=NOW - timedelta(days=400))])
    wide = MentionFilter(NOW - timedelta(days=800), NOW + timedelta(days=1), ("x",), search="ancien")
    assert explore(posts, wide)[1] == 1
    with posts.transaction() as con:
        purge_expired(con, 365, NOW)
    assert explore(posts, wide)[1] == 0
    assert found(posts, "lemoine") == ["1", "2", "3", "4", "5"]


def test_without_unaccent_the_migration_says_what_is_missing(pg_url):
    import psycopg

    text = resources.files("store.migrations").joinpath("0024_fulltext.postgres.sql").read_text(encoding="utf-8")
    check = text[text.index("DO $$"):text.index("END $$;") + len("END $$;")]
    assert "name = 'unaccent'" in check
    with psycopg.connect(pg_url) as con, pytest.raises(psycopg.Error) as raised:
        con.execute(check.replace("name = 'unaccent'", "name = 'unaccent_not_on_this_server'"))
    assert 'the PostgreSQL extension "unaccent" is not installed' in str(raised.value)


def test_migration_0024_is_postgresql_s_alone_and_both_engines_reach_it(db):
    plain = resources.files("store.migrations").joinpath("0024_fulltext.sql").read_text(encoding="utf-8")
    assert translate(plain, Catalog()).statements == ()       # only a comment: DuckDB keeps its index
    assert db.schema_version() == LATEST_VERSION >= 24


def test_a_version_23_postgresql_database_gets_its_mentions_searchable_and_its_word_index_emptied(
        pg_empty_url, monkeypatch):
    import store.connect
    import store.postgres

    shipped = store.postgres.migrations
    with monkeypatch.context() as before_0024:
        before_0024.setattr(store.postgres, "migrations", lambda engine: [m for m in shipped(engine) if m[0] < 24])
        before_0024.setattr(store.connect, "LATEST_VERSION", 23)
        with open_store(pg_empty_url) as old, old.transaction() as con:
            insert_mentions(con, [post(*p) for p in POSTS])
            con._rows("INSERT INTO mention_tokens (token, created_at, source, about_brand, mention_id) "
                      "VALUES ('livraisons', ?, 'x', true, 'x:1')", [NOW])
            assert con.schema_version() == 23
        store.postgres.close_pools()
    with open_store(pg_empty_url) as upgraded:
        assert upgraded.schema_version() == LATEST_VERSION
        assert upgraded._rows("SELECT count(*) FROM mention_tokens") == [(0,)]
        assert found(upgraded, "livraison") == ["1"]
        assert found(upgraded, "lemoine") == ["1", "2", "3", "4", "5"]


def test_a_huge_hostile_text_is_stored_and_found_by_its_first_words(db):
    # ~1.3 MB of distinct words: more than a PostgreSQL tsvector holds (its first 100,000
    # characters are searched there); the page is stored all the same.
    huge = "Lemoine gigantesque " + " ".join(f"{i:x}w{i * 7919 % 100_003:x}" for i in range(120_000))
    with db.transaction() as con:
        assert insert_mentions(con, [post("huge", "big", "fr", huge), post("small", "s", "fr", "Lemoine")]) == 2
    assert found(db, "gigantesque") == ["huge"]
    assert found(db, "lemoine") == ["huge", "small"]


@pytest.mark.parametrize("engine", ["postgres"])
def test_postgresql_drives_a_search_by_its_rarest_word_with_the_same_answer(db):
    with db.transaction() as con:
        insert_mentions(con, [post(str(i), f"u{i}", "fr", f"Lemoine commun numéro {i}") for i in range(60)]
                        + [post("r1", "v1", "fr", "Lemoine commun et rarissime"),
                           post("r2", "v2", "en", "Lemoine rarissime only")])
    db._rows("ANALYZE mentions")
    assert db._rows("SELECT search_rarest(['commun', 'rarissime'])") == [("rarissime",)]
    assert db._rows("SELECT search_rarest(['lemoine', 'commun'])") == [("commun",)]    # 61 of 62
    assert db._rows("SELECT search_rarest(['lem', 'rar'])") == [("rar",)]                # prefixes
    assert found(db, "commun rarissime") == found(db, "rarissime commun") == ["r1"]
    assert found(db, "commun rarissime", langs=("fr",)) == ["r1"]
    assert len(found(db, "lemoine commun")) == 61
