"""Retries with backoff: Scrapy's RetryMiddleware, waiting before each retry.

On 429 and 503 a Retry-After header (seconds or an HTTP date) says how long; otherwise the wait
doubles with each retry (RETRY_BACKOFF_BASE, 2 s: 2, 4, 8 ...). Every wait is capped at
RETRY_BACKOFF_MAX (120 s). The wait holds the request's download slot, so the whole site is
asked less often while it struggles.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware


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
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 120.0)

    def wait_for(self, request, response=None) -> float:
        retries = request.meta.get("retry_times", 0)
        told = retry_after_seconds(response.headers.get("Retry-After")) if response is not None else None
        wanted = told if told is not None else self.base * 2**retries
        return min(wanted, self.cap)

    async def process_response(self, request, response):
        retrying = response.status in self.retry_http_codes and not request.meta.get("dont_retry")
        if retrying and request.meta.get("retry_times", 0) < request.meta.get("max_retry_times", self.max_retry_times):
            wait = self.wait_for(request, response)
            self.crawler.stats.inc_value("antara/retry/waited_seconds", wait)
            await asyncio.sleep(wait)
        return super().process_response(request, response)

    async def process_exception(self, request, exception):
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get("dont_retry"):
            if request.meta.get("retry_times", 0) < request.meta.get("max_retry_times", self.max_retry_times):
                await asyncio.sleep(self.wait_for(request))
        return super().process_exception(request, exception)
