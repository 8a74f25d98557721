"""Distributed mode (ANTARA_REDIS_URL): many crawl workers share one frontier in Redis through
scrapy-redis' scheduler and dupefilter; a single writer (`antara-crawler ingest`) stores what they
send. Unset, none of this is loaded.

What lives in Redis (KEYS; every name starts with `antara:`):

    antara:requests         the frontier: scrapy-redis' priority queue of serialized requests
    antara:dupefilter       scrapy-redis' request fingerprints: a URL is queued once per crawl
    antara:items            processed pages (Article or Reject, pickled) waiting for the writer
    antara:writing          the batch the writer is storing: removed only after it committed
    antara:stored           site/article_id -> published_utc of every stored article (the writer
                            keeps it in step with the store): no worker fetches what is stored
    antara:workers          the workers that ever took work
    antara:alive:<worker>   a worker's heartbeat (expires HEARTBEAT_TTL seconds after it stops)
    antara:inflight:<worker>  the requests a worker took and has not settled yet
    antara:count:<what>     counters for `antara-crawler status`
    antara:pace:<host>      a host's turn (expires after ANTARA_SHARED_DELAY): one pace per site for all
    antara:run:*            the distributed run: its start, arguments and the workers' summed counts

Nothing is lost when a worker dies: every request a worker takes moves atomically (one Lua script)
from the queue into its in-flight hash, and leaves it only when the request's outcome is settled —
its page sent to the writer, its rejection sent, its links queued, or the request re-queued (a
redirect, a retry). A survivor that sees a worker's heartbeat expire moves that worker's in-flight
requests back into the queue (again atomically, so two survivors cannot both take them). A page
that was sent just before its worker died is fetched again and stored once (upserts are idempotent).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import pickle
import socket
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from redis import Redis
from redis.exceptions import RedisError
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, DropItem, NotConfigured
from scrapy.http import Request
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.utils.misc import load_object
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet import task

from ..books import reject_outcome
from ..items import Article, Reject
from . import signals as antara_signals
from .exitcodes import REDIS_FAILED, stop_crawl
from .pipelines import asked_for

logger = logging.getLogger(__name__)

PREFIX = "antara:"
QUEUE = PREFIX + "requests"
DUPEFILTER = PREFIX + "dupefilter"
ITEMS = PREFIX + "items"
WRITING = PREFIX + "writing"
STORED = PREFIX + "stored"
WORKERS = PREFIX + "workers"
HEARTBEAT = 2.0  # seconds between a worker's heartbeats
HEARTBEAT_TTL = 10  # seconds without one before a worker counts as dead
SENT = "sent"  # a worker's outcome for a page handed to the writer
RUN_STARTED = PREFIX + "run:started"  # the distributed run: when its first worker started,
RUN_ARGUMENTS = PREFIX + "run:arguments"  # what it was asked to do,
RUN_STATS = PREFIX + "run:stats"  # and the sum of its workers' counts (books, links, requests)

# Take the first request of the priority queue into the worker's in-flight hash, in one step
_TAKE = """
local found = redis.call('zrange', KEYS[1], 0, 0)
if #found == 0 then return false end
redis.call('zremrangebyrank', KEYS[1], 0, 0)
redis.call('hset', KEYS[2], found[1], ARGV[1])
return found[1]
"""
# A dead worker's in-flight requests back into the queue, its in-flight hash gone, in one step
_REQUEUE = """
if redis.call('exists', KEYS[3]) == 1 then return 0 end
local taken = redis.call('hkeys', KEYS[2])
for _, request in ipairs(taken) do redis.call('zadd', KEYS[1], 0, request) end
redis.call('del', KEYS[2])
redis.call('srem', KEYS[4], ARGV[1])
return #taken
"""


def connect(url: str) -> Redis:
    return Redis.from_url(url)


def alive_key(worker: str) -> str:
    return f"{PREFIX}alive:{worker}"


def inflight_key(worker: str) -> str:
    return f"{PREFIX}inflight:{worker}"


def count_key(what: str) -> str:
    return f"{PREFIX}count:{what}"


def lost_redis(crawler: Crawler, exc: Exception) -> None:
    """Redis cannot be reached: say so once and stop this worker (exit 5). What it took and did not
    settle stays in its in-flight hash, for the survivors or the next worker once Redis is back."""
    if crawler.stats.get_value("antara/redis/error"):
        return
    logger.error("lost Redis at %s: %s; stopping this worker", crawler.settings.get("ANTARA_REDIS_URL"), exc)
    crawler.stats.set_value("antara/redis/error", str(exc))
    stop_crawl(crawler, REDIS_FAILED)


def run_opened(url: str, record: dict[str, Any]) -> None:
    """A worker starts: the first one opens the distributed run."""
    server = connect(url)
    server.set(RUN_STARTED, datetime.now(UTC).isoformat(timespec="seconds"), nx=True)
    server.set(RUN_ARGUMENTS, json.dumps(record, default=str), nx=True)


def run_closed(url: str, stats: dict[str, Any], code: int) -> None:
    """A worker ends: its counts join the run's (the writer judges the whole when the crawl is done)."""
    counted = {
        k: v for k, v in stats.items() if isinstance(v, int) and k.startswith(("antara/", "downloader/request_count"))
    }
    with connect(url).pipeline(transaction=True) as pipe:
        for name, value in counted.items():
            pipe.hincrby(RUN_STATS, name, value)
        pipe.hincrby(RUN_STATS, "workers/ended", 1)
        pipe.hincrby(RUN_STATS, "workers/failed", int(code != 0))
        pipe.execute()


