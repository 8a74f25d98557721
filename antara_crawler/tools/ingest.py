"""The writer of a distributed crawl: drains what the workers sent (antara:items) into the SQLite
store, with acknowledgement (crawl/distributed.py says what lives in Redis).

A batch moves from antara:items into antara:writing (LMOVE, one item at a time: nothing is ever
only in this process's memory), is stored, and antara:writing is deleted only after the store
committed. A writer killed at any point leaves its batch in antara:writing; the next writer stores
it first. Storing is idempotent (the same article again is "unchanged"), so a batch stored twice
is stored once. After each commit the stored articles enter antara:stored, which workers read to
skip what is stored; a writer starting fills it from the store.
"""

from __future__ import annotations

import pickle
import signal
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from ..crawl.distributed import (
    ITEMS,
    QUEUE,
    STORED,
    WORKERS,
    WRITING,
    alive_key,
    count_key,
    inflight_key,
)
from ..items import Article, Reject
from ..store import ArticleStore


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


def store_batch(store: ArticleStore, items: list[Any], keep_html: bool) -> Counter:
    articles = [i for i in items if isinstance(i, Article)]
    counts: Counter = Counter()
    for article, outcome in zip(articles, store.store_articles(articles, keep_html=keep_html), strict=True):
        if outcome.startswith("error"):
            store.add_reject(Reject(article.page.asked_for if article.page else article.url, "store", outcome))
            counts["rejected"] += 1
        else:
            counts[outcome] += 1
    for reject in (i for i in items if isinstance(i, Reject)):
        store.add_reject(reject)
        counts["ignored" if reject.ignored else "rejected"] += 1
    return counts


def acknowledge(server: Any, items: list[Any], counts: Counter) -> None:
    """After the commit: the stored articles into antara:stored, the counts, the batch gone."""
    minute = time.strftime("%Y%m%d%H%M", time.gmtime())
    with server.pipeline(transaction=True) as pipe:
        for article in (i for i in items if isinstance(i, Article)):
            pipe.hset(STORED, f"{article.site}/{article.article_id}", article.published_at or "")
        for what, n in counts.items():
            pipe.incrby(count_key(what), n)
        stored = sum(n for what, n in counts.items() if what in ("new", "updated", "unchanged", "history"))
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


def ingest(
    server: Any,
    store: ArticleStore,
    batch: int = 50,
    keep_html: bool = False,
    idle_exit: float | None = None,
    report: Callable[[Counter], None] | None = None,
) -> Counter:
    """Store what the workers send until stopped (SIGTERM, SIGINT: after the batch in hand), or, with
    idle_exit, once the crawl has been finished for that many seconds. Returns the counts."""
    stopping = []
    previous = {s: signal.signal(s, lambda *_: stopping.append(True)) for s in (signal.SIGTERM, signal.SIGINT)}
    totals: Counter = Counter()
    idle_since: float | None = None
    try:
        fill_stored(server, store)
        while not stopping:
            if not server.llen(WRITING) and not take(server, batch, wait=1.0):
                if idle_exit is not None and crawl_finished(server):
                    idle_since = idle_since or time.monotonic()
                    if time.monotonic() - idle_since >= idle_exit:
                        break
                else:
                    idle_since = None
                continue
            idle_since = None
            items = [pickle.loads(raw) for raw in server.lrange(WRITING, 0, -1)]  # noqa: S301 - our own workers'
            counts = store_batch(store, items, keep_html)
            acknowledge(server, items, counts)
            totals.update(counts)
            if report:
                report(totals)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return totals


def status(server: Any) -> dict[str, Any]:
    """What `antara-crawler status` prints: the frontier, the work in hand, the writer's progress."""
    workers = sorted(m.decode() for m in server.smembers(WORKERS))
    minute = time.time()
    recent = [time.strftime("%Y%m%d%H%M", time.gmtime(minute - 60 * i)) for i in range(5)]
    per_minute = [int(server.get(count_key(f"stored@{m}")) or 0) for m in recent]
    counts = {
        what: int(server.get(count_key(what)) or 0)
        for what in ("new", "updated", "unchanged", "history", "rejected", "ignored", "requeued")
    }
    return {
        "queued": server.zcard(QUEUE),
        "seen": server.scard("antara:dupefilter"),
        "workers": {
            w: {"alive": bool(server.exists(alive_key(w))), "in_flight": server.hlen(inflight_key(w))} for w in workers
        },
        "waiting_for_writer": server.llen(ITEMS),
        "being_written": server.llen(WRITING),
        "stored_known": server.hlen(STORED),
        "stored_per_minute": per_minute,
        "totals": counts,
    }
