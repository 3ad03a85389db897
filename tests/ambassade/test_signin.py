"""The launcher's side of sign-in: [dashboard] settings, Streamlit's [auth] table built from them
and the environment, and the rule that without sign-in the dashboard serves only 127.0.0.1."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

from ambassade import signin
from ambassade.commands import dashboard as dashboard_command
from ambassade.errors import ConfigError, InputError, MissingCredentials
from ambassade.settings import parse_settings
from tests.ambassade.test_cli import assert_one_line_error, invoke
from tests.conftest import MINIMAL_TOML

SIGN_IN = MINIMAL_TOML + """
[dashboard]
admins = ["com@lemoine.example"]

[dashboard.sign_in]
server_metadata_url = "https://login.example.org/.well-known/openid-configuration"
client_id = "ambassade-dashboard"
redirect_uri = "https://tableau.lemoine.example/oauth2callback"
"""
COOKIE = "k" * 40


@pytest.fixture
def secrets_env(monkeypatch):
    monkeypatch.setenv("AMBASSADE_OIDC_CLIENT_SECRET", "client-secret-from-env")
    monkeypatch.setenv("AMBASSADE_COOKIE_SECRET", COOKIE)


@pytest.fixture
def no_home_secrets(tmp_path, monkeypatch):
    """Neither the developer's ~/.streamlit nor the working directory holds an [auth] table."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)


# --- settings ---------------------------------------------------------------------------------

def test_sign_in_settings_hold_no_secret_and_name_the_callback():
    settings = parse_settings(SIGN_IN)
    assert settings.dashboard.admins == ["com@lemoine.example"]
    assert settings.dashboard.sign_in.client_id == "ambassade-dashboard"
    assert "client_secret" not in type(settings.dashboard.sign_in).model_fields
    assert parse_settings(MINIMAL_TOML).dashboard.sign_in is None


@pytest.mark.parametrize("bad, needle", [
    ('admins = ["not an address"]', "[dashboard] admins"),
    ('admins = ["=HYPERLINK(\\"x\\")"]', "[dashboard] admins"),
    ('sign_in = { server_metadata_url = "http://idp.example.org/x", client_id = "c", '
     'redirect_uri = "https://a.example/oauth2callback" }', "server_metadata_url"),
    ('sign_in = { server_metadata_url = "https://idp.example.org/x", client_id = "c", '
     'redirect_uri = "https://a.example/callback" }', "redirect_uri"),
    ('sign_in = { server_metadata_url = "javascript:alert(1)", client_id = "c", '
     'redirect_uri = "https://a.example/oauth2callback" }', "server_metadata_url"),
    ('sign_in = { server_metadata_url = "https://idp.example.org/x", client_id = "c", '
     'redirect_uri = "https://a.example/oauth2callback", client_secret = "oops" }', "client_secret"),
    ('sign_in = { server_metadata_url = "https://idp.example.org/x", client_id = "", '
     'redirect_uri = "https://a.example/oauth2callback" }', "client_id"),
])
def test_bad_dashboard_settings_are_one_line_naming_the_key(bad, needle):
    with pytest.raises(ConfigError, match=needle.replace("[", r"\[").replace("]", r"\]")):
        parse_settings(MINIMAL_TOML + "\n[dashboard]\n" + bad + "\n")


def test_a_local_provider_may_speak_http_on_loopback_only():
    ok = parse_settings(MINIMAL_TOML + """
[dashboard.sign_in]
server_metadata_url = "http://127.0.0.1:8080/.well-known/openid-configuration"
client_id = "c"
redirect_uri = "http://localhost:8501/oauth2callback"
""")
    assert ok.dashboard.sign_in.server_metadata_url.startswith("http://127.0.0.1")


# --- Streamlit's [auth] table -------------------------------------------------------------------

def test_the_auth_table_takes_its_secrets_from_the_environment(secrets_env):
    table = signin.auth_table(parse_settings(SIGN_IN))
    assert table == {"redirect_uri": "https://tableau.lemoine.example/oauth2callback", "cookie_secret": COOKIE,
                     "client_id": "ambassade-dashboard", "client_secret": "client-secret-from-env",
                     "server_metadata_url": "https://login.example.org/.well-known/openid-configuration"}
    assert signin.auth_table(parse_settings(MINIMAL_TOML)) is None
    assert signin.auth_table(None) is None


@pytest.mark.parametrize("missing", ["AMBASSADE_OIDC_CLIENT_SECRET", "AMBASSADE_COOKIE_SECRET"])
def test_a_missing_secret_is_named(secrets_env, monkeypatch, missing):
    monkeypatch.delenv(missing)
    with pytest.raises(MissingCredentials, match=missing):
        signin.auth_table(parse_settings(SIGN_IN))


def test_a_short_cookie_secret_is_refused(secrets_env, monkeypatch):
    monkeypatch.setenv("AMBASSADE_COOKIE_SECRET", "short")
    with pytest.raises(ConfigError, match="AMBASSADE_COOKIE_SECRET: use at least 32"):
        signin.auth_table(parse_settings(SIGN_IN))


@pytest.mark.parametrize("value", ['a"b', "back\\slash", "new\nline", "tab\there", "é€😀", "del\x7f nul\x00", "]\n[other]", "x" * 100_000])
def test_the_secrets_file_reads_back_exactly_whatever_the_values(value):
    table = {"redirect_uri": "https://a.example/oauth2callback", "cookie_secret": value, "client_id": value}
    assert tomllib.loads(signin.secrets_text(table)) == {"auth": table}


