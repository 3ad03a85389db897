"""Hacker News: the Algolia search API replayed by a local server that filters and pages as it does."""

from __future__ import annotations

import copy
import json
import re
import threading
from datetime import datetime, timezone

import pytest
from werkzeug import Request, Response

from ambassade.errors import BadPayload, RateLimited, SourceError, SourceUnavailable
from ambassade.text.terms import TermMatcher
from collectors.base import run_collector
from collectors.hackernews import LAG, HackerNewsCollector, from_settings, mention_from_hit
from tests.collectors.conftest import PAYLOADS, make_settings, mention_rows

MATCHER = TermMatcher(["Lemoine", "#LemoineLife", "@maisonlemoine"])
PAGE = json.loads((PAYLOADS / "hn" / "search_by_date.json").read_text())
COMMENT, STORY = PAGE["hits"]
T0 = 1795161600


def hit(number: int, kind: str = "comment") -> dict:
    """A recorded hit with another id and time (newer for a larger number)."""
    h = copy.deepcopy(COMMENT if kind == "comment" else STORY)
    h.update(objectID=str(42_000_000 + number), created_at_i=T0 + number * 60)
    return h


class Algolia:
    """search_by_date on 127.0.0.1: numericFilters on created_at_i, newest first, pages."""

    def __init__(self, httpserver) -> None:
        self.hits: list[dict] = []
        self.failures: list[tuple[int, str, dict]] = []
        self.requests: list[Request] = []
        self.hold = threading.Event()
        self.url = httpserver.url_for("/api/v1")
        httpserver.expect_request(re.compile("/api/v1/.*")).respond_with_handler(self.handle)

    def handle(self, request: Request) -> Response:
        self.requests.append(request)
        if self.failures:
            code, body, headers = self.failures.pop(0)
            if code == 0:
                self.hold.wait(3)
                code = 200
            return Response(body, status=code, headers=headers, content_type="application/json")
        found = sorted(self.hits, key=lambda h: -h["created_at_i"])
        for rule in filter(None, request.args.get("numericFilters", "").split(",")):
            field, op, value = re.fullmatch(r"(\w+)(>|<=|>=|<)(\d+)", rule).groups()
            test = {">": int.__gt__, "<=": int.__le__, ">=": int.__ge__, "<": int.__lt__}[op]
            found = [h for h in found if test(h[field], int(value))]
        per, page = int(request.args["hitsPerPage"]), int(request.args.get("page", 0))
        body = {**PAGE, "hits": found[page * per:(page + 1) * per], "nbHits": len(found),
                "nbPages": -(-len(found) // per), "page": page, "hitsPerPage": per,
                "query": request.args["query"]}
        return Response(json.dumps(body), content_type="application/json")


@pytest.fixture
def algolia(httpserver):
    api = Algolia(httpserver)
    yield api
    api.hold.set()


def collector(api: Algolia, **kwargs) -> HackerNewsCollector:
    return HackerNewsCollector(["Lemoine"], MATCHER, base_url=api.url, **kwargs)


def test_stories_and_comments_are_read_page_by_page(algolia, store):
    algolia.hits = [hit(n, "story" if n % 3 else "comment") for n in range(1, 251)]
    stats = run_collector(collector(algolia), store)
    assert (stats.status, stats.items, stats.pages) == ("ok", 250, 3)
    first = algolia.requests[0].args
    assert (first["tags"], first["hitsPerPage"]) == ("(story,comment)", "100")
    assert "numericFilters" not in first
    assert [r.args["page"] for r in algolia.requests] == ["0", "1", "2"]
    assert all(r.args["numericFilters"] == f"created_at_i<={T0 + 250 * 60}" for r in algolia.requests[1:])


def test_a_second_run_asks_only_for_newer_items_and_stores_no_duplicate(algolia, store):
    algolia.hits = [hit(n) for n in range(1, 21)]
    run_collector(collector(algolia), store)
    algolia.requests.clear()
    assert run_collector(collector(algolia), store).items == 0
    assert algolia.requests[0].args["numericFilters"] == f"created_at_i>{T0 + 20 * 60 - LAG}"
    algolia.hits.append(hit(21))
    assert run_collector(collector(algolia), store).items == 1
    assert len(mention_rows(store)) == 21


def test_an_item_indexed_late_is_still_read(algolia, store):
    algolia.hits = [hit(n) for n in range(10, 21)]
    run_collector(collector(algolia), store)
    algolia.hits.append(hit(19))        # created before the high-water mark, indexed after it
    algolia.hits[-1]["objectID"] = "42999999"
    assert run_collector(collector(algolia), store).items == 1


def test_a_run_stopped_after_its_first_page_resumes_on_the_next(algolia, store):
    algolia.hits = [hit(n) for n in range(1, 251)]
    stop = threading.Event()
    stopped = run_collector(collector(algolia), store, stop=stop, progress=lambda s: stop.set())
    assert (stopped.status, stopped.items) == ("stopped", 100)
    algolia.hits.append(hit(400))       # arrives meanwhile: pages do not shift under the resume
    algolia.requests.clear()
    resumed = run_collector(collector(algolia), store)
    assert resumed.items == 150 and algolia.requests[0].args["page"] == "1"
    assert run_collector(collector(algolia), store).items == 1      # then the newcomer
    assert len(mention_rows(store)) == 251


def test_max_pages_bounds_a_run(algolia, store):
    algolia.hits = [hit(n) for n in range(1, 251)]
    assert run_collector(collector(algolia, max_pages=1), store).items == 100
    assert run_collector(collector(algolia, max_pages=1), store).items == 0   # above what it read


def test_hits_become_mentions_title_then_body_and_plain_text():
    story = mention_from_hit(STORY, MATCHER)
    assert story.id == "hn:41000001" and story.author == "pg"
    assert story.text == "Show HN: The Lemoine sourdough tracker\nhttps://github.com/example/levain"
    assert story.url == "https://news.ycombinator.com/item?id=41000001"
    assert story.metrics == {"points": 87, "num_comments": 12}
    assert story.created_at == datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc)
    comment = mention_from_hit(COMMENT, MATCHER)
    assert comment.text == ("I had the Lemoine croissant in Lyon & it was great.\n"
                            "See https://www.maison-lemoine.fr/blog/levain")
    assert comment.matched == ("Lemoine",) and "_highlightResult" not in comment.raw


