"""One conformance test for every registered collector (the Singer idea): two runs give the rows
of one, and a run stopped after its first page then run again gives exactly a clean run."""

from __future__ import annotations

import threading
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from ambassade.text.terms import TermMatcher
import collectors
from collectors.base import run_collector
from collectors.employees import EmployeeSharesCollector
from store.programme import load_programme
from collectors.reddit import RedditCollector, make_reddit
from collectors.rss import RssCollector
from collectors.x import XCollector, make_client
from store.connect import open_store
from tests.collectors.test_employees import OPTED_IN
from tests.collectors.test_reddit import FakeReddit, settings_for
from tests.collectors.test_x import TOKEN_1, body

MATCHER = TermMatcher(["Lemoine", "#LemoineLife", "@maisonlemoine"])
BIG_FEED = "".join(f"<item><title>Lemoine {i}</title><guid isPermaLink=\"false\">c-{i}</guid>"
                   f"<pubDate>Sat, 21 Nov 2026 12:00:00 GMT</pubDate></item>" for i in range(1100))


def static_x(mock: responses.RequestsMock) -> None:
    """X answers that do not change between runs: two pages, then nothing newer."""
    def answer(request):
        params = parse_qs(urlsplit(request.url).query)
        if params.get("next_token") == [TOKEN_1]:
            return 200, {}, body("search_recent__page2")
        if params.get("since_id"):
            return 200, {}, body("search_recent__empty")
        if params["query"][0].startswith("from:"):
            return 200, {}, body("search_recent__employee_claire")
        return 200, {}, body("search_recent__page1")
    mock.add_callback(responses.GET, "https://api.twitter.com/2/tweets/search/recent",
                      callback=answer)


@pytest.fixture
def make(request, httpserver):
    """name -> a function (store) -> a fresh collector aimed at its replay."""
    name = request.param
    if name == "rss":
        body_xml = f'<rss version="2.0"><channel><title>Big</title>{BIG_FEED}</channel></rss>'
        httpserver.expect_request("/feed").respond_with_data(body_xml, headers={"ETag": '"e1"'})
        url = httpserver.url_for("/feed")
        yield lambda store: RssCollector([url], [], MATCHER)
        return
    if name == "reddit":
        fake = FakeReddit(httpserver)
        settings = settings_for(fake)
        yield lambda store: RedditCollector(make_reddit(settings, "id", "secret"), ["Lemoine"],
                                            ["france"], MATCHER, ["france"])
        return
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        static_x(mock)
        if name == "x":
            yield lambda store: XCollector(make_client("t"), ["Lemoine"], MATCHER, budget=10_000)
        else:
            def shares(store):
                from store.programme import Employee, upsert_employees
                with store.transaction() as con:
                    upsert_employees(con, [Employee("emp:c", "C", "T", OPTED_IN,
                                                    {"x": "claire_m", "reddit": "claire_m"})])
                return EmployeeSharesCollector(load_programme(store), MATCHER,
                                               x=XCollector(make_client("t"), [], MATCHER,
                                                            budget=10_000))
            yield shares


def snapshot(store) -> tuple[list, list]:
    return (store._rows("SELECT id, text FROM mentions ORDER BY id"),
            store._rows("SELECT source, query, state::VARCHAR FROM cursors ORDER BY 1, 2"))


def test_every_builtin_source_is_covered():
    assert set(collectors.BUILTIN) == {"rss", "reddit", "x", "shares"}


@pytest.mark.parametrize("make", list(collectors.BUILTIN), indirect=True)
def test_two_runs_give_the_rows_of_one(make, tmp_path):
    with open_store(tmp_path / "a.duckdb") as store:
        first = run_collector(make(store), store)
        once = snapshot(store)
        second = run_collector(make(store), store)
        assert first.items > 0 and (first.status, first.errors) == ("ok", 0)
        assert second.items == 0 and snapshot(store) == once


@pytest.mark.parametrize("make", list(collectors.BUILTIN), indirect=True)
def test_run_stopped_after_one_page_then_resumed_equals_a_clean_run(make, tmp_path):
    with open_store(tmp_path / "clean.duckdb") as store:
        run_collector(make(store), store)
        clean = snapshot(store)
    with open_store(tmp_path / "stopped.duckdb") as store:
        stop = threading.Event()
        stopped = run_collector(make(store), store, stop=stop, progress=lambda s: stop.set())
        assert stopped.status == "stopped" and stopped.pages == 1
        run_collector(make(store), store)
        assert snapshot(store) == clean


def test_a_new_network_is_one_entry_point(monkeypatch):
    from importlib.metadata import EntryPoint

    fake = [EntryPoint("mastodon", "collectors.rss:from_settings", "ambassade.collectors")]
    monkeypatch.setattr(collectors, "entry_points", lambda group: fake)
    assert collectors.names()[-1] == "mastodon"
    assert collectors.factory("mastodon") is collectors.factory("rss")
