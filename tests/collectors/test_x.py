"""X collector: the real tweepy Client, replayed at the requests layer with `responses`."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

from ambassade.errors import BadPayload, SourceError, SourceUnavailable
from ambassade.text.terms import TermMatcher
from collectors.base import run_collector
from collectors.x import XCollector, budget_status, make_client
from store import state
from tests.collectors.conftest import make_settings, payload

SEARCH = "https://api.twitter.com/2/tweets/search/recent"
TOKEN_1 = "b26v89c19zqg8o3fpds5nyz8zw0j7a2e0vfgrk7p1h0cd"
MATCHER = TermMatcher(["Lemoine", "#LemoineLife", "@maisonlemoine"])


def body(name: str) -> str:
    return payload("x", name + ".json").decode()


class FakeX:
    """Routes recent-search requests by their query parameters to recorded pages."""

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.calls: list[dict[str, list[str]]] = []
        self.overrides: list[tuple[int, dict, str]] = []   # served first, in order
        mock.add_callback(responses.GET, SEARCH, callback=self.answer)

    def answer(self, request):
        params = parse_qs(urlsplit(request.url).query)
        self.calls.append(params)
        if self.overrides:
            return self.overrides.pop(0)
        headers = {"x-rate-limit-limit": "450", "x-rate-limit-remaining": "449",
                   "x-rate-limit-reset": str(int(time.time()) + 900)}
        if params.get("next_token") == [TOKEN_1]:
            return 200, headers, body("search_recent__page2")
        if params.get("since_id") == ["1862000000000000006"]:
            return 200, headers, body("search_recent__newer")
        if params.get("since_id"):
            return 200, headers, body("search_recent__empty")
        return 200, headers, body("search_recent__page1")


@pytest.fixture
def api():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeX(mock)


def x_collector(budget: int = 10_000, used: int = 0, **kwargs) -> XCollector:
    return XCollector(make_client("test-bearer-token"), ["Lemoine -is:retweet"], MATCHER,
                      budget=budget, used=used, **kwargs)


def ids(store) -> list[str]:
    return [r[0] for r in store._rows("SELECT id FROM mentions ORDER BY id")]


def test_paginates_with_authors_and_drops_pure_retweets(api, store):
    stats = run_collector(x_collector(), store)
    assert ids(store) == ["x:1862000000000000003", "x:1862000000000000004",
                          "x:1862000000000000005", "x:1862000000000000006"]
    row = store._rows("SELECT author, text, metrics->>'like_count' FROM mentions "
                      "WHERE id = 'x:1862000000000000005'")[0]
    assert row[0] == "claire_m"
    assert "https://maison-lemoine.fr/blog/levain?utm_source=x" in row[1]   # t.co expanded
    assert store._rows("SELECT followers FROM authors WHERE id = 'x:222'") == [(48210,)]
    assert (stats.pages, stats.skipped, stats.reads) == (2, 1, 5)
    assert api.calls[0]["expansions"] == ["author_id"]
    assert api.calls[0]["max_results"] == ["100"]


def test_cursor_follows_the_style_guide(api, store):
    x = x_collector()
    pages = list(x.pages("Lemoine -is:retweet", None))
    assert pages[0].cursor.state == {"next_token": TOKEN_1, "run_newest_id": "1862000000000000006"}
    assert pages[1].cursor.state == {"since_id": "1862000000000000006"}


def test_next_run_asks_since_the_newest_and_adds_only_new(api, store):
    run_collector(x_collector(), store)
    second = run_collector(x_collector(), store)
    assert api.calls[-1]["since_id"] == ["1862000000000000006"]
    assert second.items == 1 and len(ids(store)) == 5
    assert state.load_cursor(store, "x", "Lemoine -is:retweet") == {
        "since_id": "1862000000000000009"}


def test_crash_after_page_one_resumes_from_next_token(api, store):
    api.overrides.append((200, {}, body("search_recent__page1")))
    api.overrides += [(503, {}, body("error__503"))] * 3    # first try and two retries
    failed = run_collector(x_collector(), store)
    assert failed.errors == 1 and len(ids(store)) == 2
    assert state.load_cursor(store, "x", "Lemoine -is:retweet")["next_token"] == TOKEN_1
    resumed = run_collector(x_collector(), store)
    assert api.calls[-1]["next_token"] == [TOKEN_1] and "since_id" not in api.calls[-1]
    assert resumed.items == 2 and len(ids(store)) == 4
    assert state.load_cursor(store, "x", "Lemoine -is:retweet") == {
        "since_id": "1862000000000000006"}


@pytest.mark.parametrize("status, name, error, says", [
    (401, "error__401", SourceError, "access refused (401)"),
    (403, "error__403", SourceError, "access refused (403)"),
    (404, "error__401", SourceError, "not found (404)"),
    (500, "error__503", SourceUnavailable, "server error (500)"),
    (503, "error__503", SourceUnavailable, "server error (503)"),
])
def test_http_errors_become_source_errors(api, status, name, error, says):
    api.overrides += [(status, {}, body(name))] * 3     # 5xx are retried twice, then raised
    with pytest.raises(error, match=says.replace("(", r"\(").replace(")", r"\)")):
        list(x_collector().pages("Lemoine", None))


def test_truncated_json_is_a_bad_payload(api):
    api.overrides.append((200, {}, body("search_recent__truncated")))
    with pytest.raises(BadPayload):
        list(x_collector().pages("Lemoine", None))


def test_timeout_is_source_unavailable():
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, SEARCH, body=requests.exceptions.ReadTimeout("slow"))
        with pytest.raises(SourceUnavailable, match="timed out"):
            list(x_collector().pages("Lemoine", None))


def test_short_429_waits_for_reset_then_retries(api, sleeps):
    reset = int(time.time()) + 30
    api.overrides.append((429, {"x-rate-limit-reset": str(reset), "x-rate-limit-remaining": "0"},
                          body("error__429")))
    pages = list(x_collector(sleep=sleeps.append).pages("Lemoine", None))
    assert len(pages) == 2 and len(api.calls) == 3
    assert 25 <= sleeps[0] <= 32


def test_long_429_defers_the_source_without_hammering(api, store):
    reset = int(time.time()) + 900
    api.overrides.append((429, {"x-rate-limit-reset": str(reset)}, body("error__429")))
    stats = run_collector(x_collector(), store)
    assert stats.status == "deferred" and len(api.calls) == 1
    assert int(stats.retry_at.timestamp()) == reset


def test_quota_header_at_zero_defers_before_the_next_call(api, store):
    reset = int(time.time()) + 900
    api.overrides.append((200, {"x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset)},
                          body("search_recent__page1")))
    stats = run_collector(x_collector(), store)
    assert stats.status == "deferred" and len(api.calls) == 1 and stats.items == 2


def test_partial_errors_keep_the_post_and_count_a_warning(api, store):
    api.overrides.append((200, {}, body("search_recent__partial_errors")))
    stats = run_collector(x_collector(), store)
    assert "x:1862000000000000010" in ids(store) and stats.errors == 1


def test_pauses_at_the_monthly_budget_and_counts_reads(api, store):
    stats = run_collector(x_collector(budget=11, used=0), store)
    assert stats.status == "paused" and "budget" in stats.messages[-1]
    assert api.calls[0]["max_results"] == ["11"] and len(api.calls) == 1
    assert state.reads_this_month(store, "x") == 2
    # the page token is kept, so next month's run resumes where this one paused
    assert state.load_cursor(store, "x", "Lemoine -is:retweet")["next_token"] == TOKEN_1
    settings = make_settings("[x]\nmonthly_read_budget = 11\ncost_per_read_usd = 0.005\n")
    assert budget_status(state.reads_this_month(store, "x"), settings) == {"reads": 2, "budget": 11, "cost_usd": 0.01,
                                                  "budget_cost_usd": 0.06}


def test_budget_already_spent_makes_no_call(api, store):
    stats = run_collector(x_collector(budget=100, used=95), store)
    assert stats.status == "paused" and api.calls == []


def test_bearer_token_never_reaches_the_logs(api, store, caplog):
    caplog.set_level("DEBUG")
    run_collector(x_collector(), store)
    assert "test-bearer-token" not in caplog.text
    assert json.dumps(store._rows("SELECT state FROM cursors"), default=str).find("bearer") == -1


def test_payload_of_an_unexpected_shape_fails_its_query_only(store):
    hostile = json.loads(body("search_recent__page1"))
    hostile["data"][0]["public_metrics"] = "=cmd|' /C calc'!A0"
    hostile["includes"]["users"] = "nope"

    def answer(request):
        query = parse_qs(urlsplit(request.url).query)["query"][0]
        return 200, {}, json.dumps(hostile if query == "bad" else json.loads(body("search_recent__newer")))

    with responses.RequestsMock() as mock:
        mock.add_callback(responses.GET, SEARCH, callback=answer)
        x = XCollector(make_client("t"), ["bad", "good"], MATCHER, budget=1000)
        stats = run_collector(x, store)
    assert stats.errors == 1 and "unexpected payload" in stats.messages[0]
    assert ids(store) == ["x:1862000000000000009"]


def test_since_id_older_than_the_window_reads_the_window_again(api, store):
    with store.transaction() as con:
        state.save_cursor(con, "x", "Lemoine -is:retweet", {"since_id": "1850000000000000000"})
    api.overrides.append((400, {}, body("error__400_since_id_too_old")))
    stats = run_collector(x_collector(), store)
    assert api.calls[0]["since_id"] == ["1850000000000000000"]
    assert "since_id" not in api.calls[1] and stats.items == 4 and stats.errors == 0
    assert state.load_cursor(store, "x", "Lemoine -is:retweet") == {
        "since_id": "1862000000000000006"}


def test_a_bad_query_is_refused_with_its_reason(api):
    api.overrides.append((400, {}, json.dumps({"errors": [{"message": "There were errors processing your request: Ambiguous use of and as a keyword"}], "title": "Invalid Request"})))
    with pytest.raises(SourceError, match="refused: .*Ambiguous"):
        list(x_collector().pages("Lemoine and", None))