@pytest.mark.parametrize(("code", "body", "headers", "error", "says"), [
    (403, '{"message":"Invalid Application-ID or API key","status":403}', {}, SourceError, "access refused (403)"),
    (401, '{"message":"Unauthorized"}', {}, SourceError, "access refused (401)"),
    (429, '{"message":"Too many requests"}', {"Retry-After": "120"}, RateLimited, "rate limited (429)"),
    (502, "<html>bad gateway</html>", {}, SourceUnavailable, "server error"),
    (200, '{"hits": [{"objectID": "1", ', {}, BadPayload, "not valid JSON"),
    (200, '[1, 2]', {}, BadPayload, "not a JSON object"),
    (200, '{"nbPages": 1}', {}, BadPayload, "unexpected payload"),
])
def test_errors_of_the_api_are_one_line_source_errors(algolia, code, body, headers, error, says):
    algolia.failures = [(code, body, headers)] * 3
    with pytest.raises(error, match=re.escape(says)):
        list(collector(algolia).pages("Lemoine", None))


def test_a_silent_server_times_out(algolia):
    algolia.failures = [(0, "{}", {})] * 3
    # A read timeout under collectors/http.py's retry adapter is reported as "timed out".
    with pytest.raises(SourceUnavailable, match="timed out|cannot connect"):
        list(collector(algolia, timeout=(1.0, 0.3)).pages("Lemoine", None))


def test_odd_hits_are_skipped_and_counted(algolia, store):
    odd = hit(2)
    odd["objectID"] = "../../etc"
    algolia.hits = [hit(1), odd, {"objectID": "5", "created_at_i": T0 + 600, "author": None}]
    del algolia.hits[2]["created_at_i"]
    algolia.hits[2]["created_at_i"] = T0            # a time but no text: still a (bare) hit
    stats = run_collector(collector(algolia), store)
    assert (stats.status, stats.items, stats.skipped) == ("ok", 2, 1)


def test_off_by_default_and_on_with_queries():
    assert from_settings(make_settings()).partitions() == []
    assert from_settings(make_settings('[hn]\nqueries = ["Lemoine"]\n')).partitions() == ["Lemoine"]


def test_collect_hn_dry_run_prints_normalised_mentions(algolia, tmp_path):
    from tests.collectors.test_collect_cli import BRAND_TOML, CONTRACT_FIELDS, invoke

    algolia.hits = [hit(2, "story"), hit(1)]
    config = BRAND_TOML + f'[hn]\nqueries = ["Lemoine"]\nbase_url = "{algolia.url}"\n'
    result = invoke("collect", "hn", "--dry-run", "--jsonl", config=config, tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [set(line) for line in lines] == [CONTRACT_FIELDS] * 2
    assert [line["id"] for line in lines] == ["hn:42000002", "hn:42000001"]
    assert not (tmp_path / "a.duckdb").exists()
