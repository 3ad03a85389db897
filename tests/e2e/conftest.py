"""A real server in a subprocess and a real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import free_port

# Flags for a closed network: without them Chromium keeps trying to reach Google's hosts.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: scripts/test.sh installs it")
        pytest.skip("Debian's chromium is not installed (scripts/test.sh installs it)")
    return found




def wait_healthy(base: str, process: subprocess.Popen, timeout: float = 120) -> None:
    """Wait until Streamlit's health endpoint answers "ok"."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.read().decode().strip() == "ok":
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("the dashboard never became healthy")


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """`ambassade demo` (the README's first command) built once and served for every browser
    test that only reads it: its address and its database file."""
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AMBASSADE_", "X_", "REDDIT_"))}
    env["AMBASSADE_DB"] = str(db)
    base, process = start_server(["demo"], env, folder)
    yield base, db
    stop(process)


def start_server(args: list[str], env: dict[str, str], cwd: Path) -> tuple[str, subprocess.Popen]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "ambassade", *args, "--port", str(port)],
        env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
    except BaseException:
        stop(process)
        raise
    return base, process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def visit(browser, url: str, expect_text: str, screenshot: Path | None = None,
          locale: str = "fr-FR") -> str:
    """Open `url`, wait for `expect_text`, fail on any Streamlit exception box; return the page text."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale=locale)
    try:
        page.goto(url, wait_until="domcontentloaded")
        # the first *visible* match: a grid keeps a hidden accessible copy of its cells
        page.get_by_text(expect_text).filter(visible=True).first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)  # let the charts and tables draw
        assert page.locator('[data-testid="stException"]').count() == 0, page.inner_text("body")
        if screenshot:
            page.screenshot(path=str(screenshot), full_page=True)
        return page.inner_text("body")
    finally:
        page.close()
