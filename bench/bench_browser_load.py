"""The overview's first load as its user meets it (issues 14 and 17): the real server
(`ambassade --db FILE dashboard`) and a real headless Chromium, from navigation to the first
figure (the mentions' count) and to the topics grid, beside Streamlit alone serving a bare
script with the same kinds of element (figures, a Vega-Lite chart, a grid) in the same run.

Run: python bench/bench_browser_load.py --db FILE [--db FILE ...] [--turns 3]
Needs Debian's chromium (the README's test command installs it) and the test extra (Playwright).

Each turn starts each server afresh and visits it in French four ways:
- server just started, browser cache empty: a first visitor after a start;
- server warm (its reads cached), the same browser again: a returning visitor;
- server warm, another browser profile: a first visitor (Streamlit's scripts downloaded again);
- server started again, the returning browser: the usual morning (scripts cached, reads cold).
The bench (`bench_dashboard_pages.py`) times the scripts' runs in-process; what it cannot see
is the browser's part: loading Streamlit's front end (about 140 requests) and drawing. The bare
script's figures are that part alone. Every request is recorded: a host other than the
dashboard's, or an exception box, ends the run with exit 1. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import free_port  # noqa: E402
from tests.e2e.conftest import CHROMIUM_ARGS, stop, wait_healthy  # noqa: E402

# Streamlit alone: the overview's kinds of element, drawn from data made in the script.
BARE_SCRIPT = '''
import altair as alt
import pandas as pd
import streamlit as st

st.title("Bare Streamlit")
for column, value in zip(st.columns(4), (9_499_990, 2_418_129, 33, 33)):
    column.metric("figure", value, delta=1)
days = pd.DataFrame({"day": pd.date_range("2026-11-01", periods=30), "mentions": range(30)})
st.altair_chart(alt.Chart(days).mark_bar().encode(x="day:T", y="mentions:Q"), width="stretch")
st.dataframe(pd.DataFrame({"topic": [f"word{i}" for i in range(30)], "mentions": range(30)}), hide_index=True)
'''

CASES = ("server just started, browser cache empty", "server warm, the same browser again",
         "server warm, browser cache empty", "server started again, browser cache full")


def server(command: list[str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True, cwd=tempfile.gettempdir())
    wait_healthy(f"http://127.0.0.1:{port}", process)
    time.sleep(3)      # the preload's imports (dashboard/launch.py), as a visitor after a start finds them
    return process


def visit(page, url: str) -> tuple[float, float]:
    """Seconds from navigation to the first figure, and to the first grid."""
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=120_000)
    figure = time.perf_counter() - started
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=120_000)
    grid = time.perf_counter() - started
    if page.locator('[data-testid="stException"]').count():
        sys.exit(f"{url}: an exception box")
    return figure, grid


def turn(browser, command: list[str], port: int, hosts: set[str]) -> list[tuple[float, float]]:
    url = f"http://127.0.0.1:{port}/"

    def new_page(context):
        page = context.new_page()
        page.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
        return page

    process = server(command, port)
    returning = browser.new_context(locale="fr-FR")
    page = new_page(returning)
    got = [visit(page, url), visit(page, url)]
    first_time = browser.new_context(locale="fr-FR")
    got.append(visit(new_page(first_time), url))
    first_time.close()
    stop(process)
    process = server(command, port)
    got.append(visit(page, url))
    returning.close()
    stop(process)
    return got


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, action="append", required=True, help="a database to serve (repeatable)")
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("Debian's chromium is missing (the README's test command installs it)")
    from playwright.sync_api import sync_playwright

    ambassade = str(Path(sys.executable).with_name("ambassade"))
    folder = tempfile.TemporaryDirectory()
    bare = Path(folder.name) / "bare.py"
    bare.write_text(BARE_SCRIPT, encoding="utf-8")
    port = free_port()
    targets = {"Streamlit alone (bare script)": [sys.executable, "-m", "streamlit", "run", str(bare),
                                                  "--server.port", str(port), "--server.address", "127.0.0.1",
                                                  "--server.headless", "true", "--browser.gatherUsageStats", "false",
                                                  "--server.fileWatcherType", "none"]}
    for db in args.db:
        if not db.exists():
            sys.exit(f"{db}: no such database")
        targets[f"Ambassade, {db.name}"] = [ambassade, "--db", str(db.resolve()), "dashboard", "--port", str(port)]
    results: dict[str, list[list[tuple[float, float]]]] = {name: [] for name in targets}
    hosts: set[str] = set()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for n in range(args.turns):
            for name, command in targets.items():      # in turns: the machine's load falls on each alike
                results[name].append(turn(browser, command, port, hosts))
            print(f"turn {n + 1} of {args.turns} done, load average {os.getloadavg()[0]:.1f}", flush=True)
        browser.close()
    folder.cleanup()
    for name, turns in results.items():
        print(f"\n{name}: seconds from navigation to the first figure / to the first grid, "
              f"{args.turns} turns (fastest-slowest)")
        for i, case in enumerate(CASES):
            figures, grids = [t[i][0] for t in turns], [t[i][1] for t in turns]
            print(f"  {case:<44} {min(figures):.2f}-{max(figures):.2f} s / {min(grids):.2f}-{max(grids):.2f} s")
    others = sorted(hosts - {"127.0.0.1"})
    print(f"\nhosts requested: {sorted(hosts)}")
    if others:
        sys.exit(f"requests to other hosts: {others}")


if __name__ == "__main__":
    main()
