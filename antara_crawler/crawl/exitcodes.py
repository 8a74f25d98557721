"""What the end of a run means: its exit code and a sentence, judged from its crawl stats.

0   the run finished and looks healthy (finding nothing new is healthy)
1   Scrapy could not start the crawl (unreadable settings, ...)
2   a bad spider argument: one line says which
3   the run failed: every request errored or was refused (robots.txt), most fetched pages could
    not be parsed (a sign the site's layout changed), or a requested URL ended with no recorded
    outcome
4   the run was interrupted (Ctrl-C, SIGTERM, a close condition) before it finished
5   the store could not be opened or written (read-only path, full disk, not a database):
    what was committed before stays; the next run carries on from there
6   degraded: the run finished, but what it read drifted from the runs before it (a feed with no
    links, pages falling to the generic extractor, a field gone missing): see `antara-crawler health`
75  another run holds the store's lock: nothing was done (EX_TEMPFAIL: try again later)
"""

from __future__ import annotations

import asyncio
from typing import Any

from ..books import EXTRA, SETTLED, SKIPPED, STORED, TOUCHED, UNACCOUNTED, count, reasons, rejected

EXIT_OK, EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_STORE, EXIT_DEGRADED, EXIT_LOCKED = 0, 2, 3, 4, 5, 6, 75
STORE_FAILED = "store_error"  # the finish reason the store pipeline closes the spider with
REDIS_FAILED = "redis_error"  # the finish reason a distributed worker that lost Redis closes with
_CLOSING: set[asyncio.Future] = set()  # closings under way (asyncio keeps only weak references)


def stop_crawl(crawler: Any, reason: str) -> asyncio.Future | None:
    """Close the spider with one of these finish reasons; None before the crawl started (no engine)."""
    engine = crawler._engine  # None until the crawl starts (Crawler's documented way to ask)
    if engine is None:
        return None
    closing = asyncio.ensure_future(engine.close_spider_async(reason=reason))
    _CLOSING.add(closing)
    closing.add_done_callback(_CLOSING.discard)
    return closing


BROKEN_SHARE = 0.5  # more than this share of fetched article pages unparseable: the run failed
BROKEN_MIN_PAGES = 5
ARRIVED_STAGES = ("decode", "parse", "normalize", "validate", "store")


def arrived(stats: dict) -> int:
    """Article pages that arrived and went through process_page."""
    return count(stats, *STORED, "skipped/outside_window") + sum(rejected(stats, s) for s in ARRIVED_STAGES)


def verdict(stats: dict) -> tuple[int, str]:
    """The exit code and a sentence for a finished run, from its crawl stats."""
    reason = stats.get("finish_reason")
    if reason == STORE_FAILED:
        return EXIT_STORE, f"the store could not be written: {stats.get('antara/store/error', '?')}"
    if reason == REDIS_FAILED:
        return EXIT_STORE, f"Redis could not be reached: {stats.get('antara/redis/error', '?')}"
    if reason != "finished":
        return EXIT_INTERRUPTED, f"interrupted: {reason}"
    if stats.get("antara/warc/failed"):
        return EXIT_FAILED, f"{stats['antara/warc/failed']} pages could not be kept as WARC (see the log)"
    unaccounted, extra = stats.get(UNACCOUNTED, 0), stats.get(EXTRA, 0)
    if unaccounted or extra or stats.get(TOUCHED, 0) != stats.get(SETTLED, 0):
        return EXIT_FAILED, (
            f"the books do not balance: {stats.get(TOUCHED, 0)} URLs touched, {stats.get(SETTLED, 0)} settled, "
            f"{unaccounted} with no outcome, {extra} with two (see crawl_runs.unaccounted)"
        )
    errors, ignored = rejected(stats, "fetch"), count(stats, "ignored")
    answered = (
        stats.get(SETTLED, 0) - errors - ignored - count(stats, *SKIPPED[:2], "queued")
    )  # queued: not answered yet
    if (errors or ignored) and answered <= 0:
        return (
            EXIT_FAILED,
            f"every request failed or was refused ({errors} errors, {ignored} refused: robots.txt, off-site, too big)",
        )
    pages = arrived(stats)
    broken = reasons(stats, "parse", "unsupported", "error") + sum(
        rejected(stats, s) for s in ("decode", "normalize", "validate")
    )
    if pages >= BROKEN_MIN_PAGES and broken > BROKEN_SHARE * pages:
        return EXIT_FAILED, f"{broken} of {pages} fetched pages could not be parsed: has the layout changed?"
    return EXIT_OK, "ok"
