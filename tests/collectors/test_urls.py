"""canonical_url, is_shortener and find_urls: one spelling per page, links found in running text."""

from __future__ import annotations

import pytest

from collectors.urls import canonical_url, find_urls, host_of, is_shortener

BLOG = "https://www.maisonlemoine.fr/blog/zero-gaspi"


@pytest.mark.parametrize("spelling", [
    BLOG,
    BLOG + "/",
    "HTTPS://WWW.MaisonLemoine.FR/blog/zero-gaspi",
    "https://www.maisonlemoine.fr:443/blog/zero-gaspi",
    BLOG + "?utm_source=x&utm_medium=social&utm_campaign=ambassadeurs",
    BLOG + "/?fbclid=IwAR0abc&gclid=xyz",
    BLOG + "?mc_cid=123&mc_eid=456#commentaires",
    BLOG + "#top",
    "  " + BLOG + "\n",
])
def test_spellings_of_one_page_share_one_canonical_url(spelling):
    assert canonical_url(spelling) == BLOG


def test_query_parameters_that_change_the_page_are_kept_and_sorted():
    assert canonical_url("https://shop.example/p?size=2&id=9&utm_source=x") == \
        "https://shop.example/p?id=9&size=2"


def test_path_case_is_kept_because_servers_may_distinguish_it():
    assert canonical_url("https://Example.org/Blog/Post") == "https://example.org/Blog/Post"


def test_non_default_port_is_kept():
    assert canonical_url("http://example.org:8080/a/") == "http://example.org:8080/a"
    assert canonical_url("http://example.org:80/a") == "http://example.org/a"


def test_ipv6_host_keeps_its_brackets():
    assert canonical_url("http://[::1]:8000/l/abcd/") == "http://[::1]:8000/l/abcd"


@pytest.mark.parametrize("garbage", ["", "   ", "not a url", "http://", "https://[::1/x",
                                     "javascript:alert(1)", "=HYPERLINK(\"http://evil\")"])
def test_unparseable_input_comes_back_stripped_without_error(garbage):
    assert canonical_url(garbage) == garbage.strip()


def test_huge_url_is_capped():
    assert len(canonical_url("https://example.org/" + "a" * 100_000)) <= 2048


@pytest.mark.parametrize("host", ["bit.ly", "t.co", "ow.ly", "lnkd.in", "buff.ly", "tinyurl.com",
                                  "BIT.LY", "www.bit.ly", "t.co."])
def test_known_shorteners_are_recognised(host):
    assert is_shortener(host)


@pytest.mark.parametrize("host", ["www.maisonlemoine.fr", "go.maisonlemoine.fr", "notbit.ly", "", None])
def test_other_hosts_are_not_shorteners(host):
    assert not is_shortener(host)


def test_urls_are_found_in_running_text_without_trailing_punctuation():
    text = f"À lire : {BLOG}. Et aussi (https://go.maisonlemoine.fr/l/Ab3dEf9h), merci !"
    assert find_urls(text) == [BLOG, "https://go.maisonlemoine.fr/l/Ab3dEf9h"]


def test_a_bracket_that_belongs_to_the_url_is_kept():
    assert find_urls("see https://fr.wikipedia.org/wiki/Flan_(dessert) now") == [
        "https://fr.wikipedia.org/wiki/Flan_(dessert)"]


def test_markup_and_quotes_end_a_url():
    text = '<a href="https://www.maisonlemoine.fr/recettes/flan">x</a> =HYPERLINK("http://evil.example/?a=1","b")'
    assert find_urls(text) == ["https://www.maisonlemoine.fr/recettes/flan", "http://evil.example/?a=1"]


def test_no_urls_in_empty_or_plain_text():
    assert find_urls(None) == []
    assert find_urls("") == []
    assert find_urls("Le croissant de Lemoine, www sans lien 🥐") == []
    assert find_urls("http:// alone") == []


def test_huge_text_is_scanned_without_trouble():
    text = ("bla " * 50_000) + BLOG + (" bla" * 50_000)
    assert find_urls(text) == [BLOG]


def test_host_of_is_lower_case_or_none():
    assert host_of("https://GO.MaisonLemoine.fr/l/x") == "go.maisonlemoine.fr"
    assert host_of("no url") is None
    assert host_of("http://[::1") is None
