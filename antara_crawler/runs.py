"""Scheduled runs: one writer per store (a lock), a record of every run, and its exit code.

Exit codes of `scrapy crawl antara` (the project's crawl command):
    0   the run finished and looks healthy
    1   Scrapy could not start the crawl (unreadable settings, ...)
    2   a bad spider argument (unknown site or source, unreadable urls_file, not an ANTARA URL)
    3   the run failed: every request errored, or most fetched pages could not be parsed (a sign
        the site's layout changed); see the crawl_runs table and the log
    4   the run was interrupted (Ctrl-C, SIGTERM, a close condition) before it finished
    5   the store could not be opened or written (read-only path, full disk, not a database):
        what was committed before stays; the next run carries on from there
    75  another run holds the store's lock: nothing was done (EX_TEMPFAIL: try again later)
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from datetime import datetime, timezone

from scrapy import signals

from .store import ArticleStore, StoreError

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_STORE, EXIT_LOCKED = 0, 2, 3, 4, 5, 75
STORE_FAILED = "store_error"  # the finish reason StorePipeline closes the spider with
BROKEN_SHARE = 0.5  # more than this share of fetched pages unparseable: the run failed
BROKEN_MIN_PAGES = 5


def verdict(stats: dict) -> tuple[int, str]:
    """The exit code and a sentence for a finished run, from its crawl stats."""
    reason = stats.get("finish_reason")
    if reason == STORE_FAILED:
        return EXIT_STORE, f"the store could not be written: {stats.get('antara/store/error', '?')}"
    if reason != "finished":
        return EXIT_INTERRUPTED, f"interrupted: {reason}"
    fetched, errors = stats.get("antara/fetched", 0), stats.get("antara/errors", 0)
    if errors and not fetched and not stats.get("downloader/response_status_count/200"):
        return EXIT_FAILED, f"every request failed ({errors} errors)"
    broken = stats.get("antara/rejected/parse/unsupported", 0) + stats.get("antara/rejected/validate", 0)
    if fetched >= BROKEN_MIN_PAGES and broken > BROKEN_SHARE * fetched:
        return EXIT_FAILED, f"{broken} of {fetched} fetched pages could not be parsed: has the layout changed?"
    return EXIT_OK, "ok"


def run_counts(stats: dict) -> dict:
    rejected = sum(v for k, v in stats.items() if k.count("/") == 2 and k.startswith("antara/rejected/"))
    return {
        "requests": stats.get("downloader/request_count", 0),
        "discovered": stats.get("antara/discovered", 0),
        "fetched": stats.get("antara/fetched", 0),
        "new": stats.get("antara/articles/new", 0),
        "updated": stats.get("antara/articles/updated", 0),
        "unchanged": stats.get("antara/articles/unchanged", 0),
        "rejected": rejected,
        "errors": stats.get("antara/errors", 0),
    }


class RunLog:
    """A row in crawl_runs for every run: started when the spider opens, completed when it closes."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.run_id: int | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _store(self) -> ArticleStore:
        return ArticleStore(self.crawler.settings.get("ANTARA_DB", "antara.db"))

    def spider_opened(self, spider):
        args = {k: getattr(spider, k) for k in ("sources",) if hasattr(spider, k)}
        args["sites"] = [s.name for s in getattr(spider, "sites", [])]
        window = getattr(spider, "window", None)
        args["window"] = [str(window.since) if window and window.since else None, str(window.until) if window and window.until else None]
        try:
            store = self._store()
            try:
                self.run_id = store.start_run(spider.name, json.dumps(args), os.getpid())
            finally:
                store.close()
        except StoreError as exc:
            logger.error("cannot record this run: %s", exc)

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats.get_stats()
        stats.setdefault("finish_reason", reason)
        code, message = verdict(stats)
        self.crawler.stats.set_value("antara/run/exit_code", code)
        self.crawler.stats.set_value("antara/run/verdict", message)
        if self.run_id is None:
            return
        try:
            store = self._store()
            try:
                store.finish_run(self.run_id, finish_reason=reason, exit_code=code, verdict=message, **run_counts(stats))
            finally:
                store.close()
        except StoreError as exc:
            logger.error("cannot record the end of this run: %s", exc)


class Locked(RuntimeError):
    pass


class RunLock:
    """An exclusive, non-blocking lock on a file (flock: released by the OS if the process dies)."""

    def __init__(self, path: str):
        self.path = path
        self.file = None

    def __enter__(self) -> RunLock:
        try:
            self.file = open(self.path, "a+", encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"cannot create the lock file {self.path!r} beside the store: {exc.strerror}") from None
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.file.seek(0)
            holder = self.file.read().strip() or "unknown process"
            self.file.close()
            raise Locked(f"another crawl is already writing to this store ({holder}; lock {self.path}); exiting") from None
        self.file.seek(0)
        self.file.truncate()
        self.file.write(f"pid {os.getpid()}, started {datetime.now(timezone.utc).isoformat(timespec='seconds')}")
        self.file.flush()
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()


def lock_path(settings) -> str:
    return settings.get("ANTARA_LOCK") or f"{settings.get('ANTARA_DB', 'antara.db')}.lock"
