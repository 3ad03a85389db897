"""End to end: the real `st.login` flow in Chromium against a local OpenID Connect provider.

`ambassade dashboard` builds Streamlit's [auth] table from [dashboard.sign_in] and the
environment; the browser signs in at the stub provider; the e-mail in the signed id_token
decides the pages. Every request stays on 127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import free_port
from tests.dashboard.test_signin import COMMS, EMP1, TOML, build_signin_db
from tests.e2e.conftest import stop, wait_healthy
from tests.e2e.oidc_stub import Provider, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CLIENT_SECRET = "stub-client-secret"


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signin")
    db = build_signin_db(folder / "signin.duckdb")
    provider = Provider(client_id="ambassade-e2e", client_secret=CLIENT_SECRET)
    idp = serve(provider, free_port())
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = folder / "ambassade.toml"
    config.write_text(TOML + f"""
[dashboard.sign_in]
server_metadata_url = "{provider.base}/.well-known/openid-configuration"
client_id = "{provider.client_id}"
redirect_uri = "{base}/oauth2callback"
""", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMBASSADE_")}
    env.update(AMBASSADE_OIDC_CLIENT_SECRET=CLIENT_SECRET, AMBASSADE_COOKIE_SECRET="e2e-cookie-secret-" + "x" * 32,
               HOME=str(folder))
    process = subprocess.Popen(
        [sys.executable, "-m", "ambassade", "--config", str(config), "--db", str(db), "dashboard", "--port", str(port)],
        env=env, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        wait_healthy(base, process)
        yield base, provider
    finally:
        stop(process)
        idp.shutdown()


def sign_in(browser, base: str, provider: Provider, email: str, path: str = "/"):
    """A fresh browser that signs in as `email`; returns (context, page, every URL requested)."""
    provider.next_email = email
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    page = context.new_page()
    page.goto(base + path, wait_until="domcontentloaded")
    page.get_by_role("button", name="Se connecter").click(timeout=60_000)
    page.get_by_text("Connecté·e").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    assert page.locator('[data-testid="stException"]').count() == 0, page.inner_text("body")[:2000]
    return context, page, urls


def test_not_signed_in_the_dashboard_shows_only_the_sign_in_button(signed, browser):
    # First in this file on purpose: the server's very first visit asks for /overview, which is
    # where Streamlit's pages/ folder mode would serve the page without the entry script.
    base, _ = signed
    page = browser.new_page(locale="fr-FR")
    try:
        page.goto(base + "/overview", wait_until="domcontentloaded")
        page.get_by_role("button", name="Se connecter").wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        body = page.inner_text("body")
        assert "Vue d'ensemble" not in body and "Mentions" not in body
    finally:
        page.close()


def test_the_comms_team_signs_in_and_gets_its_pages(signed, browser):
    base, provider = signed
    context, page, urls = sign_in(browser, base, provider, COMMS)
    try:
        assert page.get_by_role("heading", name="Vue d'ensemble").count() == 1
        assert f"Connecté·e : {COMMS}" in page.inner_text("body")
        assert provider.token_requests[-1] == {"client_id": provider.client_id, "secret_ok": True}
        hosts = {u.split("/")[2] for u in urls if u.startswith("http")}
        assert hosts <= {base.split("/")[2], provider.base.split("/")[2]}, hosts
    finally:
        context.close()


def test_an_employee_signs_in_to_their_own_page_and_cannot_reach_the_others(signed, browser):
    base, provider = signed
    context, page, _ = sign_in(browser, base, provider, EMP1)
    try:
        page.get_by_role("heading", name="Mon activité").wait_for(timeout=30_000)
        assert "Je suis (démo)" not in page.inner_text("body")
        page.goto(base + "/overview", wait_until="domcontentloaded")     # same cookie, a page they lack
        page.get_by_text("Connecté·e").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        assert page.get_by_role("heading", name="Vue d'ensemble").count() == 0
        assert page.get_by_role("heading", name="Mon activité").count() == 1
    finally:
        context.close()


def test_someone_with_no_role_is_asked_to_see_the_comms_team(signed, browser):
    base, provider = signed
    context, page, _ = sign_in(browser, base, provider, "stranger@elsewhere.example")
    try:
        assert "demandez-le à votre équipe communication" in page.inner_text("body")
        page.get_by_role("button", name="Se déconnecter").click()
        page.get_by_role("button", name="Se connecter").wait_for(timeout=60_000)
    finally:
        context.close()
