"""Mastodon: hashtag timelines and search through Mastodon.py, replayed by a local instance.

The replay serves the recorded shapes of Mastodon.py's own cassettes (payloads/mastodon/README.md)
and answers `since_id` / `max_id` / `limit` as Mastodon does (newest first), so the real client
paginates against it.
"""

from __future__ import annotations

import copy
import json
import re
import threading
from datetime import datetime, timedelta, timezone

import pytest
from werkzeug import Request, Response

from ambassade.errors import BadPayload, RateLimited, SourceError, SourceUnavailable
from ambassade.text.terms import TermMatcher
from collectors.base import run_collector
from collectors.mastodon import MastodonCollector, from_settings, mention_from_status
from collectors.urls import canonical_url
from store.programme import Content, Employee, load_programme, upsert_content, upsert_employees
from tests.collectors.conftest import PAYLOADS, make_settings, mention_rows

MATCHER = TermMatcher(["Lemoine", "#LemoineLife", "@maisonlemoine"])
RECORDED = json.loads((PAYLOADS / "mastodon" / "timeline_tag_hoot.json").read_text())[0]
INSTANCE = json.loads((PAYLOADS / "mastodon" / "instance_v2.json").read_text())
START = datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc)
OPTED_IN = datetime(2026, 11, 1, tzinfo=timezone.utc)
BLOG = "https://www.maison-lemoine.fr/blog/levain"


def status(number: int, text: str = "Le pain de #LemoineLife", user: str = "anne",
           host: str = "mastodon.example", reblog: dict | None = None) -> dict:
    """The recorded status with another id, text, author and URL (every other field as recorded)."""
    s = copy.deepcopy(RECORDED)
    ident = str(117440841601474392 + number)
    s.update(id=ident, content=f"<p>{text} &amp; <b>co</b></p>", reblog=reblog,
             created_at=(START + timedelta(minutes=number)).isoformat().replace("+00:00", "Z"),
             url=f"https://{host}/@{user}/{ident}",
             uri=f"https://{host}/users/{user}/statuses/{ident}",
             tags=[{"name": "lemoinelife", "url": f"https://{host}/tags/lemoinelife"}])
    s["account"].update(username=user, acct=user if host == "mastodon.example" else f"{user}@{host}",
                        url=f"https://{host}/@{user}", display_name=user.title(), followers_count=12)
    return s


class Replay:
    """One Mastodon instance on 127.0.0.1: its configuration, timelines and search."""

    def __init__(self, httpserver) -> None:
        self.statuses: list[dict] = []         # newest first
        self.hashtag_access = "public"
        self.token: str | None = None          # when set, authenticated reads need it
        self.failures: list[tuple[int, str, dict]] = []   # answers served before the next real one
        self.requests: list[Request] = []
        self.slow = threading.Event()
        self.url = httpserver.url_for("").rstrip("/")
        httpserver.expect_request(re.compile(r"/api/.*")).respond_with_handler(self.handle)

    def handle(self, request: Request) -> Response:
        self.requests.append(request)
        auth = request.headers.get("Authorization")
        if request.path.rstrip("/") == "/api/v2/instance":
            body = copy.deepcopy(INSTANCE)
            body["configuration"]["timelines_access"]["hashtag_feeds"] = {
                "local": self.hashtag_access, "remote": self.hashtag_access}
            return Response(json.dumps(body), content_type="application/json")
        if request.path.rstrip("/") == "/api/v1/instance":     # Mastodon.py's version check
            return Response(json.dumps({"uri": INSTANCE["domain"], "version": INSTANCE["version"]}),
                            content_type="application/json")
        if self.failures:
            code, text, headers = self.failures.pop(0)
            if code == 0:                      # a server that stops answering
                self.slow.wait(3)
                code = 200
            return Response(text, status=code, headers=headers, content_type="application/json")
        if self.hashtag_access != "public" and auth != f"Bearer {self.token}":
            return Response('{"error":"This API requires an authenticated user"}', status=401,
                            content_type="application/json")
        found = self.statuses
        since, below = request.args.get("since_id"), request.args.get("max_id")
        if since:
            found = [s for s in found if int(s["id"]) > int(since)]
        if below:
            found = [s for s in found if int(s["id"]) < int(below)]
        found = found[:int(request.args.get("limit", 20))]
        if request.path == "/api/v2/search":
            return Response(json.dumps({"accounts": [], "statuses": found, "hashtags": []}),
                            content_type="application/json")
        return Response(json.dumps(found), content_type="application/json")


