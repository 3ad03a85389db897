"""Bluesky search: the atproto SDK's real client against a local XRPC server on 127.0.0.1
(createSession, then searchPosts with a cursor, `since` and the rate-limit headers)."""

from __future__ import annotations

import base64
import copy
import json
import re
import threading
import time as real_time
from datetime import datetime, timedelta, timezone

import pytest
from werkzeug import Request, Response

from ambassade.errors import BadPayload, MissingCredentials, RateLimited, SourceError, SourceUnavailable
from ambassade.text.terms import TermMatcher
from collectors.base import run_collector
from collectors.bluesky import BlueskySearchCollector, from_settings, mention_from_view
from collectors.urls import canonical_url
from store.programme import Content, Employee, load_programme, upsert_content, upsert_employees
from tests.collectors.conftest import PAYLOADS, make_settings, mention_rows

MATCHER = TermMatcher(["Lemoine", "#LemoineLife", "@maisonlemoine"])
ANSWER = json.loads((PAYLOADS / "bluesky" / "search_posts.json").read_text())
POST = ANSWER["posts"][0]
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
BLOG = "https://www.maison-lemoine.fr/blog/levain"


def jwt(did: str) -> str:
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")
    now = int(real_time.time())
    return ".".join([part({"typ": "at+jwt", "alg": "ES256K"}),
                     part({"scope": "com.atproto.appPass", "sub": did, "iat": now, "exp": now + 7200,
                           "aud": "did:web:127.0.0.1"}), "c2ln"])


def view(number: int, text: str = "Lemoine à Lyon", handle: str = "anne.bsky.social") -> dict:
    """The recorded post with another rkey, text, author and indexing time (newer for larger)."""
    p = copy.deepcopy(POST)
    did = f"did:plc:{handle.split('.')[0]:a<24}"[:32]
    p["uri"] = f"at://{did}/app.bsky.feed.post/3lbq{number:09d}"
    p["author"].update(did=did, handle=handle)
    p["record"].update(text=text, facets=[])
    p["indexedAt"] = (T0 + timedelta(minutes=number)).isoformat().replace("+00:00", ".000Z")
    return p


class Appview:
    """The PDS and AppView in one: createSession and searchPosts, newest first."""

    def __init__(self, httpserver) -> None:
        self.posts: list[dict] = []
        self.password = "app-pass-1234"
        self.failures: list[tuple[int, str, dict]] = []
        self.headers: dict[str, str] = {}       # sent with every search answer
        self.requests: list[Request] = []
        self.hold = threading.Event()
        self.url = httpserver.url_for("").rstrip("/")
        httpserver.expect_request(re.compile("/xrpc/.*")).respond_with_handler(self.handle)

    def handle(self, request: Request) -> Response:
        self.requests.append(request)
        if request.path.endswith("com.atproto.server.createSession"):
            body = request.get_json()
            if body.get("password") != self.password:
                return Response('{"error":"AuthenticationRequired","message":"Invalid identifier or password"}',
                                status=401, content_type="application/json")
            did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
            return Response(json.dumps({"did": did, "handle": body["identifier"], "active": True,
                                        "accessJwt": jwt(did), "refreshJwt": jwt(did)}),
                            content_type="application/json")
        if self.failures:
            code, text, headers = self.failures.pop(0)
            if code == 0:
                self.hold.wait(3)
                code = 200
            return Response(text, status=code, headers=headers, content_type="application/json")
        assert request.headers["Authorization"].startswith("Bearer ")
        found = sorted(self.posts, key=lambda p: p["indexedAt"], reverse=True)
        if "since" in request.args:
            found = [p for p in found if p["indexedAt"] >= request.args["since"]]
        offset = int(request.args.get("cursor", 0))
        limit = int(request.args.get("limit", 25))
        page = found[offset:offset + limit]
        body = {"posts": page, "hitsTotal": len(found)}
        if offset + limit < len(found):
            body["cursor"] = str(offset + limit)
        return Response(json.dumps(body), headers=self.headers, content_type="application/json")


@pytest.fixture
def appview(httpserver):
    api = Appview(httpserver)
    yield api
    api.hold.set()


def collector(api: Appview, **kwargs) -> BlueskySearchCollector:
    kwargs.setdefault("password", api.password)
    return BlueskySearchCollector(["Lemoine"], MATCHER, handle="ambassade.bsky.social",
                                  base_url=api.url, **kwargs)


