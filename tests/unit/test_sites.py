"""Table tests for the site registry and URL rules."""

import pytest

from antara_crawler.saved_pages import page_key
from antara_crawler.sites import (
    SITES,
    WIB,
    WIT,
    WITA,
    article_id_from_url,
    canonical_url,
    is_article_url,
    parse_sites,
    site_for,
    site_name,
    zone_name,
)


@pytest.mark.parametrize(
    "url, site, article_id, is_article",
    [
        ("https://www.antaranews.com/berita/4645921/slug", "www", "4645921", True),
        ("https://antaranews.com/berita/4645921/slug", "www", "4645921", True),
        ("https://en.antaranews.com/news/345678/slug", "en", "345678", True),
        ("https://mataram.antaranews.com/berita/39791/slug", "mataram", "39791", True),
        ("https://www.antaranews.com/video/4650001/slug", "www", None, False),
        ("https://www.antaranews.com/terkini?page=2", "www", None, False),
        ("https://evil-antaranews.com/berita/1/x", None, "1", False),
        ("https://antaranews.com.evil.org/berita/1/x", None, "1", False),
        ("file:///etc/passwd", None, None, False),
    ],
)
def test_site_rules(url, site, article_id, is_article):
    assert (site_name(url), article_id_from_url(url), is_article_url(url)) == (site, article_id, is_article)


def test_site_registry_knows_zones_and_languages():
    assert site_for("https://mataram.antaranews.com/berita/1/x").tz is WITA
    assert site_for("https://en.antaranews.com/news/1/x").language == "en"
    assert site_for("https://newbureau.antaranews.com/berita/1/x").language == "id"  # unknown bureau: defaults


def test_canonical_url_drops_tracking():
    assert (
        canonical_url("https://WWW.antaranews.com/berita/1/x?utm_source=a#top")
        == "https://www.antaranews.com/berita/1/x"
    )


@pytest.mark.parametrize(
    "a, b",
    [
        ("https://www.antaranews.com/berita/1/slug-a", "http://www.antaranews.com/berita/1/slug-b?utm=x"),
        ("https://www.antaranews.com/terkini/", "https://www.antaranews.com/terkini"),
    ],
)
def test_page_key_treats_slugs_as_decoration(a, b):
    assert page_key(a) == page_key(b)


def test_page_key_keeps_listing_pages_apart():
    assert page_key("https://www.antaranews.com/terkini?page=2") != page_key("https://www.antaranews.com/terkini")
    assert page_key("https://www.antaranews.com/berita/1/x") != page_key("https://jatim.antaranews.com/berita/1/x")


def test_parse_sites():
    assert [s.name for s in parse_sites(None)] == ["www"]
    assert [s.name for s in parse_sites("www, en,JATIM,www")] == ["www", "en", "jatim"]
    assert len(parse_sites("all")) == len(SITES) > 30
    with pytest.raises(ValueError, match="unknown site"):
        parse_sites("www,atlantis")


@pytest.mark.parametrize(
    "name, tz, language, article_path",
    [
        ("www", WIB, "id", "berita"),
        ("en", WIB, "en", "news"),
        ("mataram", WITA, "id", "berita"),
        ("makassar", WITA, "id", "berita"),
        ("papua", WIT, "id", "berita"),
        ("ambon", WIT, "id", "berita"),
        ("jatim", WIB, "id", "berita"),
    ],
)
def test_registry(name, tz, language, article_path):
    site = SITES[name]
    assert (site.tz, site.language, site.article_path) == (tz, language, article_path)
    assert site.url("/terkini") == f"https://{name}.antaranews.com/terkini"


def test_zone_names():
    from datetime import datetime

    assert zone_name(datetime(2025, 1, 1, tzinfo=WITA)) == "WITA"
    assert zone_name(datetime(2025, 1, 1, tzinfo=WIB)) == "WIB" and zone_name(datetime(2025, 1, 1, tzinfo=WIT)) == "WIT"
    assert zone_name(datetime.fromisoformat("2025-01-01T00:00:00+00:00")) is None
