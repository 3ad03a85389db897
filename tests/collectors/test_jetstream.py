"""Jetstream: a `websockets` server on 127.0.0.1 replays recorded events as Jetstream does
(`cursor` in microseconds, `wantedCollections`), and can drop the connection or refuse it."""

from __future__ import annotations

import copy
import json
import threading
from datetime import datetime, timezone
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from websockets.datastructures import Headers
from websockets.http11 import Response as WsResponse
from websockets.sync.server import serve

from ambassade.errors import RateLimited, SourceError, SourceUnavailable
from ambassade.text.terms import TermMatcher
from collectors.base import run_collector
from collectors.jetstream import (REWIND_US, JetstreamCollector, from_settings, stream_url,
                                  watch_terms)
from collectors.urls import canonical_url
from store.programme import Content, Employee, load_programme, upsert_content, upsert_employees
from tests.collectors.conftest import PAYLOADS, make_settings, mention_rows

MATCHER = TermMatcher(["Lemoine", "#LemoineLife", "@maisonlemoine"])
RECORDED = [json.loads(line) for line in (PAYLOADS / "jetstream" / "events.jsonl").read_text().splitlines()]
POST_EVENT = RECORDED[4]
BLOG = "https://www.maison-lemoine.fr/blog/levain"
T0 = 1725911170000000


def post(number: int, text: str = "Chez Lemoine ce matin", did: str = "did:plc:ufbl4k27gp6kzas5glhz7fim") -> dict:
    """The recorded post commit with another time, rkey and text (no facets)."""
    event = copy.deepcopy(POST_EVENT)
    event.update(did=did, time_us=T0 + number * 1000)
    event["commit"]["rkey"] = f"3l3qo{number:08d}"
    event["commit"]["record"].update(text=text, facets=[])
    return event


class Jetstream:
    """The replay: events with time_us >= cursor; `drop_after` closes the socket mid-stream."""

    def __init__(self) -> None:
        self.events: list[dict | str] = []
        self.drop_after: list[int] = []        # per connection: close after this many sends
        self.refuse: list[int] = []            # per connection: an HTTP status instead of a socket
        self.connections: list[dict] = []
        self.server = serve(self.handle, "127.0.0.1", 0, process_request=self.process)
        self.port = self.server.socket.getsockname()[1]
        self.url = f"ws://127.0.0.1:{self.port}/subscribe"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def process(self, connection, request):
        if self.refuse:
            code = self.refuse.pop(0)
            headers = Headers({"Retry-After": "90"} if code == 429 else {})
            return WsResponse(code, "refused", headers, b"")
        return None

    def handle(self, websocket) -> None:
        params = parse_qs(urlsplit(websocket.request.path).query)
        self.connections.append(params)
        cursor = int(params["cursor"][0]) if "cursor" in params else None
        limit = self.drop_after.pop(0) if self.drop_after else None
        sent = 0
        for event in list(self.events):
            time_us = event.get("time_us") if isinstance(event, dict) else None
            if cursor is not None and isinstance(time_us, int) and time_us < cursor:
                continue
            if limit is not None and sent >= limit:
                websocket.socket.close()           # dropped, no closing handshake
                return
            websocket.send(event if isinstance(event, str) else json.dumps(event))
            sent += 1
        try:
            for _ in websocket:                    # stay open until the client leaves
                pass
        except Exception:
            pass

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def jetstream():
    replay = Jetstream()
    yield replay
    replay.close()


def collector(replay: Jetstream, **kwargs) -> JetstreamCollector:
    kwargs.setdefault("max_seconds", 1.0)
    return JetstreamCollector(replay.url, MATCHER, **kwargs)


def test_recorded_events_keep_only_posts_that_name_the_brand(jetstream, store):
    jetstream.events = RECORDED
    stats = run_collector(collector(jetstream), store)
    assert (stats.status, stats.items) == ("ok", 2)
    assert stats.skipped == 1                       # the unrelated post; likes, deletes are not posts
    rows = {row[0]: row for row in mention_rows(store)}
    first = rows["bluesky:did:plc:ufbl4k27gp6kzas5glhz7fim/app.bsky.feed.post/3l3qo2w1zzz2b"]
    assert first[1] == "Le meilleur pain est chez Lemoine, voir https://www.maison-lemoine.fr/blog/levain"
    assert jetstream.connections[0]["wantedCollections"] == ["app.bsky.feed.post"]
    assert "cursor" not in jetstream.connections[0]          # a first run tails live