def searches(api: Appview) -> list[Request]:
    return [r for r in api.requests if r.path.endswith("searchPosts")]


def test_search_logs_in_then_reads_every_page_newest_first(appview, store):
    appview.posts = [view(n) for n in range(1, 251)]
    stats = run_collector(collector(appview), store)
    assert (stats.status, stats.items, stats.pages) == ("ok", 250, 3)
    login = appview.requests[0]
    assert login.get_json() == {"identifier": "ambassade.bsky.social", "password": "app-pass-1234"}
    assert [r.args.get("cursor") for r in searches(appview)] == [None, "100", "200"]
    assert searches(appview)[0].args["sort"] == "latest" and searches(appview)[0].args["limit"] == "100"


def test_a_second_run_asks_since_the_newest_indexed_post_and_stores_no_duplicate(appview, store):
    appview.posts = [view(n) for n in range(1, 11)]
    run_collector(collector(appview), store)
    appview.requests.clear()
    assert run_collector(collector(appview), store).items == 0
    assert searches(appview)[0].args["since"] == "2026-11-20T09:09:00Z"     # a minute of overlap
    appview.posts.append(view(11))
    assert run_collector(collector(appview), store).items == 1
    assert len(mention_rows(store)) == 11


def test_a_run_stopped_after_its_first_page_resumes_from_the_search_cursor(appview, store):
    appview.posts = [view(n) for n in range(1, 251)]
    stop = threading.Event()
    stopped = run_collector(collector(appview), store, stop=stop, progress=lambda s: stop.set())
    assert (stopped.status, stopped.items) == ("stopped", 100)
    appview.requests.clear()
    assert run_collector(collector(appview), store).items == 150
    assert searches(appview)[0].args["cursor"] == "100"
    assert len(mention_rows(store)) == 250


def test_the_cap_of_results_per_query_is_said(appview, store):
    appview.posts = [view(n) for n in range(1, 251)]
    capped = collector(appview, max_results=100)
    assert run_collector(capped, store).items == 100
    assert "reached 100 results, Bluesky's cap per query" in capped.notice


def test_posts_keep_full_links_detected_language_and_indexing_time():
    mention = mention_from_view(copy.deepcopy(POST), MATCHER)
    assert mention.id == "bluesky:did:plc:ufbl4k27gp6kzas5glhz7fim/app.bsky.feed.post/3lbqzxq2kzk2a"
    assert mention.text == f"Le levain de chez Lemoine \U0001f950 {BLOG}"
    assert (mention.author, mention.author_id) == ("claire.bsky.social", "did:plc:ufbl4k27gp6kzas5glhz7fim")
    assert mention.lang is None and mention.raw["record"]["langs"] == ["en"]
    assert mention.created_at == datetime(2026, 11, 20, 9, 0, 1, 123000, tzinfo=timezone.utc)
    assert mention.metrics == {"replies": 1, "reposts": 2, "likes": 14, "quotes": 0}
    assert mention.url == "https://bsky.app/profile/did:plc:ufbl4k27gp6kzas5glhz7fim/post/3lbqzxq2kzk2a"


def test_a_wrong_app_password_is_one_line(appview):
    with pytest.raises(SourceError, match=r"access refused \(401\); check \[bluesky\] handle"):
        list(collector(appview, password="wrong").pages("Lemoine", None))


@pytest.mark.parametrize(("code", "body", "headers", "error", "says"), [
    (429, '{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}',
     {"ratelimit-limit": "3000", "ratelimit-remaining": "0", "ratelimit-reset": "4102444800",
      "ratelimit-policy": "3000;w=300"}, RateLimited, "rate limited (429) until 00:00:00 UTC"),
    (401, '{"error":"ExpiredToken","message":"Token has expired"}', {}, SourceError, "access refused (401)"),
    (500, '{"error":"InternalServerError"}', {}, SourceUnavailable, "server error (500)"),
    (502, "<html>bad gateway</html>", {}, SourceUnavailable, "server error (502)"),
    (200, '{"posts": [{"uri": ', {}, BadPayload, "not valid JSON"),
    (200, '{"posts": "none"}', {}, BadPayload, "expected shape"),
])
def test_errors_of_the_api_are_one_line_source_errors(appview, code, body, headers, error, says):
    appview.failures = [(code, body, headers)]
    with pytest.raises(error, match=re.escape(says)) as raised:
        list(collector(appview).pages("Lemoine", None))
    if error is RateLimited:
        assert raised.value.reset_at == datetime(2100, 1, 1, tzinfo=timezone.utc)