class Distributed:
    """The Scrapy add-on that turns distributed mode on when ANTARA_REDIS_URL is set: the frontier and
    dupefilter in Redis, pages sent to the writer instead of stored here."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("ANTARA_REDIS_URL")
        if not url:
            return
        pipelines = settings["ITEM_PIPELINES"]  # the add-on way: edit the component dict in place
        pipelines["antara_crawler.crawl.pipelines.StorePipeline"] = None
        pipelines["antara_crawler.crawl.distributed.SendPipeline"] = 300
        settings["DOWNLOADER_MIDDLEWARES"]["antara_crawler.crawl.distributed.SharedPace"] = 880  # after retries
        for name, value in {
            "REDIS_URL": url,
            "SCHEDULER": "antara_crawler.crawl.distributed.Scheduler",
            "DUPEFILTER_CLASS": "antara_crawler.crawl.distributed.DupeFilter",
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        }.items():
            settings.set(name, value, priority=max(settings.getpriority(name) or 0, SETTINGS_PRIORITIES["addon"]))


class DupeFilter(RFPDupeFilter):
    """scrapy-redis' shared fingerprints, built the way Scrapy 2.19 builds components."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DupeFilter:
        return cls(connect(crawler.settings["REDIS_URL"]), key=DUPEFILTER)


class Scheduler(RedisScheduler):
    """scrapy-redis' scheduler with in-flight tracking: see the module's docstring."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Scheduler:
        settings = crawler.settings
        server = connect(settings["REDIS_URL"])
        server.ping()
        scheduler = cls(
            server=server,
            persist=True,
            queue_key=QUEUE,
            queue_cls=settings["SCHEDULER_QUEUE_CLASS"],
            dupefilter=DupeFilter.from_crawler(crawler),
            dupefilter_key=DUPEFILTER,
        )
        scheduler.stats = crawler.stats
        scheduler.crawler = crawler
        return scheduler

    def open(self, spider: Any) -> None:
        self.spider = spider
        self.queue = load_object(self.queue_cls)(server=self.server, spider=spider, key=QUEUE)
        self.worker = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.inflight = inflight_key(self.worker)
        self.taken: dict[str, bytes] = {}  # antara_url -> the request as queued
        self.take = self.server.register_script(_TAKE)
        self.requeue = self.server.register_script(_REQUEUE)
        connect_signal = self.crawler.signals.connect
        connect_signal(self.settled, signal=antara_signals.url_ended)
        connect_signal(self.idle, signal=signals.spider_idle)
        self.server.sadd(WORKERS, self.worker)
        self.beat()
        self.heartbeat = task.LoopingCall(self.beat)
        self.heartbeat.start(HEARTBEAT, now=False)
        logger.info("worker %s: %d requests queued in %s", self.worker, len(self.queue), QUEUE)

    def close(self, reason: str) -> None:
        if self.heartbeat.running:
            self.heartbeat.stop()
        try:
            if not self.taken:  # a worker that stops with work in hand leaves it to the survivors
                self.server.delete(self.inflight)
                self.server.srem(WORKERS, self.worker)
            self.server.delete(alive_key(self.worker))
        except RedisError as exc:
            lost_redis(self.crawler, exc)

    def beat(self) -> None:
        try:
            self.beat_once()
        except RedisError as exc:
            lost_redis(self.crawler, exc)

    def beat_once(self) -> None:
        """Say this worker lives; give the work of any dead worker back to the queue."""
        self.server.set(alive_key(self.worker), "1", ex=HEARTBEAT_TTL)
        for member in self.server.smembers(WORKERS):
            worker = member.decode()
            if worker == self.worker:
                continue
            keys = [QUEUE, inflight_key(worker), alive_key(worker), WORKERS]
            moved = self.requeue(keys=keys, args=[worker])
            if moved:
                logger.warning("worker %s stopped beating: %d of its requests are queued again", worker, moved)
                self.server.incrby(count_key("requeued"), moved)

    def enqueue_request(self, request: Request) -> bool:
        try:
            if not request.dont_filter and self.df.request_seen(request):
                return False  # the engine sends request_dropped: the books settle it as skipped/again
            self.queue.push(request)
        except RedisError as exc:
            lost_redis(self.crawler, exc)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        url = request.meta.get("antara_url")
        if url:  # in the shared frontier now: whichever worker takes it settles it
            self.crawler.signals.send_catch_log(antara_signals.url_ended, url=url, outcome="queued")
        return True

    def next_request(self) -> Request | None:
        try:
            encoded = self.take(keys=[QUEUE, self.inflight], args=[self.worker])
        except RedisError as exc:
            lost_redis(self.crawler, exc)
            return None
        if not encoded:
            return None
        request = self.queue._decode_request(encoded)
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        url = request.meta.get("antara_url")
        if url:
            self.taken[url] = encoded
            claim = getattr(self.spider, "claim", None)
            if claim:  # this worker asks for it now: its own discovery of it later is "again"
                claim(url)
            kind = request.meta.get("antara_kind", "article")
            self.crawler.signals.send_catch_log(antara_signals.url_requested, url=url, kind=kind)
        else:  # not one of the books' requests (robots.txt): settled as soon as it is taken
            self.settle(encoded)
        return request

    def settled(self, url: str, **_: Any) -> None:
        encoded = self.taken.pop(url, None)
        if encoded is not None:
            self.settle(encoded)

    def settle(self, encoded: bytes) -> None:
        try:
            self.server.hdel(self.inflight, encoded)
        except RedisError as exc:
            lost_redis(self.crawler, exc)

    def has_pending_requests(self) -> bool:
        try:
            return len(self.queue) > 0
        except RedisError as exc:
            lost_redis(self.crawler, exc)
            return False

    def idle(self) -> None:
        """Stay up while any worker still holds work: its links or its death may fill the queue."""
        if self.crawler.stats.get_value("antara/redis/error"):
            return
        try:
            busy = len(self.queue) or self.taken or self.busy_elsewhere()
        except RedisError as exc:
            return lost_redis(self.crawler, exc)
        if busy:
            raise DontCloseSpider

    def busy_elsewhere(self) -> bool:
        return any(self.server.exists(inflight_key(m.decode())) for m in self.server.smembers(WORKERS))


class SendPipeline:
    """In place of StorePipeline: each processed page goes to the writer through Redis, and its
    request is settled only once it is there."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.server = connect(crawler.settings["ANTARA_REDIS_URL"])
        self.keep_html = crawler.settings.getbool("ANTARA_KEEP_HTML", False)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SendPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Reject):
            if self.send(item):
                outcome = reject_outcome(item.stage, item.ignored)
                self.ended(item.url, outcome, stage=item.stage, reason=item.reason)
            raise DropItem(f"{item.stage}: {item.reason} <{item.url}>", log_level="INFO")
        if isinstance(item, Article) and self.send(item if self.keep_html else replace(item, page=None)):
            self.ended(asked_for(item), SENT)
        return item

    def send(self, item: Article | Reject) -> bool:
        """In antara:items, or False: Redis is lost (the page stays unsettled, its request in flight)."""
        try:
            self.server.rpush(ITEMS, pickle.dumps(item))
        except RedisError as exc:
            lost_redis(self.crawler, exc)
            return False
        return True

    def ended(self, url: str, outcome: str, **details: Any) -> None:
        self.crawler.signals.send_catch_log(antara_signals.url_ended, url=url, outcome=outcome, **details)


