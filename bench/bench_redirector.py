"""The click redirector under load, beside a bare ASGI app answering the same 302 from a dict.

Both run in their own process on uvicorn with the same settings (httptools, no access log,
one worker). A small asyncio client on keep-alive connections sends `--requests` GETs of
random known codes (bounded count and time) and times each answer. Three runs, same machine,
same run: the bare app; `ambassade links serve` alone; `ambassade links serve` while a
collector process commits 100-mention pages to the same database (short-lived writer) and the
redirector refreshes its map every second.

    python bench/bench_redirector.py [--requests 10000] [--connections 16] [--links 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"


def make_db(path: Path, links: int) -> dict[str, str]:
    """A programme with `links` share links; returns code -> redirect location."""
    from links.redirector import build_map
    from store import open_store
    from store.links import redirect_targets, share_link_for
    from store.programme import Content, Employee, upsert_content, upsert_employees

    now = datetime.now(timezone.utc)
    people = [Employee(f"emp:{n}", f"Person {n}", f"team{n % 6}", now - timedelta(days=10), {"x": f"p{n}"})
              for n in range(max(1, links // 20))]
    content = [Content(url=f"https://www.exemple.fr/blog/{n}", canonical_url=f"https://www.exemple.fr/blog/{n}",
                       title=f"Article {n}") for n in range(10)]
    with open_store(path) as store, store.transaction() as db:
        upsert_employees(db, people)
        upsert_content(db, content)
        for i in range(links):
            share_link_for(db, people[i // 20].id, content[i % 10].id, ("x", "linkedin")[(i // 10) % 2], now)
        targets = redirect_targets(db)
    return {code: route.location.decode() for code, (route, _) in build_map(targets, "ambassadeurs").routes.items()}


def bare_server(port: int, table_path: str) -> None:
    """The naive baseline: a bare ASGI app, a dict lookup, a 302 (no spool, no agent rule)."""
    import uvicorn

    table = {k: v.encode() for k, v in json.loads(Path(table_path).read_text()).items()}

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        path = scope["path"]
        location = table.get(path[3:]) if path.startswith("/l/") else None
        if location is None:
            await send({"type": "http.response.start", "status": 404, "headers": [(b"content-length", b"0")]})
        else:
            await send({"type": "http.response.start", "status": 302,
                        "headers": [(b"location", location), (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})

    uvicorn.run(app, host="127.0.0.1", port=port, access_log=False, log_level="warning", lifespan="off")


def collector(db: str, stop: mp.Event, commits: mp.Value) -> None:
    """A collector's writes: a 100-mention page committed every 50 ms, the file opened per page."""
    from ambassade.model import Mention
    from store.mentions import insert_mentions
    from store.state import ShortLivedStore

    writer, n = ShortLivedStore(db), 0
    while not stop.is_set():
        now = datetime.now(timezone.utc)
        page = [Mention(source="x", native_id=f"b{n}-{i}", author=f"a{i % 50}", author_id=f"a{i % 50}",
                        text=f"Lemoine page {n} post {i}", url=None, created_at=now, matched=("Lemoine",))
                for i in range(100)]
        with writer.transaction() as tx:
            insert_mentions(tx, page, collected_at=now)
        commits.value += 1
        n += 1
        time.sleep(0.05)


async def client(port: int, codes: list[str], requests: int, connections: int, budget: float) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    left = [requests]
    deadline = time.monotonic() + budget

    async def one_connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while left[0] > 0 and time.monotonic() < deadline:
                left[0] -= 1
                code = random.choice(codes)
                started = time.perf_counter()
                writer.write(f"GET /l/{code} HTTP/1.1\r\nHost: go.exemple.fr\r\nUser-Agent: {BROWSER}\r\n\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                latencies.append(time.perf_counter() - started)
                status = int(head[9:12])
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(one_connection() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"requests": len(latencies), "rps": len(latencies) / elapsed,
            "p50": statistics.median(latencies) * 1000, "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
            "statuses": statuses}


def wait_up(port: int, proc: subprocess.Popen) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/l/none", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args: list[str], port: int, env: dict | None = None) -> subprocess.Popen:
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or os.environ.copy())
    wait_up(port, proc)
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--links", type=int, default=2000)
    parser.add_argument("--budget", type=float, default=120, help="seconds at most per run")
    parser.add_argument("--bare-server", nargs=2, metavar=("PORT", "TABLE"), help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.bare_server:
        bare_server(int(opts.bare_server[0]), opts.bare_server[1])
        return
    with tempfile.TemporaryDirectory(prefix="bench-redirector-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        table = make_db(db, opts.links)
        codes = list(table)
        (Path(tmp) / "table.json").write_text(json.dumps(table))
        config = Path(tmp) / "ambassade.toml"
        config.write_text('[brand]\nname = "Exemple"\nterms = ["Exemple"]\n[links]\nrefresh_seconds = 1\n')
        results = {}

        port = free_port()
        proc = run([sys.executable, __file__, "--bare-server", str(port), str(Path(tmp) / "table.json")], port)
        try:
            results["bare ASGI app, dict → 302"] = asyncio.run(client(port, codes, opts.requests, opts.connections, opts.budget))
        finally:
            stop(proc)

        for label, with_writer in (("ambassade links serve, alone", False),
                                   ("ambassade links serve, collector writing", True)):
            port = free_port()
            proc = run([sys.executable, "-m", "ambassade", "--config", str(config), "--db", str(db), "links", "serve",
                        "--port", str(port)], port)
            stop_writer, commits = mp.Event(), mp.Value("i", 0)
            writer = mp.Process(target=collector, args=(str(db), stop_writer, commits)) if with_writer else None
            try:
                if writer:
                    writer.start()
                    time.sleep(1)
                result = asyncio.run(client(port, codes, opts.requests, opts.connections, opts.budget))
                result["commits"] = commits.value
                results[label] = result
            finally:
                stop_writer.set()
                if writer:
                    writer.join(30)
                stop(proc)

        spooled = sum(1 for p in (db.parent / (db.name + ".clicks")).glob("*.jsonl") for _ in p.open("rb"))
        bare = results["bare ASGI app, dict → 302"]["rps"]
        print(f"{opts.requests} requests per run, {opts.connections} keep-alive connections, {len(codes)} links, "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print("| run | requests | redirects/s | p50 ms | p99 ms | vs bare | collector commits | statuses |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for label, r in results.items():
            print(f"| {label} | {r['requests']} | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p99']:.2f} | "
                  f"{r['rps'] / bare:.0%} | {r.get('commits', '—')} | {r['statuses']} |")
        print(f"clicks in the spool after both redirector runs: {spooled}")


if __name__ == "__main__":
    main()
