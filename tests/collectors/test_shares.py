"""detect_shares and employee_post_allowed: employees' posts that carry company content or share codes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ambassade.model import Mention
from collectors.shares import detect_shares, employee_post_allowed, share_code
from collectors.urls import canonical_url
from store.programme import Content, Employee, ShareLink

T0 = datetime(2026, 11, 2, 12, 0, tzinfo=timezone.utc)
LINK_HOST = "go.maisonlemoine.fr"
BLOG = "https://www.maisonlemoine.fr/blog/zero-gaspi"
RECIPE = "https://www.maisonlemoine.fr/recettes/flan"
CONTENT = {canonical_url(u): Content(u, canonical_url(u), t)
           for u, t in ((BLOG, "Zéro gaspi"), (RECIPE, "Le flan"))}
CLAIRE = Employee("emp:claire", "Claire", "Marketing", T0 - timedelta(days=30),
                  {"x": "claire_mtn", "reddit": "claire_m"})
HANDLES = {("x", "claire_mtn"): "emp:claire", ("reddit", "claire_m"): "emp:claire"}
LINK = ShareLink("Ab3dEf9h", "emp:claire", CONTENT[RECIPE].id, "x", T0 - timedelta(hours=1))
CODES = {LINK.code: LINK}


def post(text: str, author: str | None = "claire_mtn", source: str = "x", native: str = "1",
         when: datetime = T0, matched: tuple[str, ...] = ()) -> Mention:
    return Mention(source=source, native_id=native, author=author, author_id=None, text=text,
                   url=None, created_at=when, matched=matched)


def detect(*mentions: Mention, link_host: str | None = LINK_HOST):
    return detect_shares(list(mentions), HANDLES, CONTENT, CODES, link_host)


@pytest.mark.parametrize("url", [BLOG, BLOG + "/", BLOG + "?utm_source=x&utm_medium=social",
                                 BLOG.upper().replace("/BLOG/ZERO-GASPI", "/blog/zero-gaspi")])
def test_employee_post_with_content_url_is_a_share(url):
    [share] = detect(post(f"À lire 👉 {url}, vraiment !"))
    assert (share.employee_id, share.content_id, share.network, share.code) == \
        ("emp:claire", CONTENT[BLOG].id, "x", None)
    assert share.mention_id == "x:1" and share.shared_at == T0


def test_share_code_names_the_content_of_its_link_and_is_kept():
    [share] = detect(post(f"Nouveau : https://{LINK_HOST}/l/Ab3dEf9h"))
    assert share.content_id == CONTENT[RECIPE].id and share.code == "Ab3dEf9h"


def test_share_code_wins_over_a_plain_content_url_in_the_same_post():
    [share] = detect(post(f"{BLOG} et https://{LINK_HOST}/l/Ab3dEf9h/"))
    assert share.code == "Ab3dEf9h" and share.content_id == CONTENT[RECIPE].id


def test_unknown_code_or_other_host_is_no_share():
    assert detect(post(f"https://{LINK_HOST}/l/Zz9Zz9Zz")) == []
    assert detect(post("https://evil.example/l/Ab3dEf9h")) == []
    assert detect(post(f"https://{LINK_HOST}/x/Ab3dEf9h")) == []


def test_without_link_host_any_host_with_a_minted_code_counts():
    [share] = detect(post("http://127.0.0.1:8765/l/Ab3dEf9h"), link_host=None)
    assert share.code == "Ab3dEf9h"


def test_handles_match_ignoring_case_and_at_sign():
    assert len(detect(post(BLOG, author="@Claire_MTN"))) == 1


def test_posts_by_people_who_are_not_declared_employees_are_ignored():
    assert detect(post(BLOG, author="someone_else"), post(BLOG, author=None, native="2")) == []


def test_same_handle_on_another_network_is_not_the_employee():
    assert detect(post(BLOG, author="claire_m")) == []
    assert len(detect(post(BLOG, author="claire_m", source="reddit"))) == 1


def test_post_without_company_link_is_no_share():
    assert detect(post("J'adore les croissants de Maison Lemoine", matched=("Maison Lemoine",))) == []
    assert detect(post("https://www.maisonlemoine.fr/blog/autre-chose")) == []


def test_one_share_per_post_even_when_a_post_repeats():
    assert len(detect(post(BLOG), post(RECIPE))) == 1


@pytest.mark.parametrize("text", [
    f"<a href=\"{BLOG}\">lien</a><script>alert(1)</script>",
    f"=HYPERLINK(\"{BLOG}\",\"clic\")",
    f"\x00\x07{BLOG}\u200b",
    "🥐" * 10_000 + " " + BLOG,
])
def test_hostile_text_still_finds_the_link(text):
    [share] = detect(post(text))
    assert share.content_id == CONTENT[BLOG].id


@pytest.mark.parametrize("text", ["", "http://", "https://[::1/l/Ab3dEf9h", "x" * 200_000,
                                  f"https://{LINK_HOST}/l/" + "A" * 500])
def test_malformed_or_huge_text_is_no_share_and_no_error(text):
    assert detect(post(text)) == []


def test_share_code_parses_only_ambassade_paths():
    assert share_code(f"https://{LINK_HOST}/l/Ab3dEf9h?utm_source=x", LINK_HOST) == "Ab3dEf9h"
    assert share_code(f"https://{LINK_HOST}/l/../../etc/passwd", LINK_HOST) is None
    assert share_code(f"https://{LINK_HOST}/l/a b", LINK_HOST) is None


def test_employee_post_allowed_needs_brand_term_or_company_link():
    named = post("Merci Lemoine", matched=("Lemoine",))
    assert employee_post_allowed(named, CLAIRE, CONTENT, CODES, LINK_HOST)
    assert employee_post_allowed(post(f"https://{LINK_HOST}/l/Ab3dEf9h"), CLAIRE, CONTENT, CODES, LINK_HOST)
    assert employee_post_allowed(post(BLOG + "/"), CLAIRE, CONTENT, CODES, LINK_HOST)
    assert not employee_post_allowed(post("Quel match hier soir"), CLAIRE, CONTENT, CODES, LINK_HOST)
    assert not employee_post_allowed(post("https://example.org/vacances"), CLAIRE, CONTENT, CODES, LINK_HOST)


def test_nothing_is_allowed_before_opt_in_or_after_withdrawal():
    withdrawn = Employee("emp:claire", "Claire", "Marketing", CLAIRE.opted_in_at, CLAIRE.handles,
                         withdrawn_at=T0)
    before = post(BLOG, when=CLAIRE.opted_in_at - timedelta(minutes=1))
    assert not employee_post_allowed(before, CLAIRE, CONTENT, CODES, LINK_HOST)
    assert not employee_post_allowed(post(BLOG, when=T0), withdrawn, CONTENT, CODES, LINK_HOST)
    assert employee_post_allowed(post(BLOG, when=T0 - timedelta(seconds=1)), withdrawn,
                                 CONTENT, CODES, LINK_HOST)
