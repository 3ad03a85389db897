"""GDELT DOC 2.0: artlist answers replayed by a local server that filters by time and caps as GDELT does."""

from __future__ import annotations

import copy
import json
import re
import threading
from datetime import datetime, timedelta, timezone

import pytest
from werkzeug import Request, Response

from ambassade.errors import BadPayload, RateLimited, SourceUnavailable
from ambassade.text.terms import TermMatcher
from collectors.base import run_collector
from collectors.gdelt import GdeltCollector, from_settings, mention_from_article
from tests.collectors.conftest import PAYLOADS, make_settings, mention_rows

MATCHER = TermMatcher(["Lemoine", "#LemoineLife", "@maisonlemoine"])
ARTICLES = json.loads((PAYLOADS / "gdelt" / "artlist.json").read_text())["articles"]
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


def article(number: int, lang: str = "French") -> dict:
    """A recorded article with another URL and time (newer for a larger number)."""
    a = copy.deepcopy(ARTICLES[0] if lang == "French" else ARTICLES[1])
    seen = NOW - timedelta(days=2) + timedelta(minutes=15 * number)
    a.update(url=f"https://www.lemonde.fr/article/{number}.html", language=lang,
             seendate=seen.strftime("%Y%m%dT%H%M%SZ"), title=f"Lemoine, épisode {number}")
    return a


class Gdelt:
    def __init__(self, httpserver) -> None:
        self.articles: list[dict] = []
        self.failures: list[tuple[int, str, dict]] = []
        self.requests: list[Request] = []
        self.hold = threading.Event()
        self.url = httpserver.url_for("/api/v2/doc/doc")
        httpserver.expect_request("/api/v2/doc/doc").respond_with_handler(self.handle)

    def handle(self, request: Request) -> Response:
        self.requests.append(request)
        if self.failures:
            code, body, headers = self.failures.pop(0)
            if code == 0:
                self.hold.wait(3)
                code = 200
            return Response(body, status=code, headers=headers)
        lang = re.search(r"sourcelang:(\w+)", request.args["query"]).group(1)
        start, end = request.args["startdatetime"], request.args["enddatetime"]
        found = [a for a in self.articles if a["language"].lower() == lang
                 and start <= a["seendate"].replace("T", "").replace("Z", "") <= end]
        found = sorted(found, key=lambda a: a["seendate"], reverse=True)[:int(request.args["maxrecords"])]
        if not found:
            return Response("{}", content_type="application/json")     # GDELT's empty answer
        return Response(json.dumps({"articles": found}), content_type="application/json")


@pytest.fixture
def gdelt(httpserver):
    api = Gdelt(httpserver)
    yield api
    api.hold.set()


def collector(api: Gdelt, now=NOW, **kwargs) -> GdeltCollector:
    kwargs.setdefault("max_records", 10)
    return GdeltCollector(["Lemoine"], ["french", "english"], MATCHER, base_url=api.url,
                          now=lambda: now, **kwargs)


def test_each_language_is_a_partition_walked_down_by_time(gdelt, store, sleeps):
    gdelt.articles = [article(n) for n in range(1, 26)] + [article(n, "English") for n in range(30, 33)]
    stats = run_collector(collector(gdelt, clock=lambda: 0.0), store)   # a frozen clock: waits are exact
    assert (stats.status, stats.items) == ("ok", 28)
    assert collector(gdelt).partitions() == ["Lemoine sourcelang:french", "Lemoine sourcelang:english"]
    first = gdelt.requests[0].args
    assert (first["mode"], first["format"], first["sort"]) == ("artlist", "json", "datedesc")
    assert first["startdatetime"] == "20261118120000"             # first_days = 3
    ends = [r.args["enddatetime"] for r in gdelt.requests if "french" in r.args["query"]]
    assert ends[0] == "20261121120000" and ends[1] < ends[0]     # the next page: older articles
    assert sleeps and all(s == 5 for s in sleeps)                # one request every 5 seconds


def test_a_second_run_reads_from_the_newest_article_on_and_stores_no_duplicate(gdelt, store):
    gdelt.articles = [article(n) for n in range(1, 6)]
    run_collector(collector(gdelt), store)
    gdelt.requests.clear()
    later = NOW + timedelta(hours=1)
    assert run_collector(collector(gdelt, now=later), store).items == 0
    newest = datetime.strptime(article(5)["seendate"], "%Y%m%dT%H%M%SZ")
    assert gdelt.requests[0].args["startdatetime"] == (newest - timedelta(minutes=15)).strftime("%Y%m%d%H%M%S")
    gdelt.articles.append(article(6))
    assert run_collector(collector(gdelt, now=later), store).items == 1
    assert len(mention_rows(store)) == 6