def test_the_secrets_file_is_private(tmp_path):
    path = signin.write_secrets({"cookie_secret": COOKIE}, tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert tomllib.loads(path.read_text()) == {"auth": {"cookie_secret": COOKIE}}
    (tmp_path / "demo").mkdir()
    empty = signin.write_secrets(None, tmp_path / "demo")
    assert tomllib.loads(empty.read_text()) == {}


def test_a_deployments_own_streamlit_auth_counts_as_sign_in(tmp_path):
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    assert not signin.own_streamlit_auth(cwd, home)
    (cwd / ".streamlit").mkdir(parents=True)
    (cwd / ".streamlit" / "secrets.toml").write_text("[other]\nx = 1\n")
    assert not signin.own_streamlit_auth(cwd, home)
    (cwd / ".streamlit" / "secrets.toml").write_text("not toml [[[")
    assert not signin.own_streamlit_auth(cwd, home)
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "secrets.toml").write_text('[auth]\nredirect_uri = "https://a/oauth2callback"\n')
    assert signin.own_streamlit_auth(cwd, home)


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("127.9.9.9", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("LOCALHOST", True), ("0.0.0.0", False), ("::", False), ("192.168.1.10", False),
    ("example.org", False), ("", False), ("127.0.0.1.evil.example", False),
])
def test_loopback_addresses(host, loopback):
    assert signin.is_loopback(host) is loopback


def test_refusing_an_open_host_is_bad_usage():
    signin.refuse_open_host("127.0.0.1", signed_in=False)
    signin.refuse_open_host("0.0.0.0", signed_in=True)
    with pytest.raises(InputError, match="only 127.0.0.1"):
        signin.refuse_open_host("0.0.0.0", signed_in=False)


# --- the commands ---------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::"])
def test_dashboard_on_another_host_without_sign_in_is_refused_in_one_line(tmp_path, no_home_secrets, host):
    result = invoke("--db", str(tmp_path / "absent.duckdb"), "dashboard", "--host", host)
    assert_one_line_error(result, f"--host {host}: without sign-in the dashboard serves only 127.0.0.1")


def test_demo_on_another_host_is_refused_before_building_anything(tmp_path, no_home_secrets):
    db = tmp_path / "demo.duckdb"
    result = invoke("--db", str(db), "demo", "--host", "0.0.0.0")
    assert_one_line_error(result, "without sign-in the dashboard serves only 127.0.0.1")
    assert not db.exists()


def test_dashboard_with_sign_in_may_listen_on_the_network(tmp_path, no_home_secrets, secrets_env):
    config = tmp_path / "ambassade.toml"
    config.write_text(SIGN_IN, encoding="utf-8")
    result = invoke("--config", str(config), "--db", str(tmp_path / "absent.duckdb"), "dashboard", "--host", "0.0.0.0")
    assert_one_line_error(result, "database not found")      # past the host rule: the next check speaks


def test_dashboard_with_sign_in_but_no_secret_names_the_variable(tmp_path, no_home_secrets):
    config = tmp_path / "ambassade.toml"
    config.write_text(SIGN_IN, encoding="utf-8")
    result = invoke("--config", str(config), "--db", str(tmp_path / "absent.duckdb"), "dashboard")
    assert_one_line_error(result, "AMBASSADE_OIDC_CLIENT_SECRET", code=1)


def test_dashboard_with_streamlits_own_auth_may_listen_on_the_network(tmp_path, no_home_secrets):
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[auth]\nredirect_uri = "https://a/oauth2callback"\n')
    result = invoke("--db", str(tmp_path / "absent.duckdb"), "dashboard", "--host", "0.0.0.0")
    assert_one_line_error(result, "database not found")


def test_serve_hands_streamlit_a_private_auth_file_and_removes_it(tmp_path, monkeypatch):
    seen = {}

    def fake_call(command, env):
        path = Path(command[command.index("--secrets.files") + 1])
        seen.update(path=path, mode=stat.S_IMODE(path.stat().st_mode), table=tomllib.loads(path.read_text()),
                    address=command[command.index("--server.address") + 1], env=env)
        return 0

    monkeypatch.setattr(dashboard_command, "run_server", fake_call)
    table = {"redirect_uri": "https://a.example/oauth2callback", "cookie_secret": COOKIE, "client_id": "c",
             "client_secret": "s", "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
    assert dashboard_command.serve(tmp_path / "x.duckdb", 8501, "0.0.0.0", auth=table, own_secrets=True) == 0
    assert seen["table"] == {"auth": table} and seen["mode"] == 0o600 and seen["address"] == "0.0.0.0"
    assert not seen["path"].exists() and not seen["path"].parent.exists()


def test_the_demo_never_reads_an_auth_table_lying_in_the_working_directory(tmp_path, monkeypatch):
    seen = {}
    monkeypatch.setattr(dashboard_command, "run_server",
                        lambda command, env: seen.setdefault("text", Path(
                            command[command.index("--secrets.files") + 1]).read_text()) and 0)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[auth]\nredirect_uri = "https://a/oauth2callback"\n')
    dashboard_command.serve(tmp_path / "x.duckdb", 8501, own_secrets=True)
    assert tomllib.loads(seen["text"]) == {}          # Streamlit reads only this file, not ./.streamlit