@pytest.fixture
def instance(httpserver):
    replay = Replay(httpserver)
    yield replay
    replay.slow.set()


def collector(instance: Replay, **kwargs) -> MastodonCollector:
    return MastodonCollector([instance.url], ["LemoineLife"], kwargs.pop("queries", []), MATCHER,
                             **kwargs)


def test_a_hashtag_timeline_is_read_page_by_page_down_to_the_start(instance, store):
    instance.statuses = [status(n) for n in range(95, 0, -1)]
    stats = run_collector(collector(instance), store)
    assert (stats.status, stats.items, stats.pages) == ("ok", 95, 4)   # 40 + 40 + 15 + empty
    limits = [r.args.get("limit") for r in instance.requests if "timelines" in r.path]
    assert limits == ["40"] * 4
    cursor = store._rows("SELECT state::VARCHAR FROM cursors WHERE source = 'mastodon'")[0][0]
    assert json.loads(cursor) == {"since_id": instance.statuses[0]["id"]}


def test_a_second_run_asks_only_for_newer_statuses_and_stores_no_duplicate(instance, store):
    instance.statuses = [status(n) for n in range(10, 0, -1)]
    run_collector(collector(instance), store)
    instance.requests.clear()
    again = run_collector(collector(instance), store)
    assert again.items == 0
    assert [r.args.get("since_id") for r in instance.requests if "timelines" in r.path] == [
        instance.statuses[0]["id"]]
    instance.statuses.insert(0, status(11, "Lemoine encore"))
    assert run_collector(collector(instance), store).items == 1
    assert len(mention_rows(store)) == 11


def test_a_run_stopped_after_its_first_page_resumes_below_what_it_stored(instance, store, tmp_path):
    instance.statuses = [status(n) for n in range(90, 0, -1)]
    stop = threading.Event()
    stopped = run_collector(collector(instance), store, stop=stop, progress=lambda s: stop.set())
    assert (stopped.status, stopped.items) == ("stopped", 40)
    instance.requests.clear()
    resumed = run_collector(collector(instance), store)
    assert resumed.items == 50
    first = [r for r in instance.requests if "timelines" in r.path][0]
    assert first.args.get("max_id") == instance.statuses[39]["id"]
    assert len(mention_rows(store)) == 90


def test_a_first_run_reads_at_most_max_pages_then_the_next_run_starts_above_it(instance, store):
    instance.statuses = [status(n) for n in range(200, 0, -1)]
    stats = run_collector(collector(instance, max_pages=2), store)
    assert stats.items == 80
    instance.statuses.insert(0, status(201, "Lemoine"))
    assert run_collector(collector(instance, max_pages=2), store).items == 1


def test_statuses_become_plain_text_mentions_with_a_fediverse_handle(instance, store):
    remote = status(2, "Chez <a href='https://www.maison-lemoine.fr/'>Lemoine</a>", user="bob",
                    host="piaille.fr")
    instance.statuses = [remote, status(1)]
    pages = list(collector(instance).preview(f"{instance.url} tag:LemoineLife"))
    first = pages[0][0]
    assert first.id == f"mastodon:piaille.fr/@bob/{remote['id']}"
    assert (first.author, first.author_id) == ("@bob@piaille.fr", "@bob@piaille.fr")
    assert first.text == "Chez Lemoine & co"
    assert first.matched == ("Lemoine", "#LemoineLife")     # the tag is in `tags`, not the text
    assert first.created_at == START + timedelta(minutes=2)
    assert first.lang == "ja"               # the recorded status declares Japanese
    assert first.metrics == {"replies_count": 0, "reblogs_count": 0, "favourites_count": 0}
    assert pages[0][1].author == "@anne@mastodon.example"
    assert first.raw["account"]["acct"] == "bob@piaille.fr"


