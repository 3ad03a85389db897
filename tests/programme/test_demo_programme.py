"""The programme on a built demo: what `ambassade suggest` promises, and every kind of consent and content."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from ambassade.demo.build import DEMO_SETTINGS, build_demo, demo_settings
from charter.config import checker_from_settings
from programme.suggest import suggest
from store import open_store
from store.enrolment import members, state_counts
from store.library import library_items, offered_content, shared_by
from tests.ambassade.test_cli import invoke

TODAY = date(2026, 3, 15)
NOW = datetime(2026, 3, 15, 18, tzinfo=timezone.utc)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("programme") / "demo.duckdb"
    build_demo(path, today=TODAY, now=NOW)
    return path


@pytest.fixture(scope="module")
def checker():
    return checker_from_settings(demo_settings())


@pytest.fixture(scope="module")
def everyone(demo, checker):
    """Every employee's suggestions on the demo, ranked at NOW."""
    settings = demo_settings()

    def passes(text, lang):
        result = checker.check(text, lang)
        return result.ok and not any(f.category == "disclosure" for f in result.findings)

    with open_store(demo) as store:
        people = members(store)
        found = {p.id: suggest(store, settings, p.id, NOW, passes) for p in people}
        offered = {i.id for i in offered_content(store, NOW)}
        shared = {p.id: shared_by(store, p.id) for p in people}
    return people, found, offered, shared


def test_every_enrolled_sharer_gets_three_explained_suggestions_offered_and_not_yet_shared(everyone):
    people, found, offered, shared = everyone
    sharers = [p for p in people if p.state == "enrolled" and "shares" in p.scopes]
    assert len(sharers) >= 25
    for p in sharers:
        mine = found[p.id]
        assert len(mine) >= 3, p.id
        for s in mine:
            assert s.content_id in offered and s.content_id not in shared[p.id], (p.id, s.content_id)
            assert len(s.reasons) >= 2 and s.texts, (p.id, s.content_id)


def test_two_employees_of_one_team_get_different_texts_for_the_same_content(everyone):
    people, found, _, _ = everyone
    by_team: dict[str, list[str]] = {}
    for p in people:
        if found[p.id]:
            by_team.setdefault(p.team, []).append(p.id)
    checked = 0
    for team, ids in by_team.items():
        for a_index, a in enumerate(ids):
            for b in ids[a_index + 1:]:
                texts_a = {s.content_id: s.texts for s in found[a]}
                for s in found[b]:
                    if s.content_id in texts_a:
                        for network, text in s.texts.items():
                            if network in texts_a[s.content_id]:
                                assert text != texts_a[s.content_id][network], (team, a, b, s.content_id)
                                checked += 1
    assert checked > 100


def test_nobody_withdrawn_invited_or_without_the_shares_scope_gets_anything(everyone):
    people, found, _, _ = everyone
    others = [p for p in people if not (p.state == "enrolled" and "shares" in p.scopes)]
    assert {p.state for p in others} == {"invited", "withdrawn", "enrolled"}     # Théo: coaching only
    assert all(found[p.id] == [] for p in others)


def test_every_generated_text_on_the_demo_passes_the_charter_with_no_disclosure_finding(everyone, checker):
    people, found, _, _ = everyone
    langs = {p.id: p.lang for p in people}
    n = 0
    for ident, suggestions in found.items():
        for s in suggestions:
            for text in s.texts.values():
                result = checker.check(text, langs[ident])
                assert result.ok and not [f for f in result.findings if f.category == "disclosure"], text
                n += 1
    assert n > 400


def test_the_demo_has_consents_and_content_of_every_kind(demo):
    with open_store(demo) as store:
        counts = state_counts(store)
        scopes = {p.scopes for p in members(store)}
        states = {i.state for i in library_items(store, NOW)}
        origins = {i.origin for i in library_items(store, NOW)}
        screens = {row[0] for row in store._rows("SELECT DISTINCT screen FROM consent_events")}
    assert counts["invited"] >= 2 and counts["withdrawn"] >= 2 and counts["enrolled"] >= 25
    assert ("coaching",) in [tuple(s) for s in scopes] or ("coaching", "named") in scopes
    assert states == {"proposed", "approved", "expired", "rejected"}
    assert origins == {"feed", "mention", "proposal"}     # an approved employee proposal
    assert screens == {"cli:employees import", "dashboard:consent"}


def test_the_command_on_the_demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.duckdb"
    build_demo(path)
    config = str(DEMO_SETTINGS)
    result = invoke("--config", config, "--db", str(path), "suggest", "emp:claire-m", "--json", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert len(found) == 3 and all(s["reasons"] and s["texts"] for s in found)
    withdrawn = invoke("--config", config, "--db", str(path), "suggest", "emp:maxime-b", "--json")
    assert (withdrawn.exit_code, json.loads(withdrawn.stdout)) == (0, [])


def test_suggested_texts_carry_the_employees_own_tracked_link_which_the_redirector_knows(everyone, demo):
    from store.links import redirect_targets

    people, found, _, _ = everyone
    with open_store(demo, read_only=True) as store:
        targets = {t.code: t for t in redirect_targets(store)}
    seen: dict[str, tuple[str, str]] = {}
    for p in people:
        for s in found[p.id]:
            for network, text in s.texts.items():
                codes = [w.rsplit("/l/", 1)[1] for w in text.split() if "https://go.maisonlemoine.fr/l/" in w]
                assert len(codes) == 1, (p.id, network, text)
                assert codes[0] in targets, codes[0]
                # one code per employee × content × network, never shared between people
                assert seen.setdefault(codes[0], (p.id, s.content_id)) == (p.id, s.content_id)
    assert len(seen) > 100
