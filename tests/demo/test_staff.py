"""The demo's advocacy programme: employees, their timelines, share links and clicks."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from ambassade.demo.staff import build_programme, content_items
from links.codes import CODE_LENGTH, is_code
from collectors.urls import canonical_url
from store.programme import content_id

TODAY = date(2026, 3, 15)


@pytest.fixture(scope="module")
def programme():
    return build_programme(TODAY, lambda url: content_id(canonical_url(url)), "go.maisonlemoine.fr")


def programme_for_seed(seed: int):
    return build_programme(TODAY, lambda url: content_id(canonical_url(url)), "go.maisonlemoine.fr", seed=seed)


def test_employees_have_declared_handles_and_one_withdrew(programme):
    assert 20 <= len(programme.employees) <= 40
    assert len(Counter(e.team for e in programme.employees)) >= 5
    assert all(e.handles.get("x") for e in programme.employees)
    assert sum(e.withdrawn_at is not None for e in programme.employees) == 1
    assert all(e.withdrawn_at is None or e.withdrawn_at > e.opted_in_at for e in programme.employees)


def test_timelines_hold_what_collection_must_drop(programme):
    """Private chatter and posts after withdrawal are in the payload, so the filter is exercised."""
    [gone] = [e for e in programme.employees if e.withdrawn_at]
    handle = gone.handles["x"]
    assert any(p.author.handle == handle and p.created_at >= gone.withdrawn_at for p in programme.posts)
    assert any("maisonlemoine" not in p.text.lower() and "lemoine" not in p.text.lower()
               for p in programme.posts)


def test_share_links_are_unique_and_point_at_library_content(programme):
    codes = [link.code for link in programme.links]
    assert len(codes) == len(set(codes)) > 10
    library = {content_id(canonical_url(item.url)) for item in content_items(TODAY)}
    assert all(link.content_id in library for link in programme.links)


def test_visits_come_after_their_link_and_include_link_previews(programme):
    created = {link.code: link.created_at for link in programme.links}
    assert programme.visits
    assert all(visit.at > created[visit.code] for visit in programme.visits)
    assert any("LinkedInBot" in v.agent or "Twitterbot" in v.agent for v in programme.visits)
    assert any(v.method == "HEAD" for v in programme.visits)


def test_share_codes_are_codes_of_the_real_scheme_and_reproducible():
    codes = [link.code for link in programme_for_seed(1).links]
    assert codes == [link.code for link in programme_for_seed(1).links]
    assert all(is_code(c) and len(c) == CODE_LENGTH for c in codes)
    people = {link.employee_id.split(":")[1].split("-")[0] for link in programme_for_seed(1).links}
    assert not any(name in code.lower() for code in codes for name in people)


def test_content_is_dated_before_today():
    items = content_items(TODAY)
    assert 15 <= len(items) <= 30
    assert all(item.published_at.date() < TODAY for item in items)
    assert {item.kind for item in items} >= {"blog", "recette", "emploi", "presse"}