def test_a_boost_counts_its_original_once(instance, store):
    original = status(1, "Lemoine ouvre", user="carla")
    boost = status(2, "", user="dan", reblog=original)
    instance.statuses = [boost, original]
    stats = run_collector(collector(instance), store)
    assert (stats.items, stats.skipped) == (1, 2)       # the boost, then the original seen again
    assert [row[0] for row in mention_rows(store)] == [f"mastodon:mastodon.example/@carla/{original['id']}"]


def test_instances_that_refuse_anonymous_hashtag_reads_are_said_so_and_read_with_the_token(instance, store):
    instance.hashtag_access = "authenticated"
    instance.token = "tok-123"
    instance.statuses = [status(1)]
    without = collector(instance)
    stats = run_collector(without, store)
    assert stats.status == "failed" and "set MASTODON_ACCESS_TOKEN" in stats.messages[0]
    assert "lets only logged-in users read" in without.notice
    with_token = collector(instance, token="tok-123")
    assert run_collector(with_token, store).items == 1
    assert "reading them with MASTODON_ACCESS_TOKEN" in with_token.notice
    timeline = [r for r in instance.requests if "timelines" in r.path][-1]
    assert timeline.headers["Authorization"] == "Bearer tok-123"


def test_public_instances_are_read_without_sending_the_token(instance, store):
    instance.statuses = [status(1)]
    run_collector(collector(instance, token="tok-123"), store)
    timeline = [r for r in instance.requests if "timelines" in r.path][0]
    assert "Authorization" not in timeline.headers


def test_search_runs_only_with_a_token(instance, store):
    instance.statuses = [status(1, "Lemoine à Lyon")]
    plain = collector(instance, queries=["Lemoine"])
    assert plain.partitions() == [f"{instance.url} tag:LemoineLife"]
    assert "search needs MASTODON_ACCESS_TOKEN" in plain.notice
    searching = collector(instance, queries=["Lemoine"], token="t")
    assert searching.partitions()[-1] == f"{instance.url} search:Lemoine"
    mentions = [m for page in searching.preview(f"{instance.url} search:Lemoine") for m in page]
    assert [m.text for m in mentions] == ["Lemoine à Lyon & co"]
    search = [r for r in instance.requests if r.path == "/api/v2/search"][0]
    assert search.args["type"] == "statuses" and search.headers["Authorization"] == "Bearer t"


@pytest.mark.parametrize(("code", "body", "headers", "error", "says"), [
    (401, '{"error":"The access token is invalid"}', {}, SourceError, "access refused (401)"),
    (429, '{"error":"Too many requests"}', {"X-RateLimit-Remaining": "0",
                                             "X-RateLimit-Reset": "2099-01-01T00:00:00.000Z"},
     RateLimited, "rate limited until"),
    (503, "<html>down</html>", {}, SourceUnavailable, "server error (503)"),
    (200, '[{"id": "1", "created_at": ', {}, BadPayload, "not valid JSON"),
    (404, '{"error":"Record not found"}', {}, SourceError, "not found (404)"),
])
def test_errors_of_the_api_are_one_line_source_errors(instance, code, body, headers, error, says):
    instance.failures = [(code, body, headers)] * 3          # 5xx: after the client's own retries
    with pytest.raises(error, match=re.escape(says)) as raised:
        list(collector(instance).pages(f"{instance.url} tag:LemoineLife", None))
    if error is RateLimited:
        # Mastodon.py corrects the reset by the server's clock (its Date header): within seconds.
        assert abs(raised.value.reset_at - datetime(2099, 1, 1, tzinfo=timezone.utc)) < timedelta(seconds=5)


def test_a_rate_limit_defers_the_source_and_keeps_what_was_stored(instance, store):
    instance.statuses = [status(n) for n in range(50, 0, -1)]
    first = collector(instance)
    pages = first.pages(f"{instance.url} tag:LemoineLife", None)
    next(pages)
    instance.failures = [(429, "{}", {"X-RateLimit-Reset": "2099-01-01T00:00:00Z"})]
    with pytest.raises(RateLimited):
        next(pages)


def test_a_silent_server_times_out(instance):
    instance.failures = [(0, "[]", {})] * 3
    with pytest.raises(SourceUnavailable, match="timed out|cannot connect"):
        list(collector(instance, timeout=0.3).pages(f"{instance.url} tag:LemoineLife", None))


