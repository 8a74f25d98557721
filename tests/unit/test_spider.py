"""The spider's callbacks, called directly with responses built from bytes (Scrapy's way), and its
books: every URL it touches is requested once or settled at discovery."""

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


def requests(items) -> list[str]:
    return [r.url for r in items if isinstance(r, Request)]


def test_start_asks_for_every_source_of_every_site_once(crawl):
    spider, books = crawl(sites="www,en", sources="rss,listing,sitemap", url=f"{SEED_URL},{SEED_URL}")
    urls = requests(list(spider.first_requests()))  # what start() yields, as the engine asks for it
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


def store_cards(spider) -> list[int]:
    from antara_crawler.parsing.discovery import parse_listing
    from antara_crawler.sites import article_id_from_url

    ids = []
    for entry in parse_listing(LISTING.read_text(encoding="utf-8"), "https://www.antaranews.com/terkini"):
        article_id = article_id_from_url(entry.url)
        spider.store.db.table("articles").insert(
            {"site": "www", "article_id": article_id, "url": entry.url, "title": "t", "body": "b"}
        )
        ids.append(int(article_id))
    return ids


def listing_page(spider, books, url="https://www.antaranews.com/terkini", page=1):
    books.requested(url, "discovery")
    return list(spider.parse_listing(HtmlResponse(url, body=LISTING.read_bytes()), url, page))


def test_a_page_of_known_articles_at_the_watermark_stops_paging(crawl):
    spider, books = crawl(listing="https://www.antaranews.com/terkini")
    ids = store_cards(spider)
    spider.watermarks = {"https://www.antaranews.com/terkini": max(ids)}  # the last completed run began here
    assert listing_page(spider, books) == []
    assert books.counts["antara/books/skipped/known"] == 7
    assert spider.crawler.stats.get_value("antara/paging/stopped/all_known") == 1
    assert books.balanced


def test_known_articles_above_the_watermark_are_paged_past(crawl):
    """A killed run stored these, but never completed: the gap below them is caught up."""
    spider, books = crawl(listing="https://www.antaranews.com/terkini")
    ids = store_cards(spider)
    spider.watermarks = {"https://www.antaranews.com/terkini": min(ids) - 1000}
    assert requests(listing_page(spider, books)) == ["https://www.antaranews.com/terkini?page=2"]
    spider.watermarks = {}  # never completed at all: the same
    spider.asked.clear()
    spider.paging.clear()
    assert requests(listing_page(spider, books)) == ["https://www.antaranews.com/terkini?page=2"]


def test_paging_keeps_the_query_and_stops_when_a_page_repeats(crawl):
    spider, books = crawl(listing="https://www.antaranews.com/search?q=banjir")
    first = listing_page(spider, books, "https://www.antaranews.com/search?q=banjir", 1)
    assert requests(first)[-1] == "https://www.antaranews.com/search?q=banjir&page=2"
    again = listing_page(
        spider, books, "https://www.antaranews.com/search?q=banjir&page=2", 2
    )  # the site ignored ?page=
    assert requests(again) == []
    assert spider.crawler.stats.get_value("antara/paging/stopped/repeated") == 1


def test_a_completed_source_says_so_for_its_watermark(crawl):
    from antara_crawler.crawl import signals as antara_signals

    spider, books = crawl(listing="https://www.antaranews.com/terkini", max_pages="1")
    completed = []

    def record(source, article_id, **kwargs):
        completed.append((source, article_id))

    spider.crawler.signals.connect(record, signal=antara_signals.discovery_complete, weak=False)
    ids = [int(u.split("/")[4]) for u in requests(listing_page(spider, books))]
    assert completed == [("https://www.antaranews.com/terkini", max(ids))]


