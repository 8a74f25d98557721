"""Table tests for the site rules, the listing parser and validation."""

import pytest

from antara_crawler.items import Article
from antara_crawler.parsing.listing import parse_listing
from antara_crawler.saved_pages import page_key
from antara_crawler.sites import WITA, article_id_from_url, canonical_url, is_article_url, site_for, site_name
from antara_crawler.validate import problems
from conftest import FIXTURES


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
    assert canonical_url("https://WWW.antaranews.com/berita/1/x?utm_source=a#top") == "https://www.antaranews.com/berita/1/x"


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


def test_listing_cards():
    page = FIXTURES / "www" / "listing-terkini.html"
    entries = parse_listing(page.read_bytes(), "https://www.antaranews.com/terkini")
    assert len(entries) == 7  # the video card, sidebar, off-site and javascript: links are not articles
    assert entries[0].title == "Festival budaya Nusantara digelar di TMII"
    assert entries[0].time_text == "20 Februari 2026 19:00 WIB"
    assert "https://www.antaranews.com/berita/4645921/china-tanggapi-penolakan-inggris-as-dalam-kesepakatan-global-soal-ai" in [e.url for e in entries]  # relative link resolved


def test_listing_without_cards_falls_back_to_article_links():
    html = '<html><body><a href="/berita/5/x">x</a><a href="/foto/6/y">y</a><a href="https://other.com/berita/7/z">z</a></body></html>'
    assert [e.url for e in parse_listing(html, "https://jatim.antaranews.com/")] == ["https://jatim.antaranews.com/berita/5/x"]


def article(**changes) -> Article:
    base = dict(
        url="https://www.antaranews.com/berita/1/x", article_id="1", site="www", language="id", title="T",
        summary=None, category=None, tags=[], published_at="2025-02-12T17:26:00+07:00", modified_at=None,
        dateline=None, body="B", reporters=[], editors=[], image_url=None, image_caption=None, related=[],
        date_mentions=[], copyright_year=None, word_count=1, content_hash="h", fetched_at="f",
        extraction_method="m", parser_version="p",
    )
    return Article(**{**base, **changes})


@pytest.mark.parametrize(
    "changes, found",
    [
        ({}, []),
        ({"title": ""}, ["missing title"]),
        ({"body": "", "published_at": None}, ["missing body", "missing published_at"]),
        ({"article_id": ""}, ["missing article_id"]),
        ({"article_id": "12a"}, ["article_id is not numeric: '12a'"]),
        ({"published_at": "kemarin"}, ["published_at is not ISO 8601: 'kemarin'"]),
        ({"published_at": None, "warnings": ["date in the future not trusted: '2099-01-01'"]}, []),  # kept, with its warning
    ],
)
def test_validation(changes, found):
    assert problems(article(**changes)) == found


def test_items_work_with_itemadapter():
    from itemadapter import ItemAdapter, is_item

    from antara_crawler.items import ARTICLE_FIELDS, Block, RawPage

    assert is_item(article()) and is_item(RawPage("u", "t"))
    assert list(ItemAdapter(article()).field_names()) == [*ARTICLE_FIELDS, "raw_html"]  # raw_html: never exported
    raw = ItemAdapter(RawPage("u", "t", body=[Block("x", [("a", "/b")])])).asdict()
    assert raw["body"] == [{"text": "x", "links": [("a", "/b")]}]
