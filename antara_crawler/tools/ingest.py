"""The writer of a distributed crawl: drains what the workers sent (antara:items) into the SQLite
store, with acknowledgement (crawl/distributed.py says what lives in Redis).

A batch moves from antara:items into antara:writing (LMOVE, one item at a time: nothing is ever
only in this process's memory), is stored, and antara:writing is deleted only after the store
committed. A writer killed at any point leaves its batch in antara:writing; the next writer stores
it first, and a batch the killed writer had committed is recognised by its id (store_articles) and
neither stored nor counted again. After each commit the stored articles enter antara:stored, which workers read to
skip what is stored; a writer starting fills it from the store.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import signal
import socket
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from ..books import STORED as STORED_OUTCOMES
from ..books import key
from ..crawl.distributed import (
    DUPEFILTER,
    ITEMS,
    QUEUE,
    RUN_ARGUMENTS,
    RUN_STARTED,
    RUN_STATS,
    STORED,
    WORKERS,
    WRITING,
    alive_key,
    count_key,
    inflight_key,
)
from ..crawl.exitcodes import EXIT_DEGRADED, EXIT_FAILED, EXIT_OK, verdict
from ..crawl.extensions import run_counts
from ..crawl.pipelines import asked_for
from ..health import run_health
from ..items import Article, Reject
from ..store import ArticleStore, utc

logger = logging.getLogger(__name__)
OUTCOMES = ("new", "updated", "unchanged", "history", "rejected", "ignored", "requeued", "unreadable")
WRITER = "antara:writer"  # the writer's heartbeat: who it is, gone 10 s after it stops
UNREADABLE = "antara:unreadable"  # items the writer could not read, kept for a person to look at


def fill_stored(server: Any, store: ArticleStore, chunk: int = 5000) -> int:
    """antara:stored from the store: every stored article, with its publication time (UTC)."""
    server.delete(STORED)
    rows = store.db.execute("select site, article_id, coalesce(published_utc, '') from articles")
    count = 0
    while block := rows.fetchmany(chunk):
        server.hset(STORED, mapping={f"{site}/{article_id}": published for site, article_id, published in block})
        count += len(block)
    return count


def take(server: Any, size: int, wait: float) -> int:
    """Move up to `size` items into antara:writing (waiting up to `wait` seconds for the first)."""
    if not server.blmove(ITEMS, WRITING, wait, "LEFT", "RIGHT"):
        return 0
    moved = 1
    while moved < size and server.lmove(ITEMS, WRITING, "LEFT", "RIGHT"):
        moved += 1
    return moved


def store_batch(store: ArticleStore, items: list[Any], keep_html: bool, batch: str, again: bool = False) -> Counter:
    """Store a batch once: its articles with its id (a batch a killed writer committed is not stored
    twice, and its outcomes are those of then); its rejects before them, and when the batch is taken
    up again after a crash, only those not recorded yet."""
    articles = [i for i in items if isinstance(i, Article)]
    counts: Counter = Counter()
    for reject in (i for i in items if isinstance(i, Reject)):
        if not (again and store.has_reject(reject)):
            store.add_reject(reject)
        counts["ignored" if reject.ignored else "rejected"] += 1
    outcomes = store.store_articles(articles, keep_html=keep_html, batch=batch)
    for article, outcome in zip(articles, outcomes, strict=True):
        if outcome.startswith("error"):
            store.add_reject(Reject(asked_for(article), "store", outcome))
            counts["rejected"] += 1
        else:
            counts[outcome] += 1
    return counts


def batch_id(raws: list[bytes]) -> str:
    """A batch's identity: the same items in the same order (what a restarted writer finds) are the same batch."""
    return hashlib.sha1(b"".join(raws), usedforsecurity=False).hexdigest()