def test_a_run_stopped_after_its_first_page_resumes_below_it(gdelt, store):
    gdelt.articles = [article(n) for n in range(1, 26)]
    stop = threading.Event()
    stopped = run_collector(collector(gdelt), store, stop=stop, progress=lambda s: stop.set())
    assert (stopped.status, stopped.items) == ("stopped", 10)
    gdelt.requests.clear()
    resumed = run_collector(collector(gdelt, now=NOW + timedelta(hours=3)), store)
    assert gdelt.requests[0].args["enddatetime"] < "20261121120000"
    assert resumed.items == 15 and len(mention_rows(store)) == 25


def test_articles_keep_their_site_country_and_language():
    fr, en = (mention_from_article(a, MATCHER) for a in ARTICLES)
    assert fr.id.startswith("gdelt:https://www.lemonde.fr/economie/")
    assert (fr.author, fr.lang, fr.text, fr.matched) == ("lemonde.fr", "fr", "La Maison Lemoine ouvre à Lyon", ("Lemoine",))
    assert fr.created_at == datetime(2026, 11, 20, 8, 15, tzinfo=timezone.utc)
    assert (en.lang, en.raw["sourcecountry"], fr.raw["sourcecountry"]) == ("en", "United Kingdom", "France")


@pytest.mark.parametrize(("code", "body", "error", "says"), [
    (429, "Please limit requests to one every 5 seconds", RateLimited, "rate limited (429)"),
    (503, "Service Unavailable", SourceUnavailable, "server error"),
    (200, "Your search contained a keyword that was too short.", BadPayload, "keyword that was too short"),
    (200, '{"articles": [ {"url": "https://x.fr", ', BadPayload, "not valid JSON"),
    (200, '{"articles": {"url": 1}}', BadPayload, "not an article list"),
])
def test_errors_are_one_line_source_errors(gdelt, code, body, error, says):
    gdelt.failures = [(code, body, {})] * 3
    with pytest.raises(error, match=re.escape(says)):
        list(collector(gdelt).pages("Lemoine sourcelang:french", None))


def test_a_silent_server_times_out(gdelt):
    gdelt.failures = [(0, "{}", {})] * 3
    with pytest.raises(SourceUnavailable, match="timed out|cannot connect"):
        list(collector(gdelt, timeout=(1.0, 0.3)).pages("Lemoine sourcelang:french", None))


def test_odd_articles_are_skipped_and_counted(gdelt, store):
    bad = article(2)
    bad["url"] = "javascript:alert(1)"
    no_date = article(3)
    del no_date["seendate"]
    control = article(4)
    control["title"] = "Lemoine\u0000\u0007 =cmd|' /C calc'!A0"
    gdelt.articles = [article(1), bad, control]
    stats = run_collector(collector(gdelt), store)
    assert (stats.items, stats.skipped) == (2, 1)
    assert "\x00" not in mention_rows(store)[-1][1]


def test_a_full_page_of_one_time_does_not_loop(gdelt, store):
    same = [article(1) for _ in range(12)]
    for n, a in enumerate(same):
        a["url"] = f"https://www.lemonde.fr/same/{n}.html"
    gdelt.articles = same
    stats = run_collector(collector(gdelt), store)
    assert stats.status == "ok" and stats.items >= 10


def test_off_by_default_and_languages_are_names():
    assert from_settings(make_settings()).partitions() == []
    assert from_settings(make_settings('[gdelt]\nqueries = ["Lemoine"]\n')).partitions() == [
        "Lemoine sourcelang:french", "Lemoine sourcelang:english"]
    from ambassade.errors import ConfigError
    with pytest.raises(ConfigError, match=r"\[gdelt\] languages"):
        make_settings('[gdelt]\nlanguages = ["fr) OR (x"]\n')


def test_collect_gdelt_dry_run_prints_normalised_mentions(gdelt, tmp_path):
    from tests.collectors.test_collect_cli import BRAND_TOML, CONTRACT_FIELDS, invoke

    recent = datetime.now(timezone.utc) - timedelta(hours=1)
    gdelt.articles = [dict(copy.deepcopy(ARTICLES[0]), seendate=recent.strftime("%Y%m%dT%H%M%SZ"))]
    config = BRAND_TOML + f'[gdelt]\nqueries = ["Lemoine"]\nbase_url = "{gdelt.url}"\n'
    result = invoke("collect", "gdelt", "--dry-run", "--jsonl", config=config, tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [set(line) for line in lines] == [CONTRACT_FIELDS]
    assert (lines[0]["source"], lines[0]["lang"], lines[0]["author"]) == ("gdelt", "fr", "lemonde.fr")
    assert not (tmp_path / "a.duckdb").exists()
