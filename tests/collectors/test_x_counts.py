"""X volume counts: the real tweepy Client against the recorded counts payload, replayed with
`responses`; the stored hours feed spike detection as their own series."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from ambassade.errors import BadPayload, RateLimited, SourceError, SourceUnavailable
from collectors.x import make_client
from ambassade.volume import collect_counts
from collectors.x_counts import fetch_counts
from scoring.signals import detect_spikes
from store.volume import hourly_volumes
from tests.collectors.conftest import make_settings, payload

COUNTS = "https://api.twitter.com/2/tweets/counts/recent"
QUERY = "(boulangerie OR viennoiserie) lang:fr -is:retweet"
END = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)


def client():
    return make_client("test-bearer-token")


@pytest.fixture
def api():
    with responses.RequestsMock() as mock:
        yield mock


def test_counts_are_read_per_hour_with_one_request(api):
    api.add(responses.GET, COUNTS, body=payload("x", "counts_recent__hour.json"), status=200,
            content_type="application/json")
    hours = fetch_counts(client(), QUERY)
    assert len(hours) == 168 and hours[0][0] == datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
    assert hours[-1][1] == 180
    params = parse_qs(urlsplit(api.calls[0].request.url).query)
    assert params == {"query": [QUERY], "granularity": ["hour"]}
    assert len(api.calls) == 1


@pytest.mark.parametrize("status, body, error", [
    (403, payload("x", "error__403.json"), SourceError),
    (401, payload("x", "error__401.json"), SourceError),
    (429, payload("x", "error__429.json"), RateLimited),
    (503, payload("x", "error__503.json"), SourceUnavailable),
    (200, b'{"data": [{"start": "2026-11-30T00:00:00.000Z", "tweet', BadPayload),
    (200, b'{"data": [{"start": "yesterday", "tweet_count": 3}]}', BadPayload),
    (200, b'{"data": [{"start": "2026-11-30T00:00:00.000Z", "tweet_count": -3}]}', BadPayload),
    (200, b'{"data": "many"}', BadPayload),
    (200, b'[1, 2]', BadPayload),
])
def test_errors_and_bad_payloads_are_clear(api, status, body, error):
    api.add(responses.GET, COUNTS, body=body, status=status, content_type="application/json",
            headers={"x-rate-limit-reset": "1796040000"} if status == 429 else {})
    with pytest.raises(error):
        fetch_counts(client(), QUERY)


def test_a_pass_stores_the_counts_and_a_refused_query_is_skipped(api, db):
    def answer(request):
        query = parse_qs(urlsplit(request.url).query)["query"][0]
        if query == "bad query((":
            return 400, {}, json.dumps({"errors": [{"message": "There were errors processing your request"}],
                                        "title": "Invalid Request", "status": 400})
        return 200, {}, payload("x", "counts_recent__hour.json").decode()

    api.add_callback(responses.GET, COUNTS, callback=answer, content_type="application/json")
    run = collect_counts(db, client(), ["bad query((", QUERY])
    assert run.stored == {QUERY: 168} and list(run.failed) == ["bad query(("]
    collect_counts(db, client(), [QUERY])                      # a second pass updates, never duplicates
    with db.transaction() as tx:
        stored = hourly_volumes(tx, datetime(2026, 11, 1, tzinfo=timezone.utc), END)
    assert len(stored) == 168 and stored[0][0] == f"x-count:{QUERY}"


def test_counted_volumes_feed_spike_detection(api, db):
    api.add(responses.GET, COUNTS, body=payload("x", "counts_recent__hour.json"), status=200,
            content_type="application/json")
    collect_counts(db, client(), [QUERY])
    found = detect_spikes(db, make_settings().scoring, END)
    counted = [(source, spike) for source, spike in found if source == f"x-count:{QUERY}"]
    assert counted and all(spike.kind == "volume" for _, spike in counted)
    assert min(spike.starts_at for _, spike in counted) >= datetime(2026, 11, 30, 9, tzinfo=timezone.utc)


def test_counts_queries_settings_are_validated():
    assert make_settings('[x]\ncounts_queries = ["a", "a", "b"]\n').x.counts_queries == ["a", "b"]
    from ambassade.errors import ConfigError
    with pytest.raises(ConfigError, match="counts_queries"):
        make_settings('[x]\ncounts_queries = ["  "]\n')
    with pytest.raises(ConfigError, match="counts_interval_minutes"):
        make_settings('[x]\ncounts_interval_minutes = 1\n')
