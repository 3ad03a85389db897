"""Share links: unguessable codes, UTM rules, intents per network, one link per employee × content × network."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from ambassade.errors import ConfigError, InputError
from links.codes import CODE_LENGTH, new_code
from links.intents import intent_url, mastodon_instance
from links.share import NETWORKS, link_host, share_url
from links.utm import with_utm
from store import open_store
from store.links import share_link_for
from tests.links.conftest import NOW, PAIN, make_programme

URL = "https://go.exemple.fr/l/Ab3dEf9hJk2M"


def test_codes_are_random_not_sequential_and_fit_share_detection():
    codes = [new_code() for _ in range(5000)]
    assert len(set(codes)) == 5000 and all(len(c) == CODE_LENGTH and c.isalnum() for c in codes)
    assert sorted(codes) != codes          # not minted in order


def test_utm_keeps_the_query_and_fragment_and_replaces_old_utm():
    url = with_utm("https://www.exemple.fr/a?b=1&utm_source=Old#top", "LinkedIn", "Été 2026", "k3Y")
    parts = urlsplit(url)
    assert parts.fragment == "top"
    query = parse_qs(parts.query)
    assert query == {"b": ["1"], "utm_source": ["linkedin"], "utm_medium": ["employee_advocacy"],
                     "utm_campaign": ["ete-2026"], "utm_content": ["k3Y"]}


def test_share_url_is_the_base_url_and_the_code():
    assert share_url("https://Go.Exemple.fr/", "Ab3dEf9hJk2M") == URL
    assert share_url("https://exemple.fr/go", "Ab3dEf9hJk2M") == "https://exemple.fr/go/l/Ab3dEf9hJk2M"
    assert link_host("https://Go.Exemple.fr/") == "go.exemple.fr"
    with pytest.raises(ConfigError):
        share_url(None, "Ab3dEf9hJk2M")
    for bad in ("../etc", "a/b", "x" * 100, ""):
        with pytest.raises(InputError):
            share_url("https://go.exemple.fr", bad)


@pytest.mark.parametrize("network, host", [
    ("linkedin", "www.linkedin.com"), ("x", "twitter.com"), ("facebook", "www.facebook.com"),
    ("bluesky", "bsky.app"), ("mastodon", "piaille.fr"), ("whatsapp", "wa.me"),
])
def test_every_network_has_an_intent_carrying_the_share_link(network, host):
    intent = intent_url(network, "Notre nouveau pain 🥖 #collaborateur", URL, instance="piaille.fr")
    assert urlsplit(intent).hostname == host
    assert URL in unquote(intent)
    assert network not in ("x", "bluesky", "mastodon", "whatsapp") or "nouveau pain" in unquote(intent)


def test_email_intent_is_a_mailto_with_subject_and_body():
    intent = intent_url("email", "Notre nouveau pain\nà lire", URL)
    assert intent.startswith("mailto:?") and URL in unquote(intent)


def test_texts_are_cut_to_each_networks_limit():
    text = "mot " * 400
    x = parse_qs(urlsplit(intent_url("x", text, URL)).query)
    assert len(x["text"][0]) + 1 + 23 <= 280 and x["text"][0].endswith("…")
    bsky = parse_qs(urlsplit(intent_url("bluesky", text, URL)).query)["text"][0]
    assert len(bsky) <= 300 and bsky.endswith(URL)


def test_mastodon_needs_the_employees_own_instance():
    assert mastodon_instance("@claire@Piaille.fr") == "piaille.fr"
    assert mastodon_instance("claire") is None and mastodon_instance("a@b@c@d") is None
    for bad in (None, "", "evil.example/path", "https://x", "a b", "x" * 300):
        with pytest.raises(InputError):
            intent_url("mastodon", "t", URL, instance=bad)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x/y", "https://a b", "https://x/\r\nSet-Cookie: a",
                                 "", "/l/abc"])
def test_intents_refuse_anything_but_an_http_link(url):
    with pytest.raises(InputError):
        intent_url("linkedin", "t", url)


def test_unknown_networks_are_refused():
    with pytest.raises(InputError):
        intent_url("myspace", "t", URL)


def test_share_link_for_gets_or_creates_one_link_per_employee_content_network(tmp_path):
    path = tmp_path / "db.duckdb"
    make_programme(path)
    with open_store(path) as store, store.transaction() as db:
        first = share_link_for(db, "emp:ana", PAIN.id, "x", NOW)
        again = share_link_for(db, "emp:ana", PAIN.id, "X", NOW + timedelta(days=3))
        assert again == first
        fresh = {share_link_for(db, "emp:ana", PAIN.id, n, NOW).code for n in NETWORKS}
        assert len(fresh) == len(NETWORKS)
        assert all("ana" not in c.lower() for c in fresh)
        for args in [("emp:nobody", PAIN.id, "x"), ("emp:ana", "content:nope", "x"), ("emp:ana", PAIN.id, "myspace")]:
            with pytest.raises(InputError):
                share_link_for(db, *args, NOW)
        utm = db._rows("SELECT utm_code FROM share_link_tracking WHERE code = ?", [first.code])[0][0]
        assert utm != first.code


def test_share_detection_reads_codes_on_a_base_url_path_and_without_scheme():
    from collectors.shares import link_urls, share_code

    assert share_code("https://exemple.fr/go/l/Ab3dEf9hJk2M", "exemple.fr") == "Ab3dEf9hJk2M"
    assert share_code("https://evil.example/go/l/Ab3dEf9hJk2M", "exemple.fr") is None
    assert share_code("https://exemple.fr/go/../l/Ab3dEf9hJk2M", "exemple.fr") is None
    text = "Lisez ça : go.exemple.fr/l/Ab3dEf9hJk2M (et aussi https://www.exemple.fr/blog/pain)"
    urls = link_urls(text)
    assert "https://go.exemple.fr/l/Ab3dEf9hJk2M" in urls and "https://www.exemple.fr/blog/pain" in urls
    assert link_urls("mail me at bob@go.exemple.fr/l/Ab3dEf9hJk2M") == []


def test_a_collected_post_with_a_scheme_less_share_link_is_attached_to_it_on_any_network():
    from ambassade.model import Mention
    from collectors.shares import detect_shares
    from store.programme import ShareLink

    link = ShareLink("Ab3dEf9hJk2M", "emp:ana", PAIN.id, "mastodon", NOW)
    for source in ("x", "reddit", "mastodon", "bluesky"):
        post = Mention(source=source, native_id="1", author="ana_m", author_id=None,
                       text="Mon article préféré go.exemple.fr/l/Ab3dEf9hJk2M", url=None,
                       created_at=NOW, lang="fr")
        (share,) = detect_shares([post], {(source, "ana_m"): "emp:ana"}, {}, {link.code: link}, "go.exemple.fr")
        assert (share.code, share.content_id, share.network) == ("Ab3dEf9hJk2M", PAIN.id, source)
