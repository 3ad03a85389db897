"""Secrets never reach a log line: bearer tokens and secret environment values are redacted."""

from __future__ import annotations

import logging

import pytest

from ambassade.log import setup_logging

TOKEN = "AAAAtok3n-Very-Secret"
CLIENT_SECRET = "praw-s3cret-value"


@pytest.fixture
def log_lines(capsys, monkeypatch):
    """log_lines(emit): runs emit(logger) through setup_logging()'s handler, returns what reached stderr."""
    monkeypatch.setenv("X_BEARER_TOKEN", TOKEN)
    monkeypatch.setenv("praw_client_secret", CLIENT_SECRET)
    root = logging.getLogger()
    saved = root.handlers[:], root.level

    def run(emit) -> str:
        setup_logging(verbose=2)          # here, not in the fixture: its stderr is the test's
        emit(logging.getLogger("ambassade.test"))
        return capsys.readouterr().err

    yield run
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


@pytest.mark.parametrize("emit", [
    lambda log: log.warning(f"calling X with {TOKEN}"),
    lambda log: log.warning("calling X with %s", TOKEN),
    lambda log: log.info("headers: %s", {"Authorization": f"Bearer {TOKEN}"}),
    lambda log: log.info("headers: %r", {"authorization": "Bearer other-token-123"}),
    lambda log: log.debug("Authorization: Bearer %s", "other-token-123"),
    lambda log: log.info("reddit login %s/%s", "id", CLIENT_SECRET),
], ids=["in-message", "as-%-arg", "headers-dict", "unknown-bearer", "header-line", "praw-env"])
def test_secret_is_redacted(emit, log_lines):
    out = log_lines(emit)
    assert "***" in out
    for secret in (TOKEN, CLIENT_SECRET, "other-token-123"):
        assert secret not in out


def test_secret_in_a_traceback_is_redacted(log_lines):
    def emit(log: logging.Logger) -> None:
        try:
            raise RuntimeError(f"401 for token {TOKEN}")
        except RuntimeError:
            log.exception("x failed")

    out = log_lines(emit)
    assert "RuntimeError" in out and TOKEN not in out


def test_ordinary_lines_are_untouched(log_lines):
    out = log_lines(lambda log: log.warning("collected %d mentions from %s", 3, "rss"))
    assert "collected 3 mentions from rss" in out


def test_bad_format_args_do_not_raise(log_lines):
    out = log_lines(lambda log: log.warning("%s %s", TOKEN))   # logging reports it, without the value
    assert "Logging error" in out and TOKEN not in out


def test_a_schema_upgrade_is_shown_at_the_default_verbosity_and_other_info_is_not(capsys):
    root, upgrade = logging.getLogger(), logging.getLogger("store.upgrade")
    saved = root.handlers[:], root.level, upgrade.level
    try:
        setup_logging(verbose=0)
        upgrade.info("%s: upgrading the schema to version %d of %d (%s)…", "data.duckdb", 31, 31, "0031_score_times")
        logging.getLogger("ambassade.test").info("an ordinary detail")
        err = capsys.readouterr().err
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        upgrade.setLevel(saved[2])
    assert "INFO store.upgrade: data.duckdb: upgrading the schema to version 31 of 31 (0031_score_times)…" in err
    assert "an ordinary detail" not in err