def test_mentions_use_the_indexing_time_detected_language_and_the_known_handle(jetstream):
    jetstream.events = RECORDED
    mentions = [m for page in collector(jetstream).preview("posts") for m in page]
    first, tagged = mentions
    assert first.author == "yohenrique.bsky.social"          # from the identity event
    assert first.author_id == "did:plc:ufbl4k27gp6kzas5glhz7fim"
    assert first.lang is None and first.raw["commit"]["record"]["langs"] == ["en"]
    assert first.url == "https://bsky.app/profile/did:plc:ufbl4k27gp6kzas5glhz7fim/post/3l3qo2w1zzz2b"
    # createdAt says 2099; the time is when Jetstream saw it, createdAt stays in raw.
    assert tagged.created_at == datetime.fromtimestamp(1725911162.6, tz=timezone.utc)
    assert tagged.matched == ("#LemoineLife",) and tagged.author == "did:plc:q6gjnaw2blty4crticxkmujt"


def test_the_next_run_resumes_from_the_stored_time_cursor(jetstream, store):
    jetstream.events = [post(n) for n in range(1, 6)]
    run_collector(collector(jetstream), store)
    cursor = json.loads(store._rows("SELECT state::VARCHAR FROM cursors WHERE source = 'jetstream'")[0][0])
    assert cursor == {"time_us": str(T0 + 5000)}
    jetstream.events.append(post(6, "Lemoine again"))
    again = run_collector(collector(jetstream), store)
    assert jetstream.connections[-1]["cursor"] == [str(T0 + 5000)]
    assert again.items == 1 and len(mention_rows(store)) == 6


def test_a_run_stopped_after_its_first_page_resumes_without_loss_or_duplicate(jetstream, store):
    jetstream.events = [post(n) for n in range(1, 41)]
    stop = threading.Event()
    stopped = run_collector(collector(jetstream, page_events=10), store, stop=stop,
                            progress=lambda s: stop.set())
    assert (stopped.status, stopped.items) == ("stopped", 10)
    resumed = run_collector(collector(jetstream, page_events=10), store)
    assert resumed.items == 30 and len(mention_rows(store)) == 40


def test_a_dropped_websocket_reconnects_from_the_cursor_a_little_back(jetstream, store, sleeps):
    jetstream.events = [post(n) for n in range(1, 21)]
    jetstream.drop_after = [7]
    stats = run_collector(collector(jetstream), store)
    assert (stats.status, stats.items) == ("ok", 20)
    assert len(jetstream.connections) == 2
    assert jetstream.connections[1]["cursor"] == [str(T0 + 7000 - REWIND_US)]
    assert len(mention_rows(store)) == 20 and sleeps          # backed off before reconnecting


def test_a_connection_that_keeps_dropping_fails_the_partition(jetstream):
    jetstream.events = [post(n) for n in range(1, 5)]
    jetstream.drop_after = [0] * 20
    with pytest.raises(SourceUnavailable, match="dropped"):
        list(collector(jetstream, max_seconds=30).pages("posts", None))


@pytest.mark.parametrize(("code", "error", "says"), [
    (429, RateLimited, "rate limited (429)"),
    (401, SourceError, "connection refused (HTTP 401)"),
])
def test_a_refused_handshake_is_a_one_line_source_error(jetstream, code, error, says):
    jetstream.refuse = [code]
    with pytest.raises(error, match=__import__("re").escape(says)):
        list(collector(jetstream).pages("posts", None))


def test_server_errors_are_retried_then_reported(jetstream, sleeps):
    jetstream.refuse = [503] * 10
    with pytest.raises(SourceUnavailable, match="server error"):
        list(collector(jetstream, max_seconds=30).pages("posts", None))


def test_nobody_listening_is_unavailable(sleeps):
    dead = JetstreamCollector("ws://127.0.0.1:9/subscribe", MATCHER, max_seconds=30, open_timeout=0.5)
    with pytest.raises(SourceUnavailable, match="cannot connect"):
        list(dead.pages("posts", None))


def test_invalid_json_and_odd_events_are_counted_and_skipped(jetstream, store):
    bad_rkey = post(3)
    bad_rkey["commit"]["rkey"] = "../x"
    no_record = post(4)
    del no_record["commit"]["record"]
    jetstream.events = [post(1), '{"did": "did:plc:x", "time_us": ', "[1, 2]", bad_rkey, no_record,
                        {"kind": "commit", "time_us": "soon"}, post(5)]
    stats = run_collector(collector(jetstream), store)
    assert (stats.status, stats.items, stats.skipped) == ("ok", 2, 5)