def decode(raws: list[bytes]) -> tuple[list[Any], list[bytes]]:
    """The items of a batch, and those that are not an Article or a Reject this version can read (a
    worker of another version, a corrupt entry): those are kept aside in antara:unreadable, never
    dropped, and never allowed to block the batches behind them."""
    items, unreadable = [], []
    for raw in raws:
        try:
            item = pickle.loads(raw)  # noqa: S301 - written by our own workers, into our own Redis
        except Exception as exc:  # noqa: BLE001 - whatever it is, it is set aside and said
            logger.error(
                "an item in %s cannot be read (%s: %s); kept in %s", WRITING, type(exc).__name__, exc, UNREADABLE
            )
            unreadable.append(raw)
            continue
        if isinstance(item, Article | Reject):
            items.append(item)
        else:
            logger.error(
                "an item in %s is a %s, not an article or a reject; kept in %s",
                WRITING,
                type(item).__name__,
                UNREADABLE,
            )
            unreadable.append(raw)
    return items, unreadable


def acknowledge(server: Any, items: list[Any], counts: Counter, unreadable: Sequence[bytes] = ()) -> None:
    """After the commit: the stored articles into antara:stored, the counts, the batch gone (what
    could not be read moved to antara:unreadable)."""
    minute = time.strftime("%Y%m%d%H%M", time.gmtime())
    with server.pipeline(transaction=True) as pipe:
        if unreadable:
            pipe.rpush(UNREADABLE, *unreadable)
            pipe.incrby(count_key("unreadable"), len(unreadable))
        for article in (i for i in items if isinstance(i, Article)):
            pipe.hset(STORED, f"{article.site}/{article.article_id}", utc(article.published_at) or "")  # as fill_stored
        for what, n in counts.items():
            pipe.incrby(count_key(what), n)
        stored = sum(counts[outcome.removeprefix("stored/")] for outcome in STORED_OUTCOMES)
        pipe.incrby(count_key(f"stored@{minute}"), stored)
        pipe.expire(count_key(f"stored@{minute}"), 3600)
        pipe.delete(WRITING)
        pipe.execute()


def crawl_finished(server: Any) -> bool:
    """Nothing queued, nothing in flight, no worker alive, nothing left to store."""
    if server.llen(ITEMS) or server.llen(WRITING) or server.zcard(QUEUE):
        return False
    workers = [m.decode() for m in server.smembers(WORKERS)]
    return not any(server.exists(alive_key(w)) or server.exists(inflight_key(w)) for w in workers)


def close_run(server: Any, store: ArticleStore) -> dict[str, Any] | None:
    """The distributed run as a whole, once its crawl is finished: the workers' books and links
    summed, the pages they sent settled as what the writer made of them, judged like a single run
    (verdict, drift alarms), recorded in crawl_runs (mode "distributed"); then the run's keys and
    the dupefilter are cleared, so the next run starts afresh (antara:stored stays)."""
    started = server.get(RUN_STARTED)
    if started is None:
        return None
    stats: dict[str, Any] = {k.decode(): int(v) for k, v in server.hgetall(RUN_STATS).items()}
    sent = stats.pop(key("sent"), 0)
    for outcome in STORED_OUTCOMES:  # "stored/new" is the writer's "new"
        stats[key(outcome)] = int(server.get(count_key(outcome.removeprefix("stored/"))) or 0)
    stored = sum(stats[key(outcome)] for outcome in STORED_OUTCOMES)
    # a page sent twice (its worker died after sending it) is stored once: the writer's count holds
    stats["finish_reason"] = "finished"
    code, message = verdict(stats)
    if stats.get("workers/failed"):
        code, message = code or EXIT_FAILED, f"{stats['workers/failed']} worker(s) ended badly; {message}"
    if unreadable := int(server.get(count_key("unreadable")) or 0):
        code, message = code or EXIT_FAILED, f"{unreadable} item(s) the writer could not read, kept in {UNREADABLE}"
    if sent and not stored:
        code, message = code or EXIT_FAILED, f"the workers sent {sent} pages and none was stored"
    record = json.loads(server.get(RUN_ARGUMENTS) or "{}")
    workers = {"ended": stats.get("workers/ended", 0), "failed": stats.get("workers/failed", 0)}
    requeued = int(server.get(count_key("requeued")) or 0)  # requests of dead workers taken up again
    record = {**record, "mode": "distributed", "workers": workers, "requeued": requeued}
    run_id = store.start_run("antara", record, os.getpid(), "distributed")
    health = None
    if code == EXIT_OK:
        health = run_health(store, run_id, started.decode(), stats)
        if health["alarms"]:
            code, message = EXIT_DEGRADED, "degraded: " + "; ".join(health["alarms"])
    store.finish_run(
        run_id,
        started_at=started.decode(),
        finish_reason="finished",
        exit_code=code,
        verdict=message,
        health=json.dumps(health, ensure_ascii=False) if health else None,
        **run_counts(stats),
    )
    server.delete(RUN_STARTED, RUN_ARGUMENTS, RUN_STATS, DUPEFILTER, WORKERS, *map(count_key, OUTCOMES))
    return {"run": run_id, "exit_code": code, "verdict": message}


