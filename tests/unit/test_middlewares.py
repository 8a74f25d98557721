"""Downloader middlewares, built from the project's settings: retries with backoff, off-site
redirects refused where they are recorded, offline replay from saved pages."""

from datetime import UTC, datetime

import pytest

from antara_crawler.crawl.middlewares import retry_after_seconds

NOW = datetime(2025, 2, 12, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "header, seconds",
    [
        (b"120", 120.0),
        ("0", 0.0),
        (None, None),
        (b"soon", None),
        ("Wed, 12 Feb 2025 10:01:00 GMT", 60.0),
        ("Wed, 12 Feb 2025 09:00:00 GMT", 0.0),
    ],
)
def test_retry_after(header, seconds):
    assert retry_after_seconds(header, now=NOW) == seconds


def test_backoff_waits_double_and_honour_retry_after(tmp_path):
    from scrapy.http import Request, Response

    from antara_crawler.crawl.middlewares import BackoffRetryMiddleware
    from helpers import make_crawler

    crawler = make_crawler({"ANTARA_DB": str(tmp_path / "a.db"), "RETRY_BACKOFF_BASE": 2, "RETRY_BACKOFF_MAX": 60})
    middleware = BackoffRetryMiddleware.from_crawler(crawler)
    request = Request("https://www.antaranews.com/berita/1/x", meta={"retry_times": 2})
    assert middleware.wait_for(request) == 8.0
    assert middleware.wait_for(request, Response(request.url, status=429, headers={"Retry-After": "5"})) == 5.0
    assert (
        middleware.wait_for(request, Response(request.url, status=503, headers={"Retry-After": "3600"})) == 60.0
    )  # capped


@pytest.mark.parametrize(
    "location, refused",
    [
        ("https://jatim.antaranews.com/berita/1/x", False),
        ("/berita/2/y", False),
        ("http://offsite.invalid/berita/1/x", True),
        ("javascript:alert(1)", True),
        ("https://antaranews.com.evil.org/x", True),
    ],
)
def test_offsite_redirects_are_refused_where_they_are_recorded(tmp_path, location, refused):
    from scrapy.exceptions import IgnoreRequest
    from scrapy.http import Request, Response

    from antara_crawler.crawl.middlewares import RedirectGuardMiddleware
    from helpers import make_crawler

    crawler = make_crawler({"ANTARA_DB": str(tmp_path / "a.db")})
    middleware = RedirectGuardMiddleware.from_crawler(crawler)
    request = Request("https://www.antaranews.com/berita/1/x")
    response = Response(request.url, status=301, headers={"Location": location}, request=request)
    if refused:
        with pytest.raises(IgnoreRequest, match="not an ANTARA site"):
            middleware.process_response(request, response)
        assert crawler.stats.get_value("antara/redirect/offsite") == 1
    else:
        assert middleware.process_response(request, response) is response


def test_replay_serves_saved_pages_with_their_headers_and_time(tmp_path):
    from scrapy.http import HtmlResponse, Request

    from antara_crawler.crawl.middlewares import ReplayMiddleware
    from helpers import FIXTURES, SEED, SEED_URL, make_crawler

    page = tmp_path / "p.html"
    page.write_bytes(b"<html><body>x</body></html>")
    (tmp_path / "p.json").write_text(
        '{"url": "https://jatim.antaranews.com/berita/5/x", "fetched_at": "2025-01-01T00:00:00+00:00", "headers": {"Content-Type": "text/html; charset=cp1252"}}'
    )
    crawler = make_crawler({"ANTARA_DB": str(tmp_path / "a.db"), "ANTARA_REPLAY_DIR": str(tmp_path)})
    middleware = ReplayMiddleware.from_crawler(crawler)
    request = Request("https://jatim.antaranews.com/berita/5/another-slug?utm=1")
    response = middleware.process_request(request)
    assert response.body == page.read_bytes() and response.headers[b"Content-Type"] == b"text/html; charset=cp1252"
    assert request.meta["antara_fetched_at"] == "2025-01-01T00:00:00+00:00"
    assert middleware.process_request(Request("https://jatim.antaranews.com/berita/6/x")).status == 404
    seed = ReplayMiddleware(str(FIXTURES), crawler.stats).process_request(Request(SEED_URL))
    assert isinstance(seed, HtmlResponse) and seed.body == SEED.read_bytes()
    with pytest.raises(ValueError, match="holds no saved pages"):
        ReplayMiddleware(str(tmp_path / "empty"), crawler.stats)