def test_hostile_posts_stay_plain_text(jetstream):
    hostile = post(1, "=HYPERLINK(\"https://evil.example\") <script>Lemoine</script>\u0000" + "x" * 50_000)
    hostile["commit"]["record"]["facets"] = [{"index": {"byteStart": -5, "byteEnd": 10**9},
                                             "features": [{"$type": "app.bsky.richtext.facet#link",
                                                           "uri": "javascript:alert(1)"}]}]
    jetstream.events = [hostile]
    [mention] = [m for page in collector(jetstream).preview("posts") for m in page]
    assert "\x00" not in mention.text and "javascript:" not in mention.text
    assert len(mention.text) <= 40_000


def test_an_employees_post_records_a_share_only_with_consent(jetstream, store):
    opted = datetime(2024, 9, 1, tzinfo=timezone.utc)
    with store.transaction() as con:
        upsert_employees(con, [
            Employee("emp:claire", "Claire", "Marketing", opted, {"bluesky": "yohenrique.bsky.social"}),
            Employee("emp:paul", "Paul", "Vente", opted, {"bluesky": "paul.bsky.social"},
                     withdrawn_at=datetime(2024, 9, 5, tzinfo=timezone.utc))])
        upsert_content(con, [Content(BLOG, canonical_url(BLOG), "Le levain")])
    tagged = copy.deepcopy(RECORDED[6])
    tagged["commit"]["record"]["text"] += f" {BLOG}"
    paul = copy.deepcopy(RECORDED[0])           # Paul's DID is announced as his handle
    paul.update(did=tagged["did"], time_us=RECORDED[5]["time_us"] + 1)
    paul["identity"].update(did=tagged["did"], handle="paul.bsky.social")
    claire = copy.deepcopy(RECORDED[4])
    claire["commit"]["record"]["facets"] = []
    claire["commit"]["record"]["text"] = f"#LemoineLife {BLOG}"
    jetstream.events = RECORDED[:4] + [claire, paul, tagged]
    run_collector(collector(jetstream, programme=load_programme(store)), store)
    assert store._rows("SELECT employee_id, network FROM shares") == [("emp:claire", "bluesky")]


def test_watch_terms_take_competitors_whatever_their_shape():
    settings = make_settings()
    assert watch_terms(settings) == ["Lemoine", "#LemoineLife", "@maisonlemoine"]
    shaped = SimpleNamespace(brand=SimpleNamespace(
        terms=["Lemoine"], exclude=[],
        competitors=[{"name": "Dupain", "terms": ["Dupain", "#Dupain"]}, "Levain & Co"]))
    assert watch_terms(shaped) == ["Lemoine", "Dupain", "#Dupain", "Levain & Co"]
    by_name = SimpleNamespace(brand=SimpleNamespace(terms=["Lemoine"], exclude=[],
                                                    competitors={"Dupain": ["Dupain"]}))
    assert watch_terms(by_name) == ["Lemoine", "Dupain"]


def test_off_by_default_and_the_url_must_be_a_websocket():
    assert from_settings(make_settings()).partitions() == []
    assert from_settings(make_settings("[jetstream]\nenabled = true\n")).partitions() == ["posts"]
    from ambassade.errors import ConfigError
    with pytest.raises(ConfigError, match=r"\[jetstream\] url"):
        make_settings('[jetstream]\nurl = "https://x"\n')
    assert stream_url("wss://j.example/subscribe", 5) == (
        "wss://j.example/subscribe?wantedCollections=app.bsky.feed.post&cursor=5")


def test_collect_jetstream_dry_run_prints_normalised_mentions(jetstream, tmp_path):
    from tests.collectors.test_collect_cli import BRAND_TOML, CONTRACT_FIELDS, invoke

    jetstream.events = RECORDED
    config = BRAND_TOML + f'[jetstream]\nenabled = true\nurl = "{jetstream.url}"\nmax_seconds = 1\n'
    result = invoke("collect", "jetstream", "--dry-run", "--jsonl", config=config, tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [set(line) for line in lines] == [CONTRACT_FIELDS] * 2
    assert {line["source"] for line in lines} == {"bluesky"}
    assert not (tmp_path / "a.duckdb").exists()
