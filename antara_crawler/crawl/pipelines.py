"""Item pipelines, one job each: process the page (process_page), keep to the run's date window,
store. Every item that leaves them has ended its URL's outcome in the run's books."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.logformatter import LogFormatter

from ..books import reject_outcome
from ..items import Article, Reject
from ..parsing.page import PageInput
from ..store import ArticleStore, StoreError
from ..window import Window
from . import signals as antara_signals
from .exitcodes import STORE_FAILED, stop_crawl
from .workers import ParseWorkers

logger = logging.getLogger(__name__)


def asked_for(item: Article | Reject) -> str:
    """The URL a run's books know an item by: the one its request asked for."""
    if isinstance(item, Reject):
        return item.url
    return item.page.asked_for if item.page else item.url


class DropLogFormatter(LogFormatter):
    """A drop is one line: stage, reason and URL (the rejects table has the rest), not the item's
    whole text."""

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any = None) -> Any:
        entry = super().dropped(item, exception, response, spider)
        return {**entry, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}


class ProcessPipeline:
    """A fetched page (PageInput) to an Article or a Reject, in a worker process (crawl/workers.py)."""

    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        self.workers = ParseWorkers(crawler.settings.getint("ANTARA_PARSE_WORKERS", 1))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProcessPipeline:
        return cls(crawler)

    def close_spider(self) -> None:
        self.workers.close()
        if self.workers.restarts:
            self.stats.set_value("antara/parse_workers/restarts", self.workers.restarts)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageInput):
            return item
        result = await self.workers.process(item)
        if isinstance(result, Article):
            self.stats.inc_value(f"antara/extraction/{result.extraction_method}")
            for warning in result.warnings:
                self.stats.inc_value(f"antara/warnings/{warning.split(':')[0]}")
            for mention in result.date_mentions:
                if mention.get("warning"):
                    self.stats.inc_value(f"antara/warnings/date mention: {mention['warning']}")
        return result


class WindowPipeline:
    """Articles published outside the run's date window (ANTARA_SINCE / ANTARA_UNTIL, set from the
    spider's since/until arguments) are not stored: counted as skipped."""

    def __init__(self, crawler: Crawler):
        self.signals = crawler.signals
        self.window = Window.parse(crawler.settings.get("ANTARA_SINCE"), crawler.settings.get("ANTARA_UNTIL"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WindowPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        outside = isinstance(item, Article) and self.window and item.published_at
        if outside and not self.window.contains(datetime.fromisoformat(item.published_at)):
            self.signals.send_catch_log(antara_signals.url_ended, url=asked_for(item), outcome="skipped/outside_window")
            raise DropItem(f"published {item.published_at}, outside the window <{item.url}>", log_level="DEBUG")
        return item


class StorePipeline:
    """Articles into SQLite in batches (one transaction each, ANTARA_DB_BATCH_SIZE); rejects recorded
    as they come and kept out of the feeds. A batch stays pending until its transaction committed."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.signals = crawler.signals
        self.batch_size = crawler.settings.getint("ANTARA_DB_BATCH_SIZE", 50)
        self.keep_html = crawler.settings.getbool("ANTARA_KEEP_HTML", False)
        self.failed = False
        self.pending: list[Article] = []
        self.store: ArticleStore | None = None
        self.closing: asyncio.Future | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        try:
            self.store = ArticleStore.from_settings(self.crawler.settings)
        except StoreError as exc:
            self.fail(exc)

    def close_spider(self) -> None:
        if self.store:
            self.flush()
            self.store.close()

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Reject):
            self.record(item)
            raise DropItem(f"{item.stage}: {item.reason} <{item.url}>", log_level="INFO")
        if isinstance(item, Article) and not self.failed:
            self.pending.append(item)
            if len(self.pending) >= self.batch_size:
                self.flush()
        return item

    def flush(self) -> None:
        if self.failed or not self.pending or self.store is None:
            return
        try:
            outcomes = self.store.store_articles(self.pending, keep_html=self.keep_html)
        except StoreError as exc:
            return self.fail(exc)
        batch, self.pending = self.pending, []
        for article, outcome in zip(batch, outcomes, strict=True):
            if outcome.startswith("error"):
                self.record(Reject(asked_for(article), "store", outcome, None, article.page))
            else:
                self.ended(asked_for(article), f"stored/{outcome}")

    def record(self, reject: Reject) -> None:
        if self.store and not self.failed:
            try:
                self.store.add_reject(reject)
            except StoreError as exc:
                return self.fail(exc)
        self.ended(reject.url, reject_outcome(reject.stage, reject.ignored), reject.stage, reject.reason)

    def ended(self, url: str, outcome: str, stage: str | None = None, reason: str | None = None) -> None:
        self.signals.send_catch_log(antara_signals.url_ended, url=url, outcome=outcome, stage=stage, reason=reason)

    def fail(self, exc: StoreError) -> None:
        """The store cannot be written (full disk, read-only): say so once and stop the crawl.
        What earlier batches committed stays; the next run fetches the rest again."""
        self.failed = True
        logger.error("%s; stopping the crawl", exc)
        self.crawler.stats.set_value("antara/store/error", str(exc))
        self.closing = stop_crawl(self.crawler, STORE_FAILED)
