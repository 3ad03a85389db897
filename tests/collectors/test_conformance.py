"""One conformance test for every registered collector (the Singer idea): two runs give the rows
of one, a run stopped after its first page then run again gives exactly a clean run, every
collector defines the whole protocol, and no collector opens the database."""

from __future__ import annotations

import ast
import importlib
import inspect
import threading
import typing
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from ambassade.text.terms import TermMatcher
import collectors
from collectors.base import Collector, run_collector
from collectors.employees import EmployeeSharesCollector
from store.programme import load_programme
from collectors.reddit import RedditCollector, RedditRssCollector, make_reddit
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


def replayed_mastodon(httpserver):
    from tests.collectors.test_mastodon import Replay, collector, status

    replay = Replay(httpserver)
    replay.statuses = [status(n) for n in range(60, 0, -1)]       # two pages of 40
    return lambda store: collector(replay)


def replayed_hn(httpserver):
    from tests.collectors.test_hackernews import Algolia, collector, hit

    replay = Algolia(httpserver)
    replay.hits = [hit(n) for n in range(1, 151)]                 # two pages of 100
    return lambda store: collector(replay)


def replayed_jetstream(httpserver):
    from tests.collectors.test_jetstream import Jetstream, collector, post

    replay = Jetstream()                                           # a WebSocket, not HTTP
    replay.events = [post(n) for n in range(1, 26)]
    return lambda store: collector(replay, page_events=10)        # three pages


def replayed_gdelt(httpserver):
    from tests.collectors.test_gdelt import Gdelt, article, collector

    replay = Gdelt(httpserver)
    replay.articles = [article(n) for n in range(1, 26)]          # three pages of 10
    return lambda store: collector(replay)


def replayed_bluesky(httpserver):
    from tests.collectors.test_bluesky import Appview, collector, view

    replay = Appview(httpserver)
    replay.posts = [view(n) for n in range(1, 151)]               # two pages of 100
    return lambda store: collector(replay)


# The open sources of issue 15: name -> (httpserver) -> (store) -> a collector on its replay.
OPEN_SOURCES = {"mastodon": replayed_mastodon, "hn": replayed_hn, "jetstream": replayed_jetstream,
                "gdelt": replayed_gdelt, "bluesky": replayed_bluesky}


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
    if name in OPEN_SOURCES:
        yield OPEN_SOURCES[name](httpserver)
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
    assert set(collectors.BUILTIN) == {"rss", "reddit", "x", "shares", *OPEN_SOURCES}


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

    fake = [EntryPoint("threads", "collectors.rss:from_settings", "ambassade.collectors")]
    monkeypatch.setattr(collectors, "entry_points", lambda group: fake)
    assert collectors.names()[-1] == "threads"
    assert collectors.factory("threads") is collectors.factory("rss")


# --- the protocol, whole ----------------------------------------------------------------------

def protocol_members() -> dict[str, str]:
    """Every member the Collector protocol declares: name -> "attribute" or "method"."""
    members = {name: "attribute" for name in Collector.__annotations__}
    members.update({name: "method" for name, value in vars(Collector).items()
                    if inspect.isfunction(value) and not name.startswith("_")})
    return members


def attribute_type(name: str) -> type:
    hint = typing.get_type_hints(Collector)[name]
    return typing.get_args(hint)[0] if typing.get_origin(hint) is typing.ClassVar else hint


def assert_conforms(collector) -> None:
    own = [vars(collector)] + [vars(k) for k in type(collector).__mro__ if k is not object]
    for name, kind in protocol_members().items():
        assert any(name in names for names in own), f"{type(collector).__name__} lacks {name}"
        value = getattr(collector, name)
        if kind == "method":
            assert callable(value), f"{type(collector).__name__}.{name} is not a method"
        else:
            assert not callable(value), f"{type(collector).__name__}.{name} is not an attribute"
            assert isinstance(value, attribute_type(name)), f"{type(collector).__name__}.{name}"


def test_the_protocol_declares_all_that_the_runner_and_the_command_line_read():
    assert protocol_members() == {
        "name": "attribute", "reads_source": "attribute", "paused": "attribute",
        "notice": "attribute", "partitions": "method", "pages": "method", "preview": "method"}
    for name in protocol_members():
        member = vars(Collector).get(name)
        documented = member.__doc__ if member is not None else _attribute_docs().get(name)
        assert documented, f"Collector.{name} has no docstring"


def _attribute_docs() -> dict[str, str]:
    """The string under each annotated attribute of the Collector class body."""
    tree = ast.parse(inspect.getsource(Collector))
    body = tree.body[0].body
    return {node.target.id: nxt.value.value for node, nxt in zip(body, body[1:])
            if isinstance(node, ast.AnnAssign) and isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)}


@pytest.mark.parametrize("make", list(collectors.BUILTIN), indirect=True)
def test_every_collector_defines_every_protocol_member(make, tmp_path):
    with open_store(tmp_path / "a.duckdb") as store:
        collector = make(store)
    assert_conforms(collector)


def test_reddit_without_a_key_defines_every_protocol_member():
    assert_conforms(RedditRssCollector(["Lemoine"], ["all"], MATCHER))


# --- no collector opens the database ----------------------------------------------------------

COLLECTORS = Path(collectors.__file__).parent
# base.py is the runner: the one place that commits, so the one collector module that may.
COLLECTOR_SIDE = sorted(p for p in COLLECTORS.glob("*.py") if p.name != "base.py")
OPENERS = ("store.connect", "store.state", "duckdb")


def database_imports(path: Path) -> list[str]:
    """What `path` imports that can reach the database: duckdb, store modules, store functions
    that take a Store, and anything but types from store.connect and store.state."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in ("duckdb", "store")]
        elif isinstance(node, ast.ImportFrom) and node.module and (
                node.module == "duckdb" or node.module.split(".")[0] == "store"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                value = getattr(module, alias.name)
                if isinstance(value, type) and node.module != "duckdb":
                    continue                       # dataclasses and types
                if (node.module not in OPENERS and inspect.isfunction(value)
                        and "Store" not in str(inspect.signature(value))):
                    continue                       # a pure helper, e.g. normal_handle
                found.append(f"{node.module}.{alias.name}")
    return found


def test_collectors_import_nothing_that_opens_the_database():
    assert COLLECTOR_SIDE and all(p.exists() for p in COLLECTOR_SIDE)
    assert {p.name: database_imports(p) for p in COLLECTOR_SIDE} == {
        p.name: [] for p in COLLECTOR_SIDE}


def test_collectors_never_begin_a_transaction():
    assert [p.name for p in COLLECTOR_SIDE
            if ".transaction(" in p.read_text(encoding="utf-8")] == []


def test_the_import_check_sees_a_collector_that_opens_the_database(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import duckdb\nfrom store.state import reads_this_month, ShortLivedStore\n"
                   "from store.programme import load_programme, Content, normal_handle\n"
                   "from store import state\n", encoding="utf-8")
    assert database_imports(bad) == ["duckdb", "store.state.reads_this_month",
                                     "store.programme.load_programme", "store.state"]