def test_no_request_left_waits_for_a_near_reset_or_defers(appview, sleeps):
    appview.posts = [view(n) for n in range(1, 151)]
    soon = int(real_time.time()) + 20
    appview.headers = {"ratelimit-remaining": "0", "ratelimit-reset": str(soon)}
    assert len([m for page in collector(appview).preview("Lemoine") for m in page]) == 150
    assert sleeps and 15 < sleeps[0] <= 22
    appview.headers = {"ratelimit-remaining": "0", "ratelimit-reset": str(soon + 3600)}
    with pytest.raises(RateLimited, match="quota used up"):
        list(collector(appview).pages("Lemoine", None))


def test_a_silent_server_times_out(appview):
    appview.failures = [(0, "{}", {})]
    with pytest.raises(SourceUnavailable, match="timed out"):
        list(collector(appview, timeout=0.3).pages("Lemoine", None))


def test_odd_posts_are_skipped_and_counted(appview, store):
    odd = view(2)
    odd["uri"] = "at://did:plc:x/app.bsky.feed.like/3l"
    hostile = view(3, "=cmd|' /C calc'!A0 <b>Lemoine</b>\u0000")
    appview.posts = [view(1), odd, hostile]
    stats = run_collector(collector(appview), store)
    assert (stats.items, stats.skipped) == (2, 1)
    assert all("\x00" not in row[1] for row in mention_rows(store))


def test_an_employees_post_records_a_share_only_with_consent(appview, store):
    opted = datetime(2026, 11, 1, tzinfo=timezone.utc)
    with store.transaction() as con:
        upsert_employees(con, [
            Employee("emp:claire", "Claire", "Marketing", opted, {"bluesky": "claire.bsky.social"}),
            Employee("emp:paul", "Paul", "Vente", opted, {"bluesky": "paul.bsky.social"},
                     withdrawn_at=datetime(2026, 11, 10, tzinfo=timezone.utc))])
        upsert_content(con, [Content(BLOG, canonical_url(BLOG), "Le levain")])
    appview.posts = [copy.deepcopy(POST), view(5, f"Lemoine {BLOG}", handle="paul.bsky.social")]
    run_collector(collector(appview, programme=load_programme(store)), store)
    assert store._rows("SELECT employee_id, network FROM shares") == [("emp:claire", "bluesky")]


def test_off_by_default_and_the_password_only_from_the_environment(monkeypatch):
    assert from_settings(make_settings()).partitions() == []
    config = make_settings('[bluesky]\nhandle = "ambassade.bsky.social"\nqueries = ["Lemoine"]\n')
    monkeypatch.delenv("BLUESKY_APP_PASSWORD", raising=False)
    with pytest.raises(MissingCredentials, match="BLUESKY_APP_PASSWORD"):
        from_settings(config)
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", "x")
    assert from_settings(config).partitions() == ["Lemoine"]
    from ambassade.errors import ConfigError
    with pytest.raises(ConfigError, match="unknown key"):
        make_settings('[bluesky]\napp_password = "in the file"\n')


def test_collect_bluesky_dry_run_prints_normalised_mentions(appview, tmp_path, monkeypatch):
    from tests.collectors.test_collect_cli import BRAND_TOML, CONTRACT_FIELDS, invoke

    monkeypatch.setenv("BLUESKY_APP_PASSWORD", appview.password)
    appview.posts = [view(2), view(1, "rien")]
    config = BRAND_TOML + (f'[bluesky]\nhandle = "ambassade.bsky.social"\nqueries = ["Lemoine"]\n'
                           f'base_url = "{appview.url}"\n')
    result = invoke("collect", "bluesky", "--dry-run", "--jsonl", config=config, tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [set(line) for line in lines] == [CONTRACT_FIELDS] * 2
    assert [line["matched"] for line in lines] == [["Lemoine"], []]
    assert appview.password not in result.output
    assert not (tmp_path / "a.duckdb").exists()
