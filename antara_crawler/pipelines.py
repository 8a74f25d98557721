"""Thin Scrapy adapters over the flow: normalize → validate → store. Each drop has a stage and a
reason, is counted in the crawl stats and lands in the store's rejects table."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict
from datetime import datetime

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.logformatter import LogFormatter

from .items import Article, FetchFailure, RawPage
from .normalize import build_article
from .runs import STORE_FAILED
from .store import ArticleStore, StoreError
from .validate import problems

logger = logging.getLogger(__name__)


class DropLogFormatter(LogFormatter):
    """A drop is one line: stage, reason and URL (the rejects table has the rest), not the item's
    whole text."""

    def dropped(self, item, exception, response, spider):
        entry = super().dropped(item, exception, response, spider)
        return {**entry, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}


class Rejected(DropItem):
    def __init__(self, stage: str, reason: str, url: str, detail: str | None = None, html: bytes | None = None):
        super().__init__(f"{stage}: {reason} <{url}>", log_level="INFO")
        self.stage, self.reason, self.url, self.detail, self.html = stage, reason, url, detail, html


class NormalizePipeline:
    """RawPage → Article; pages that are not articles, and failed fetches, stop here."""

    def __init__(self, crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        if isinstance(item, FetchFailure):
            raise Rejected("fetch", item.reason, item.url, item.detail)
        if not isinstance(item, RawPage):
            return item
        if item.kind != "article":
            detail = f"{item.reason} (redirected from {item.redirected_from})" if item.redirected_from else item.reason
            raise Rejected("parse", item.kind, item.redirected_from or item.url, detail, item.html)
        article = build_article(item)
        self.stats.inc_value(f"antara/extraction/{article.extraction_method}")
        for warning in article.warnings:
            self.stats.inc_value(f"antara/warnings/{warning.split(':')[0]}")
        for mention in article.date_mentions:
            if mention.get("warning"):
                self.stats.inc_value(f"antara/warnings/date mention: {mention['warning']}")
        return article


class ValidatePipeline:
    """Required fields present and well-formed."""

    def process_item(self, item):
        if isinstance(item, Article):
            found = problems(item)
            if found:
                raise Rejected("validate", "; ".join(found), item.url, html=item.raw_html)
        return item


class OutsideWindow(DropItem):
    """Not an error: the article is outside the requested date window. Counted, not recorded."""


class WindowPipeline:
    """Articles published outside the spider's since/until window are not stored."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        window = getattr(self.crawler.spider, "window", None)
        if isinstance(item, Article) and window and item.published_at:
            if not window.contains(datetime.fromisoformat(item.published_at)):
                self.crawler.stats.inc_value("antara/skipped/outside_window_after_parse")
                raise OutsideWindow(f"published {item.published_at}, outside the window <{item.url}>", log_level="DEBUG")
        return item


class StorePipeline:
    """Articles into SQLite in batched transactions; rejects recorded as they happen."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.path = crawler.settings.get("ANTARA_DB", "antara.db")
        self.batch_size = crawler.settings.getint("ANTARA_DB_BATCH_SIZE", 50)
        self.keep_html = crawler.settings.getbool("ANTARA_KEEP_HTML", False)
        self.failed = False
        self.pending: list[dict] = []
        self.store: ArticleStore | None = None
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        try:
            self.store = ArticleStore(self.path)
        except StoreError as exc:
            self.fail(exc)

    def close_spider(self):
        if self.store:
            self.flush()
            self.store.close()

    def process_item(self, item):
        if isinstance(item, Article) and not self.failed:
            self.pending.append(ItemAdapter(item).asdict())
            if len(self.pending) >= self.batch_size:
                self.flush()
        return item

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if self.failed or not batch:
            return
        try:
            counts = self.store.upsert_articles(batch, keep_html=self.keep_html)
        except StoreError as exc:
            return self.fail(exc)
        for name, value in asdict(counts).items():
            self.stats.inc_value(f"antara/articles/{name}", value)

    def fail(self, exc: StoreError) -> None:
        """The store cannot be written (full disk, read-only): say so once and stop the crawl.
        What earlier batches committed stays; the next run fetches the rest again."""
        self.failed = True
        logger.error("%s; stopping the crawl", exc)
        self.stats.set_value("antara/store/error", str(exc))
        if self.crawler.engine:
            asyncio.ensure_future(self.crawler.engine.close_spider_async(reason=STORE_FAILED))

    def item_dropped(self, item, response, exception, spider=None):
        if isinstance(exception, OutsideWindow):
            return
        stage = getattr(exception, "stage", "pipeline")
        reason = getattr(exception, "reason", str(exception))
        url = getattr(exception, "url", None) or getattr(item, "url", None) or (response.url if response else "")
        self.stats.inc_value(f"antara/rejected/{stage}")
        self.stats.inc_value(f"antara/rejected/{stage}/{reason.split(':')[0][:60]}")
        if self.store and not self.failed:
            try:
                self.store.add_reject(url, stage, reason, getattr(exception, "detail", None), getattr(exception, "html", None))
            except StoreError as exc:
                self.fail(exc)