def test_a_bad_entry_costs_only_itself(crawl):
    spider, books = crawl(listing="https://www.antaranews.com/terkini")
    html = LISTING.read_bytes().replace(
        b'href="https://www.antaranews.com/berita/5200001', b'href="http://[x/berita/5200001'
    )
    books.requested("https://www.antaranews.com/terkini", "discovery")
    out = list(
        spider.parse_listing(
            HtmlResponse("https://www.antaranews.com/terkini", body=html), "https://www.antaranews.com/terkini", 1
        )
    )
    assert len(requests(out)) == 6 + 1 and books.counts["antara/books/read"] == 1
    feed = b"""<rss><channel>
<item><link>https://[x/berita/1/a</link></item>
<item><link>https://www.antaranews.com/berita/2/b</link><pubDate>Fri, 31 Dec 9999 23:00:00 -1200</pubDate></item>
<item><link>https://www.antaranews.com/berita/3/c</link><pubDate>Wed, 12 Feb 2025 10:00:00 +0700</pubDate></item>
</channel></rss>"""
    books.requested("https://www.antaranews.com/rss/terkini.xml", "discovery")
    out = list(
        spider.parse_feed(
            XmlResponse("https://www.antaranews.com/rss/terkini.xml", body=feed),
            "https://www.antaranews.com/rss/terkini.xml",
        )
    )
    assert requests(out) == ["https://www.antaranews.com/berita/2/b", "https://www.antaranews.com/berita/3/c"]
    sitemap = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://www.antaranews.com/berita/4/d</loc><lastmod>2025-02</lastmod></url>
<url><loc>https://www.antaranews.com/berita/5/e</loc><lastmod>not a date</lastmod></url>
<url><loc>https://www.antaranews.com/berita/6/f</loc><lastmod>2024-12</lastmod></url></urlset>"""
    spider.args = spider.args.__class__.parse({"since": "2025-02-20"}, NOW)
    books.requested("https://www.antaranews.com/sitemap.xml", "discovery")
    response = XmlResponse("https://www.antaranews.com/sitemap.xml", body=sitemap)
    # a W3C month is read (its last moment); an unreadable lastmod is no reason to skip
    assert requests(spider.parse_sitemap(response, "https://www.antaranews.com/sitemap.xml")) == [
        "https://www.antaranews.com/berita/4/d",
        "https://www.antaranews.com/berita/5/e",
    ]


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
    "times, outcomes, page, since, watermark, ids, repeated, stop",
    [
        ([None], [], 1, None, None, [], False, "empty"),
        ([None], ["fetch"], 1, None, None, [5], True, "repeated"),
        ([None], ["fetch"], 10, None, None, [5], False, "max_pages"),
        ([None, None], ["known", "known"], 1, None, 5, [5, 6], False, "all_known"),
        ([None, None], ["known", "known"], 1, None, 4, [5, 6], False, None),  # above the watermark: catching up
        ([None, None], ["known", "known"], 1, None, None, [5, 6], False, None),  # never completed
        ([None, None], ["known", "fetch"], 1, None, 9, [5, 6], False, None),
        ([NOW - timedelta(days=40)] * 2, ["outside", "outside"], 1, "30d", None, [5, 6], False, "before_window"),
        (
            [NOW - timedelta(days=40), None],
            ["outside", "fetch"],
            1,
            "30d",
            None,
            [5, 6],
            False,
            None,
        ),  # a card without a time
        (
            [NOW - timedelta(days=30)] * 2,
            ["fetch", "fetch"],
            1,
            "30d",
            None,
            [5, 6],
            False,
            None,
        ),  # within the day of slack
    ],
)
def test_next_page_wanted(times, outcomes, page, since, watermark, ids, repeated, stop):
    window = Window.parse(since, None, NOW)
    assert next_page_wanted(window, times, outcomes, page, 10, watermark, ids, repeated) == stop


def test_a_discovery_page_that_cannot_be_read_is_a_reject(crawl):
    spider, books = crawl(listing="https://www.antaranews.com/terkini")
    deep = b"<html><body>" + b"<div>" * 3000 + b"<a href='/berita/1/x'>x</a>" + b"</div>" * 3000 + b"</body></html>"
    books.requested("https://www.antaranews.com/terkini", "discovery")
    [reject] = list(
        spider.parse_listing(
            HtmlResponse("https://www.antaranews.com/terkini", body=deep), "https://www.antaranews.com/terkini", 1
        )
    )
    assert isinstance(reject, Reject)
    assert (reject.url, reject.stage, reject.reason) == (
        "https://www.antaranews.com/terkini",
        "parse",
        "error: TooDeep",
    )
    assert "2048 levels" in reject.detail and books.counts["antara/books/read"] == 0
