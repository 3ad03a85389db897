"""The demo corpus: seeded, dated within its 90 days, and every template names the brand."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date, timedelta

import pytest

from ambassade.demo.build import demo_settings
from ambassade.demo.corpus import DAYS, SPIKE_DAYS_AGO, Filler, build_competitor_corpus, build_corpus, load
from ambassade.text.terms import TermMatcher
from collectors.base import brand_matcher

TODAY = date(2026, 3, 15)
MATCHER = TermMatcher(demo_settings().brand.terms, demo_settings().brand.exclude)


@pytest.fixture(scope="module")
def posts():
    return build_corpus(TODAY, hostile=True)


def _templates(node, path=""):
    """Every template string of corpus.json with where it sits, skipping slots and notes."""
    if isinstance(node, dict) and "title" in node and "body" in node:
        yield path, f"{node['title']}\n{node['body']}"          # a Reddit post names it once
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("_about", "slots"):
                yield from _templates(value, f"{path}/{key}")
    elif isinstance(node, list):
        for value in node:
            yield from _templates(value, path)
    elif isinstance(node, str):
        yield path, node


def test_same_seed_same_posts_and_another_day_moves_them(posts):
    again = build_corpus(TODAY, hostile=True)
    assert [(p.key, p.created_at, p.text) for p in posts] == \
        [(p.key, p.created_at, p.text) for p in again]
    later = build_corpus(TODAY + timedelta(days=1))
    assert max(p.created_at for p in later).date() == TODAY + timedelta(days=1)


def test_posts_fall_within_the_ninety_days_ending_today(posts):
    days = {p.created_at.date() for p in posts}
    assert min(days) >= TODAY - timedelta(days=DAYS)   # a late-evening post may be UTC's day before
    assert max(days) == TODAY
    assert len(days) >= DAYS - 3


def test_three_sources_and_french_majority(posts):
    sources = Counter(p.source for p in posts)
    assert set(sources) == {"x", "reddit", "rss"}
    langs = Counter(p.lang for p in posts)
    assert 0.6 < langs["fr"] / len(posts) < 0.85


def test_posts_follow_the_daily_rhythm(posts):
    ordinary = [p for p in posts if p.created_at.date() < TODAY - timedelta(days=SPIKE_DAYS_AGO + 1)]
    hours = Counter((p.created_at.hour + 1) % 24 for p in ordinary)     # Paris time, roughly
    assert hours[12] + hours[13] > 4 * (hours[2] + hours[3] + hours[4])


def test_spike_day_is_mostly_negative(posts):
    peak = TODAY - timedelta(days=SPIKE_DAYS_AGO - 1)
    tones = Counter(p.tone for p in posts if p.created_at.date() == peak)
    assert tones["negative"] > 3 * (tones["positive"] + tones["neutral"])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_template_names_the_brand_once_filled(lang):
    data = load("corpus.json")
    filler = Filler(random.Random(1))
    for path, template in _templates(data):
        if f"/{lang}" not in path and not path.startswith("/hostile"):
            continue
        if path.startswith("/competitor"):
            continue                                    # the next test: they name the competitor
        if "/homonym" in path:
            assert MATCHER.match(template) == (), template        # excluded on purpose
            continue
        text = filler.fill(template, lang if f"/{lang}" in path else "fr")
        assert not re.search(r"\{\w+\}", text), text
        if path.startswith("/hostile") and "body_repeat" not in path and "title" not in path:
            continue
        assert MATCHER.match(text) or "Lemoine" in text, (path, text)


def test_competitor_posts_name_the_competitor_over_the_whole_period():
    matcher = brand_matcher(demo_settings())
    posts = build_competitor_corpus(date(2026, 11, 30))
    assert len(posts) > 150
    assert all(matcher.competitors_in(p.text) == ("Boulangeries Dupain",) for p in posts)
    both = [p for p in posts if matcher.match(p.text)]
    assert 0 < len(both) < len(posts) // 5           # a few compare the two
    weeks = Counter((date(2026, 11, 30) - p.created_at.date()).days // 7 for p in posts)
    assert len(weeks) >= DAYS // 7                    # every week has some


def test_news_articles_name_the_brand_except_filler():
    news = load("news.json")
    for tones in news["articles"].values():
        for tone, articles in tones.items():
            for article in articles:
                named = MATCHER.match(f"{article['title']} {article['summary']}")
                assert bool(named) == (tone != "filler"), article["title"]


def test_hostile_posts_are_in_the_corpus(posts):
    hostile = [p for p in posts if p.key.startswith("hostile-")]
    assert len(hostile) == len(load("corpus.json")["hostile"])
    assert any(p.text.startswith("=HYPERLINK(") for p in hostile)
    assert any(len(p.text) > 5000 for p in hostile)


def test_the_demo_a_comms_team_sees_carries_no_test_payload():
    posts = build_corpus(TODAY)
    assert not [p for p in posts if p.key.startswith("hostile-")]
    assert not [p for p in posts if "<script" in p.text or p.text.startswith("=")]


def test_figures_in_the_news_read_true():
    posts = build_corpus(TODAY)
    articles = [p for p in posts if p.kind == "article"]
    percents = [int(n) for p in articles for n in re.findall(r"(\d+)\s?(?:%|percent)", p.text)]
    assert percents and max(percents) <= 20          # growth, prices, hiring: a few per cent
    assert not any("2311 %" in p.text for p in posts)