def ingest(
    server: Any,
    store: ArticleStore,
    batch: int = 50,
    keep_html: bool = False,
    idle_exit: float | None = None,
    report: Callable[[Counter], None] | None = None,
    settle: float = 5.0,
) -> tuple[Counter, list[dict[str, Any]]]:
    """Store what the workers send until stopped (SIGTERM, SIGINT: after the batch in hand); a run
    whose crawl has been finished for `settle` seconds is recorded (close_run); with idle_exit, stop
    once nothing has happened for that long after it. Returns the counts and the runs recorded."""
    stopping = []
    previous = {s: signal.signal(s, lambda *_: stopping.append(True)) for s in (signal.SIGTERM, signal.SIGINT)}
    totals: Counter = Counter()
    runs: list[dict[str, Any]] = []
    idle_since: float | None = None
    try:
        fill_stored(server, store)
        me = f"{socket.gethostname()} pid {os.getpid()}, store {os.path.realpath(store.path)}"
        again = bool(server.llen(WRITING))  # a killed writer's batch: taken up first
        while not stopping:
            server.set(WRITER, me, ex=10)
            if server.llen(WRITING) or take(server, batch, wait=1.0):
                idle_since = None
                raws = server.lrange(WRITING, 0, -1)
                items, unreadable = decode(raws)
                counts = store_batch(store, items, keep_html, batch_id(raws), again)
                acknowledge(server, items, counts, unreadable)
                again = False
                totals.update(counts)
                if report:
                    report(totals)
                continue
            if not crawl_finished(server):
                idle_since = None
                continue
            idle_since = idle_since or time.monotonic()
            idle = time.monotonic() - idle_since
            if idle >= settle and (run := close_run(server, store)):
                runs.append(run)
            if idle_exit is not None and idle >= max(idle_exit, settle):
                break
        server.delete(WRITER)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return totals, runs


def status(server: Any) -> dict[str, Any]:
    """What `antara-crawler status` prints: the frontier, the work in hand, the writer's progress."""
    workers = sorted(m.decode() for m in server.smembers(WORKERS))
    minute = time.time()
    recent = [time.strftime("%Y%m%d%H%M", time.gmtime(minute - 60 * i)) for i in range(5)]
    per_minute = [int(server.get(count_key(f"stored@{m}")) or 0) for m in recent]
    counts = {what: int(server.get(count_key(what)) or 0) for what in OUTCOMES}
    return {
        "queued": server.zcard(QUEUE),
        "seen": server.scard(DUPEFILTER),
        "workers": {
            w: {"alive": bool(server.exists(alive_key(w))), "in_flight": server.hlen(inflight_key(w))} for w in workers
        },
        "writer": (server.get(WRITER) or b"").decode() or None,
        "waiting_for_writer": server.llen(ITEMS),
        "being_written": server.llen(WRITING),
        "unreadable": server.llen(UNREADABLE),
        "stored_known": server.hlen(STORED),
        "stored_per_minute": per_minute,
        "totals": counts,
    }
