"""Each source says whether it can run, and why not, naming a missing secret but never its value."""

from __future__ import annotations

from ambassade.settings import parse_settings
from collectors.readiness import source_readiness
from tests.conftest import MINIMAL_TOML

FULL = MINIMAL_TOML + """
[reddit]
queries = ["Lemoine"]
rss_fallback = false

[x]
queries = ["Lemoine -is:retweet"]

[rss]
feeds = ["https://news.example.org/feed.xml"]
"""


def by_source(settings, env):
    return {r.source: r for r in source_readiness(settings, env)}


def test_sources_without_queries_or_feeds_are_off_and_say_so():
    found = by_source(parse_settings(MINIMAL_TOML), {})
    assert [(s, r.on, r.why) for s, r in found.items()] == [
        ("rss", False, "no_feeds"), ("reddit", False, "no_queries"), ("x", False, "no_queries")]


def test_a_missing_secret_is_named_by_its_variable():
    found = by_source(parse_settings(FULL), {"REDDIT_CLIENT_ID": "abc"})
    assert found["x"].on is False and found["x"].missing == ("X_BEARER_TOKEN",)
    assert found["reddit"].why == "missing_secret" and found["reddit"].missing == ("REDDIT_CLIENT_SECRET",)
    assert found["rss"].on and found["rss"].queries == ("https://news.example.org/feed.xml",)


def test_secret_values_never_appear_in_what_is_reported():
    token = "AAAA-very-secret-token"
    found = by_source(parse_settings(FULL), {"X_BEARER_TOKEN": token, "REDDIT_CLIENT_ID": "id-1",
                                              "REDDIT_CLIENT_SECRET": "sec-2"})
    assert found["x"].on and found["reddit"].on
    assert token not in repr(found) and "sec-2" not in repr(found)


def test_reddit_without_keys_reads_public_rss_when_allowed():
    settings = parse_settings(MINIMAL_TOML + '\n[reddit]\nqueries = ["Lemoine"]\n')
    assert by_source(settings, {})["reddit"].why == "public_rss"


def test_a_source_left_out_of_the_schedule_is_off():
    settings = parse_settings(FULL + '\n[schedule]\nsources = ["rss"]\n')
    found = by_source(settings, {"X_BEARER_TOKEN": "t"})
    assert found["x"].on is False and found["x"].why == "not_scheduled"
