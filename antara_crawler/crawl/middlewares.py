"""Downloader middlewares: retries with backoff, off-site redirects refused where they can be
recorded, and offline replay from saved pages.

Retries: Scrapy's RetryMiddleware, waiting before each retry. On 429 and 503 a Retry-After header
(seconds or an HTTP date) says how long; otherwise the wait doubles with each retry
(RETRY_BACKOFF_BASE, 2 s: 2, 4, 8 ...). Every wait is capped at RETRY_BACKOFF_MAX (120 s). The wait
holds the request's download slot, so the whole site is asked less often while it struggles.

Redirects: Scrapy drops an off-site redirect when it is scheduled, and a redirect back to a URL
already asked for at the dupefilter, both without calling the request's errback, so the page would
vanish from the record. RedirectGuardMiddleware sees the 3xx or meta refresh first and refuses an
off-site one or a loop with IgnoreRequest, which reaches the spider's errback (and the rejects
table) like any failed fetch. A redirect to another page this run asked for is settled as
"skipped/again" when the scheduler drops it (crawl/extensions.py).

Mirror: with the spider's mirror= argument (the ANTARA_MIRROR setting), every request goes to the
mirror or nowhere: an ANTARA URL reached some other way (an absolute redirect, a meta refresh) is
sent to <mirror>/<host>/<path>, any other host is refused. It runs first, so robots.txt is the
mirror's.

Replay: on when the ANTARA_REPLAY_DIR setting names a folder. It sits where the network would be
(after robots.txt, retry and redirect handling), so a replayed crawl runs the same code path as a
live one, and serves each saved page with its saved headers and fetch time. Unknown URLs get a
404, counted in the stats as antara/replay/missing.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, HtmlResponse, Request, Response
from scrapy.responsetypes import responsetypes
from scrapy.utils.response import get_meta_refresh

from ..saved_pages import SavedPage, page_key, saved_page_index
from ..sites import ROOT_DOMAIN


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """A Retry-After header in seconds ('120' or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: Any):
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 120.0)

    def wait_for(self, request: Request, response: Response | None = None) -> float:
        retries = request.meta.get("retry_times", 0)
        told = retry_after_seconds(response.headers.get("Retry-After")) if response is not None else None
        wanted = told if told is not None else self.base * 2**retries
        return min(wanted, self.cap)

    async def process_response(self, request: Request, response: Response) -> Any:  # type: ignore[override]  # Scrapy awaits coroutine methods
        retrying = response.status in self.retry_http_codes and not request.meta.get("dont_retry")
        if retrying and request.meta.get("retry_times", 0) < request.meta.get("max_retry_times", self.max_retry_times):
            wait = self.wait_for(request, response)
            self.crawler.stats.inc_value("antara/retry/waited_ms", round(wait * 1000))
            await asyncio.sleep(wait)
        return super().process_response(request, response)

    async def process_exception(self, request: Request, exception: Exception) -> Any:  # type: ignore[override]  # as above
        retrying = isinstance(exception, self.exceptions_to_retry) and not request.meta.get("dont_retry")
        if retrying and request.meta.get("retry_times", 0) < request.meta.get("max_retry_times", self.max_retry_times):
            await asyncio.sleep(self.wait_for(request))
        return super().process_exception(request, exception)


class RedirectGuardMiddleware:
    """Sees a 3xx (or a meta refresh) before Scrapy follows it, and refuses, where the refusal can be
    recorded, one that leaves the ANTARA sites or one that leads back into its own chain (a loop)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuardMiddleware:
        return cls(crawler)

    def allowed(self, host: str) -> bool:
        domains = getattr(self.crawler.spider, "allowed_domains", None) or [ROOT_DOMAIN]
        return any(host == d or host.endswith("." + d) for d in domains if d)

    def target(self, response: Response) -> str | None:
        location = response.headers.get("Location")
        if 300 <= response.status < 400 and location:
            return urljoin(response.url, location.decode("latin-1"))
        if isinstance(response, HtmlResponse) and b"refresh" in response.body[:4096].lower():
            interval, url = get_meta_refresh(response)
            return url if url and interval is not None and interval < 100 else None
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        target = self.target(response)
        if target is None:
            return response
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or not self.allowed((parts.hostname or "").lower()):
            self.crawler.stats.inc_value("antara/redirect/offsite")
            raise IgnoreRequest(f"redirect to {target} refused: not an ANTARA site")
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target.split("#")[0] in chain:
            self.crawler.stats.inc_value("antara/redirect/loop")
            raise IgnoreRequest(f"redirect loop: {' -> '.join([*chain, target])}")
        return response


class MirrorMiddleware:
    def __init__(self, mirror: str, stats: Any):
        self.mirror, self.stats = urlsplit(mirror), stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MirrorMiddleware:
        mirror = crawler.settings.get("ANTARA_MIRROR")
        if not mirror:
            raise NotConfigured
        return cls(mirror, crawler.stats)

    def process_request(self, request: Request) -> Request | None:
        parts = urlsplit(request.url)
        if parts.netloc == self.mirror.netloc:
            return None
        host = (parts.hostname or "").lower()
        if host == ROOT_DOMAIN or host.endswith("." + ROOT_DOMAIN):
            self.stats.inc_value("antara/mirror/rerouted")
            path = f"{self.mirror.path.rstrip('/')}/{host}{parts.path}"
            return request.replace(url=urlunsplit((self.mirror.scheme, self.mirror.netloc, path, parts.query, "")))
        self.stats.inc_value("antara/mirror/refused")
        raise IgnoreRequest(f"mirror mode: {request.url} is not on the mirror")


class ReplayMiddleware:
    def __init__(self, folder: str, stats: Any):
        self.index: dict[str, SavedPage] = saved_page_index(folder)
        if not self.index:
            raise ValueError(f"ANTARA_REPLAY_DIR={folder!r} holds no saved pages (NAME.html + NAME.json with a url)")
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayMiddleware:
        folder = crawler.settings.get("ANTARA_REPLAY_DIR")
        if not folder:
            raise NotConfigured
        return cls(folder, crawler.stats)

    def process_request(self, request: Request) -> Response:
        saved = self.index.get(page_key(request.url))
        if saved is None:
            self.stats.inc_value("antara/replay/missing")
            return Response(request.url, status=404, request=request)
        self.stats.inc_value("antara/replay/served")
        request.meta["antara_fetched_at"] = saved.fetched_at  # the page is as it was then
        body = saved.path.read_bytes()
        headers = Headers(saved.headers)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(request.url, body=body, headers=headers, request=request)
