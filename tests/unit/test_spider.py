"""The spider's callbacks, called directly with responses built from bytes (Scrapy's way), and its
books: every URL it touches is requested once or settled at discovery."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response, TextResponse, XmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TimeoutError as TxTimeoutError
from twisted.python.failure import Failure

from antara_crawler.crawl.extensions import RunRecord
from antara_crawler.items import Reject
from antara_crawler.parsing.page import PageInput
from antara_crawler.spiders.antara import next_page_wanted
from antara_crawler.store import ArticleStore
from antara_crawler.window import Window
from helpers import FIXTURES, SEED, SEED_URL, make_crawler

LISTING = FIXTURES / "not-article" / "www-2026-11-25-listing-terkini.html"
NOW = datetime(2026, 11, 27, tzinfo=UTC)


@pytest.fixture
def crawl(tmp_path):
    """(spider, books) with a store of its own; spider arguments passed by the test."""

    def make(**spider_args):
        crawler = make_crawler({"ANTARA_DB": str(tmp_path / "a.db")}, **spider_args)
        spider = crawler.spider
        spider.store = ArticleStore(str(tmp_path / "a.db"))
        record = next(e for e in crawler.extensions.middlewares if isinstance(e, RunRecord))
        return spider, record.books

    return make


async def _collect(agen):
    return [item async for item in agen]


def requests(items) -> list[str]:
    return [r.url for r in items if isinstance(r, Request)]


def test_start_asks_for_every_source_of_every_site_once(crawl):
    spider, books = crawl(sites="www,en", sources="rss,listing,sitemap", url=f"{SEED_URL},{SEED_URL}")
    urls = requests(asyncio.run(_collect(spider.start())))
    assert urls == [
        SEED_URL,
        "https://www.antaranews.com/rss/terkini.xml",
        "https://www.antaranews.com/terkini",
        "https://www.antaranews.com/robots.txt",
        "https://en.antaranews.com/rss/news.xml",
        "https://en.antaranews.com/latest-news",
        "https://en.antaranews.com/robots.txt",
    ]
    assert books.stats()["antara/books/requested/discovery"] == 6 and books.stats()["antara/books/skipped/again"] == 1


def test_the_spiders_arguments_reach_the_other_components_as_settings(tmp_path):
    crawler = make_crawler({"ANTARA_DB": str(tmp_path / "a.db")}, since="2025-02-01", sites="jatim")
    assert crawler.settings["ANTARA_SINCE"] == "2025-02-01" and crawler.settings["ANTARA_SPIDER_ARGS"] == {
        "since": "2025-02-01",
        "sites": "jatim",
    }


def test_a_listing_page_is_read_and_its_new_articles_requested(crawl):
    spider, books = crawl(listing="https://www.antaranews.com/terkini")
    spider.asked.add("https://www.antaranews.com/terkini")
    books.requested("https://www.antaranews.com/terkini", "discovery")
    response = HtmlResponse("https://www.antaranews.com/terkini", body=LISTING.read_bytes())
    out = list(spider.parse_listing(response, source_url="https://www.antaranews.com/terkini", page=1))
    assert len(requests(out)) == 7 + 1  # seven cards, and the next page
    assert requests(out)[-1] == "https://www.antaranews.com/terkini?page=2"
    assert books.counts["antara/books/read"] == 1 and len(books.open) == 8


def test_a_listing_page_of_known_articles_stops_paging(crawl, tmp_path):
    spider, books = crawl(listing="https://www.antaranews.com/terkini")
    from antara_crawler.parsing.discovery import parse_listing
    from antara_crawler.sites import article_id_from_url

    for entry in parse_listing(LISTING.read_text(encoding="utf-8"), "https://www.antaranews.com/terkini"):
        spider.store.db["articles"].insert(
            {"site": "www", "article_id": article_id_from_url(entry.url), "url": entry.url, "title": "t", "body": "b"}
        )
    books.requested("https://www.antaranews.com/terkini", "discovery")
    out = list(
        spider.parse_listing(
            HtmlResponse("https://www.antaranews.com/terkini", body=LISTING.read_bytes()),
            "https://www.antaranews.com/terkini",
            1,
        )
    )
    assert out == []
    assert (
        books.counts["antara/books/skipped/known"] == 7
        and spider.crawler.stats.get_value("antara/paging/stopped/all_known") == 1
    )
    assert books.balanced


def test_a_feed_of_a_real_capture(crawl, real_pages):
    spider, books = crawl()
    books.requested("http://www.antaranews.com/rss/terkini", "discovery")
    body = (real_pages / "www-rss-terkini-2015-11-05.xml").read_bytes()
    out = list(
        spider.parse_feed(
            XmlResponse("http://www.antaranews.com/rss/terkini", body=body), "http://www.antaranews.com/rss/terkini"
        )
    )
    assert len(requests(out)) == 20 and all("/berita/" in u for u in requests(out))
    assert books.counts["antara/books/read"] == 1 and books.counts["antara/books/requested/article"] == 20


def test_a_feed_entry_outside_the_window_is_settled_at_discovery(crawl, real_pages):
    spider, books = crawl(since="2025-01-01")
    books.requested("http://www.antaranews.com/rss/terkini", "discovery")
    body = (real_pages / "www-rss-terkini-2015-11-05.xml").read_bytes()
    assert (
        requests(
            spider.parse_feed(
                XmlResponse("http://www.antaranews.com/rss/terkini", body=body), "http://www.antaranews.com/rss/terkini"
            )
        )
        == []
    )
    assert books.counts["antara/books/skipped/outside_window"] == 20 and books.balanced


def test_robots_and_sitemaps(crawl):
    spider, books = crawl(sites="www", sources="sitemap")
    books.requested("https://www.antaranews.com/robots.txt", "discovery")
    robots = TextResponse(
        "https://www.antaranews.com/robots.txt",
        body=b"User-agent: *\nSitemap: https://www.antaranews.com/sitemap.xml\nSitemap: https://evil.example/s.xml\n",
    )
    assert requests(spider.parse_robots(robots, "https://www.antaranews.com/robots.txt")) == [
        "https://www.antaranews.com/sitemap.xml"
    ]
    sitemap = XmlResponse(
        "https://www.antaranews.com/sitemap.xml",
        body=b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://www.antaranews.com/berita/7/x</loc><lastmod>2025-02-01T10:00:00+07:00</lastmod></url><url><loc>https://www.antaranews.com/foto/8/y</loc></url></urlset>',
    )
    assert requests(spider.parse_sitemap(sitemap, "https://www.antaranews.com/sitemap.xml")) == [
        "https://www.antaranews.com/berita/7/x"
    ]
    assert books.counts["antara/books/read"] == 2


def test_an_article_page_leaves_as_a_page_input(crawl):
    spider, _ = crawl(url=SEED_URL, mirror="http://127.0.0.1:9")
    [request] = requests(spider.first_requests())
    assert (
        request
        == "http://127.0.0.1:9/www.antaranews.com/berita/4645921/china-tanggapi-penolakan-inggris-as-dalam-kesepakatan-global-soal-ai"
    )
    response = Response(
        request,
        body=SEED.read_bytes(),
        headers={"Content-Type": "text/html; charset=utf-8", "Set-Cookie": "x=1"},
        request=Request(request, meta={"antara_fetched_at": "2026-11-25T21:30:00+00:00"}),
    )
    [page] = spider.parse_article(response, source_url=SEED_URL)
    assert isinstance(page, PageInput)
    assert (page.url, page.requested_url, page.fetched_at) == (SEED_URL, SEED_URL, "2026-11-25T21:30:00+00:00")
    assert page.headers == {"content-type": "text/html; charset=utf-8"} and page.body == SEED.read_bytes()


def test_scrapy_parse_can_call_the_article_callback_alone(crawl):
    spider, _ = crawl()
    [page] = spider.parse_article(HtmlResponse(SEED_URL, body=SEED.read_bytes(), request=Request(SEED_URL)))
    assert page.requested_url == SEED_URL


@pytest.mark.parametrize(
    "error, reason",
    [
        (IgnoreRequest("Forbidden by robots.txt"), "ignored"),
        (HttpError(Response("https://www.antaranews.com/berita/1/x", status=404)), "gone"),
        (HttpError(Response("https://www.antaranews.com/berita/1/x", status=503)), "http 503"),
        (TxTimeoutError("took too long"), "TimeoutError"),
    ],
)
def test_a_failed_fetch_becomes_a_reject(crawl, error, reason):
    spider, _ = crawl()
    failure = Failure(error)
    failure.request = Request(
        "https://www.antaranews.com/berita/1/x", cb_kwargs={"source_url": "https://www.antaranews.com/berita/1/x"}
    )
    [reject] = spider.fetch_failed(failure)
    assert isinstance(reject, Reject)
    assert (reject.url, reject.stage, reject.reason) == ("https://www.antaranews.com/berita/1/x", "fetch", reason)
    assert reject.ignored == (reason == "ignored")


@pytest.mark.parametrize(
    "times, outcomes, page, since, catch_up, stop",
    [
        ([None], [], 1, None, False, "empty"),
        ([None], ["fetch"], 10, None, False, "max_pages"),
        ([None, None], ["known", "known"], 1, None, False, "all_known"),
        ([None, None], ["known", "known"], 1, None, True, None),  # catching up after a failed run
        ([None, None], ["known", "fetch"], 1, None, False, None),
        ([NOW - timedelta(days=40)] * 2, ["outside", "outside"], 1, "30d", False, "before_window"),
        ([NOW - timedelta(days=40), None], ["outside", "fetch"], 1, "30d", False, None),  # a card without a time
        ([NOW - timedelta(days=30)] * 2, ["fetch", "fetch"], 1, "30d", False, None),  # within the day of slack
    ],
)
def test_next_page_wanted(times, outcomes, page, since, catch_up, stop):
    window = Window.parse(since, None, NOW)
    assert next_page_wanted(window, times, outcomes, page, 10, catch_up) == stop