def test_a_status_of_the_wrong_shape_is_a_bad_payload(instance):
    instance.failures = [(200, json.dumps([{"id": "x1", "account": {}}]), {})]
    with pytest.raises(BadPayload):
        list(collector(instance).pages(f"{instance.url} tag:LemoineLife", None))


def test_hostile_text_stays_text():
    hostile = status(1, "<script>alert(1)</script>=HYPERLINK(\"x\") Lemoine\u0000" + "é" * 60_000)
    mention = mention_from_status(hostile, "https://mastodon.example", MATCHER)
    assert "<" not in mention.text and "\x00" not in mention.text and "alert" not in mention.text
    assert len(mention.text) <= 40_000


def test_employee_posts_on_the_timeline_record_shares_only_for_consented_handles(instance, store):
    with store.transaction() as con:
        upsert_employees(con, [
            Employee("emp:claire", "Claire", "Marketing", OPTED_IN, {"mastodon": "claire@piaille.fr"}),
            Employee("emp:paul", "Paul", "Vente", OPTED_IN, {"mastodon": "paul@piaille.fr"},
                     withdrawn_at=datetime(2026, 11, 10, tzinfo=timezone.utc)),
        ])
        upsert_content(con, [Content(BLOG, canonical_url(BLOG), "Le levain")])
    instance.statuses = [status(2, f"#LemoineLife {BLOG}", user="claire", host="piaille.fr"),
                         status(1, f"#LemoineLife {BLOG}", user="paul", host="piaille.fr")]
    run_collector(collector(instance, programme=load_programme(store)), store)
    shares = store._rows("SELECT employee_id, network FROM shares")
    assert shares == [("emp:claire", "mastodon")]
    assert len(mention_rows(store)) == 2               # both are public brand mentions


def test_settings_accept_http_for_a_replay_and_refuse_other_schemes():
    settings = make_settings('[mastodon]\ninstances = ["http://127.0.0.1:8080"]\nhashtags = ["x"]\n')
    built = from_settings(settings)
    assert built.partitions() == ["http://127.0.0.1:8080 tag:x"]
    from ambassade.errors import ConfigError
    with pytest.raises(ConfigError, match=r"\[mastodon\] instances"):
        make_settings('[mastodon]\ninstances = ["ftp://x"]\n')


def test_off_by_default():
    assert from_settings(make_settings()).partitions() == []


def test_collect_mastodon_dry_run_prints_normalised_mentions(instance, tmp_path):
    from tests.collectors.test_collect_cli import BRAND_TOML, CONTRACT_FIELDS, invoke

    instance.statuses = [status(2, "Lemoine"), status(1, "rien à voir")]
    config = BRAND_TOML + f'[mastodon]\ninstances = ["{instance.url}"]\nhashtags = ["LemoineLife"]\n'
    result = invoke("collect", "mastodon", "--dry-run", "--jsonl", config=config, tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [set(line) for line in lines] == [CONTRACT_FIELDS] * 2
    assert lines[0]["source"] == "mastodon" and lines[0]["author"] == "@anne@mastodon.example"
    assert [line["matched"] for line in lines] == [["Lemoine", "#LemoineLife"], ["#LemoineLife"]]
    assert not (tmp_path / "a.duckdb").exists()


def test_erasing_an_employee_removes_their_mastodon_posts_and_shares(instance, store):
    from store.retention import erase_employee

    with store.transaction() as con:
        upsert_employees(con, [Employee("emp:claire", "Claire", "Marketing", OPTED_IN,
                                        {"mastodon": "@Claire@piaille.fr"})])
        upsert_content(con, [Content(BLOG, canonical_url(BLOG), "Le levain")])
    instance.statuses = [status(2, f"#LemoineLife {BLOG}", user="claire", host="piaille.fr"),
                         status(1, "Lemoine", user="anne")]
    run_collector(collector(instance, programme=load_programme(store)), store)
    with store.transaction() as con:
        erase_employee(con, "emp:claire")
    assert [row[0] for row in mention_rows(store)] == [
        f"mastodon:mastodon.example/@anne/{instance.statuses[1]['id']}"]
    assert store._rows("SELECT count(*) FROM shares") == [(0,)]