class SharedPace:
    """The pace a site sees is the run's, not each worker's: at most one request to a host every
    ANTARA_SHARED_DELAY seconds (default: DOWNLOAD_DELAY) across all workers. Each request claims the
    host's turn in Redis (SET NX PX) before it leaves, and waits for the turn if another worker holds it.
    Each worker's own delay, AutoThrottle and concurrency still apply on top."""

    def __init__(self, crawler: Crawler, delay: float):
        self.crawler = crawler
        self.server = connect(crawler.settings["ANTARA_REDIS_URL"])
        self.milliseconds = max(1, round(delay * 1000))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedPace:
        settings = crawler.settings
        delay = settings.getfloat("ANTARA_SHARED_DELAY", settings.getfloat("DOWNLOAD_DELAY"))
        if not settings.get("ANTARA_REDIS_URL") or delay <= 0:
            raise NotConfigured
        return cls(crawler, delay)

    async def process_request(self, request: Request) -> None:
        key = f"{PREFIX}pace:{urlsplit(request.url).netloc}"
        while True:
            try:
                if self.server.set(key, "1", px=self.milliseconds, nx=True):
                    return
                wait = self.server.pttl(key)
            except RedisError as exc:
                lost_redis(self.crawler, exc)
                return
            self.crawler.stats.inc_value("antara/pace/waits")
            await asyncio.sleep(max(int(wait), 5) / 1000)


class SharedStored:
    """What the spider asks the store (`seen`, `watermarks`), answered from Redis in distributed mode."""

    def __init__(self, url: str):
        self.server = connect(url)

    def seen(self, site: str, article_id: str) -> dict | None:
        published: bytes | None = self.server.hget(STORED, f"{site}/{article_id}")  # type: ignore[assignment]
        return None if published is None else {"published_utc": published.decode() or None}

    def watermarks(self) -> dict[str, int]:
        return {}  # listing watermarks are a single-store notion: distributed runs page by window

    def close(self) -> None:
        self.server.close()
