"""The run's record: its books (every URL touched ends in one outcome) and its row in crawl_runs,
opened when the spider opens, judged and closed when it closes."""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.crawler import Crawler

from ..books import SKIPPED, STORED, Books, count, rejected
from ..health import run_health
from ..store import ArticleStore, StoreError
from . import signals as antara_signals
from .distributed import lost_redis, run_closed, run_opened
from .exitcodes import EXIT_DEGRADED, EXIT_OK, arrived, verdict

logger = logging.getLogger(__name__)
UNACCOUNTED_KEPT = 1000  # URLs written to the run's record; the count is always exact


# The settings that change what a run does or fetches: recorded with every run
BEHAVIOUR_SETTINGS = (
    "ANTARA_DB", "ANTARA_REPLAY_DIR", "ANTARA_MIRROR", "ANTARA_KEEP_HTML", "ANTARA_DB_BATCH_SIZE", "ANTARA_PARSE_WORKERS", "ANTARA_WARC_DIR", "ANTARA_LOCK", "JOBDIR",
    "ROBOTSTXT_OBEY", "USER_AGENT", "AUTOTHROTTLE_ENABLED", "DOWNLOAD_DELAY", "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN", "RETRY_TIMES", "DOWNLOAD_TIMEOUT", "DOWNLOAD_MAXSIZE",
)  # fmt: skip


def run_arguments(settings: Any) -> dict[str, Any]:
    """What a run was asked to do, for its record: how it fetched (live, mirror, replay, archive), every spider
    argument as given, and the settings that change behaviour."""
    mode = (
        "distributed" if settings.get("ANTARA_REDIS_URL")
        else "replay" if settings.get("ANTARA_REPLAY_DIR")
        else "mirror" if settings.get("ANTARA_MIRROR")
        else "archive" if settings.get("ANTARA_CDX")
        else "live"
    )  # fmt: skip
    return {
        "mode": mode,
        "arguments": settings.getdict("ANTARA_SPIDER_ARGS"),
        "settings": {name: settings.get(name) for name in BEHAVIOUR_SETTINGS if settings.get(name) is not None},
    }


def run_counts(stats: dict) -> dict[str, Any]:
    """A finished run's numbers for its crawl_runs row."""
    return {
        "requests": stats.get("downloader/request_count", 0),
        "discovered": stats.get("antara/discovered", 0),
        "fetched": arrived(stats),
        "new": count(stats, STORED[0]),
        "updated": count(stats, STORED[1]),
        "unchanged": count(stats, STORED[2]),
        "rejected": rejected(stats),
        "errors": rejected(stats, "fetch"),
        "skipped": count(stats, *SKIPPED),
        "ignored": count(stats, "ignored"),
    }


class RunRecord:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.books = Books()
        self.run_id: int | None = None
        self.started_at: str | None = None
        self.completed: dict[str, tuple[str, int]] = {}  # listing source → (site, its new watermark)
        connect = crawler.signals.connect
        connect(self.spider_opened, signal=signals.spider_opened)
        connect(self.spider_closed, signal=signals.spider_closed)
        connect(self.books.requested, signal=antara_signals.url_requested)
        connect(self.url_skipped, signal=antara_signals.url_skipped)
        connect(self.books.ended, signal=antara_signals.url_ended)
        connect(self.request_dropped, signal=signals.request_dropped)
        connect(self.discovery_complete, signal=antara_signals.discovery_complete)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecord:
        return cls(crawler)

    def url_skipped(self, url: str, outcome: str) -> None:
        self.books.skipped(outcome)

    def request_dropped(self, request: Any) -> None:
        """The scheduler's dupefilter dropped a request: a redirect to a page this run asked for
        already (loops are refused before, by RedirectGuardMiddleware)."""
        url = request.meta.get("antara_url")
        if url:
            self.books.ended(url, "skipped/again")

    def discovery_complete(self, source: str, site: str, article_id: int) -> None:
        self.completed[source] = (site, article_id)

    def spider_opened(self, spider: Any) -> None:
        record = run_arguments(self.crawler.settings)
        if redis := self.crawler.settings.get("ANTARA_REDIS_URL"):  # a worker has no store: the writer records
            try:  # the distributed run as a whole (tools/ingest.py)
                run_opened(redis, record)
            except RedisError as exc:
                lost_redis(self.crawler, exc)
            return
        try:
            store = ArticleStore.from_settings(self.crawler.settings)
            try:
                self.run_id = store.start_run(spider.name, record, os.getpid(), record["mode"])
                self.started_at = store.run_started(self.run_id)
            finally:
                store.close()
        except StoreError as exc:
            logger.error("cannot record this run: %s", exc)

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.crawler.signals.send_catch_log(antara_signals.run_ending)
        stats = self.crawler.stats
        for name, value in self.books.stats().items():
            stats.set_value(name, value)
        summary = stats.get_stats()
        summary.setdefault("finish_reason", reason)
        code, message = verdict(summary)
        for url in list(self.books.open)[:20]:
            logger.warning("no outcome recorded for <%s>", url)
        if (redis := self.crawler.settings.get("ANTARA_REDIS_URL")) and not summary.get("antara/redis/error"):
            try:
                run_closed(redis, summary, code)
            except RedisError as exc:
                logger.error("could not add this worker's counts to the run: Redis: %s", exc)
        if self.run_id is None:
            return self.judged(code, message)
        unaccounted = (
            json.dumps(list(self.books.open)[:UNACCOUNTED_KEPT] + self.books.extra[:UNACCOUNTED_KEPT])
            if not self.books.balanced
            else None
        )
        try:
            store = ArticleStore.from_settings(self.crawler.settings)
            try:
                health = None
                if code == EXIT_OK:  # a run that ended well is compared with the healthy runs before it
                    health = self.health(store, summary)
                    if health["alarms"]:
                        code, message = EXIT_DEGRADED, "degraded: " + "; ".join(health["alarms"])
                self.judged(code, message)
                store.finish_run(
                    self.run_id,
                    finish_reason=reason,
                    exit_code=code,
                    verdict=message,
                    health=json.dumps(health, ensure_ascii=False) if health else None,
                    unaccounted=unaccounted,
                    warc_files=json.dumps(summary["antara/warc/files"]) if summary.get("antara/warc/files") else None,
                    **run_counts(summary),
                )
                if code == EXIT_OK and self.completed:  # only a run that ended well moves the watermarks
                    store.set_watermarks(self.completed, self.run_id)
            finally:
                store.close()
        except StoreError as exc:
            self.judged(code, message)
            logger.error("cannot record the end of this run: %s", exc)

    def judged(self, code: int, message: str) -> None:
        stats = self.crawler.stats
        stats.set_value("antara/run/exit_code", code)
        stats.set_value("antara/run/verdict", message)
        if code:
            logger.error("run verdict: %s", message)

    def health(self, store: ArticleStore, summary: dict[str, Any]) -> dict[str, Any]:
        assert self.run_id is not None and self.started_at is not None
        return run_health(store, self.run_id, self.started_at, summary)
