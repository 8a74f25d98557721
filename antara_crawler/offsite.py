"""Redirects off the ANTARA sites are refused where they can be recorded.

Scrapy drops an off-site redirect when it is scheduled, without calling the request's errback,
so the page would vanish from the record. This middleware sees the 3xx first and refuses it with
IgnoreRequest, which reaches the spider's errback (and the rejects table) like any failed fetch.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import IgnoreRequest

from .sites import ROOT_DOMAIN


class OffsiteRedirectMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def allowed(self, host: str) -> bool:
        domains = getattr(self.crawler.spider, "allowed_domains", None) or [ROOT_DOMAIN]
        return any(host == d or host.endswith("." + d) for d in domains if d)

    def process_response(self, request, response):
        location = response.headers.get("Location")
        if 300 <= response.status < 400 and location:
            target = urljoin(response.url, location.decode("latin-1"))
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https") or not self.allowed((parts.hostname or "").lower()):
                self.crawler.stats.inc_value("antara/redirect/offsite")
                raise IgnoreRequest(f"redirect to {target} refused: not an ANTARA site")
        return response
