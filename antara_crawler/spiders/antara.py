"""The `antara` spider: discovery → requests → parse. No extraction logic lives here.

    scrapy crawl antara -a url=https://www.antaranews.com/berita/4645921/slug
    scrapy crawl antara -a urls_file=urls.txt
    scrapy crawl antara -a listing=https://www.antaranews.com/terkini
    scrapy crawl antara ... -a mirror=http://127.0.0.1:8000   (fetch https://<host>/<path> from <mirror>/<host>/<path>)
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.exceptions import IgnoreRequest

from ..items import FetchFailure
from ..parsing import parse_page
from ..parsing.listing import parse_listing
from ..sites import ROOT_DOMAIN, canonical_url, is_article_url, site_name

_SEPARATORS = re.compile(r"[\s,]+")


def split_urls(value: str | None) -> list[str]:
    """URLs from one spider argument: separated by commas or whitespace."""
    return [u for u in _SEPARATORS.split(value or "") if u]


class AntaraSpider(scrapy.Spider):
    name = "antara"
    allowed_domains = [ROOT_DOMAIN]

    def __init__(self, url=None, urls_file=None, listing=None, mirror=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.article_urls = split_urls(url)
        if urls_file:
            lines = Path(urls_file).read_text(encoding="utf-8").splitlines()
            self.article_urls += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
        self.listings = split_urls(listing)
        self.mirror = urlsplit(mirror) if mirror else None
        if self.mirror:
            self.allowed_domains = [ROOT_DOMAIN, self.mirror.hostname]
        rejected = [u for u in self.article_urls + self.listings if site_name(u) is None]
        if rejected:
            raise ValueError(f"not ANTARA URLs (expected *.{ROOT_DOMAIN}): {', '.join(rejected)}")

    async def start(self):
        for url in self.article_urls:
            yield self.request(url, self.parse_article)
        for url in self.listings:
            yield self.request(url, self.parse_listing)

    def request(self, url: str, callback) -> scrapy.Request:
        """A request for an ANTARA URL; with a mirror, sent to <mirror>/<host>/<path> instead."""
        fetch = url
        if self.mirror:
            parts = urlsplit(url)
            path = f"{self.mirror.path.rstrip('/')}/{parts.hostname}{parts.path}"
            fetch = urlunsplit((self.mirror.scheme, self.mirror.netloc, path, parts.query, ""))
        return scrapy.Request(fetch, callback, errback=self.fetch_failed, cb_kwargs={"source_url": url})

    def parse_listing(self, response, source_url: str):
        for entry in parse_listing(response.body, source_url):
            if is_article_url(entry.url):
                yield self.request(canonical_url(entry.url), self.parse_article)

    def parse_article(self, response, source_url: str):
        yield parse_page(response.text, source_url, datetime.now(timezone.utc))

    def fetch_failed(self, failure):
        """Record what could not be fetched (after retries) instead of losing it silently."""
        request = failure.request
        response = getattr(failure.value, "response", None)
        if failure.check(IgnoreRequest) and response is None:
            return  # robots.txt disallowed it, or a middleware chose to skip it: counted by Scrapy
        reason = f"http {response.status}" if response is not None else type(failure.value).__name__
        yield FetchFailure(request.cb_kwargs.get("source_url", request.url), reason, str(failure.value)[:500])
