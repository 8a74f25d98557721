"""Parsing off the crawl's thread: process_page in worker processes (ANTARA_PARSE_WORKERS, 1 by default).

A page costs ~2 ms of parsing, most of it Python holding the GIL, so a thread would not overlap it
with the network; a process does, on a second core. The page goes to the worker and the Article or
Reject comes back without it (the pipeline puts the page it already holds back on).

The workers start from a fork server (safe in a process that has threads, as a crawl has) when the
first page arrives, so a run that fetches no article pays nothing. They ignore Ctrl-C and SIGTERM:
the crawl finishes its pages and shuts them down, and a worker ends when the crawl's process does. A worker that dies (killed, out of memory, a crash inside a
C library) takes the pages it held with it: each of them is tried again alone in a fresh process,
and a page that kills that one too becomes a Reject, never a lost page or a dead crawl.

ANTARA_PARSE_WORKERS=0 parses in the crawl's thread (one core, no extra process).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..items import Article, Reject, error_digest
from ..parsing.page import PageInput

logger = logging.getLogger(__name__)
Work = Callable[[PageInput], Article | Reject]


def detached(page: PageInput) -> Article | Reject:
    """process_page without the page in its result: what a worker sends back."""
    from ..process import process_page  # here, not at the top: the crawl's own process never parses

    result = process_page(page)
    result.page = None
    if isinstance(result, Reject) and result.article is not None:
        result.article.page = None
    return result


def _attach(result: Article | Reject, page: PageInput) -> Article | Reject:
    result.page = page
    if isinstance(result, Reject) and result.article is not None:
        result.article.page = page
    return result


def _asyncio_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _start_worker(crawl: int) -> None:
    # Ctrl-C (the terminal's process group) and a service manager's SIGTERM (its whole control group)
    # reach the workers too: the crawl stops itself and shuts them down, or they end with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(crawl,), daemon=True).start()


def _exit_with(crawl: int) -> None:
    """End the worker when the crawl's process ends. A crawl killed outright (SIGKILL) cannot shut its
    workers down, and a worker holds its own queue's pipes open, so it would never hear of it (and
    its fork server would wait for it): orphans for ever."""
    try:
        fd = os.pidfd_open(crawl)
        select.select([fd], [], [])  # readable when the process has ended
    except (AttributeError, OSError):  # no pidfd (not Linux 5.3+), or the crawl is gone already
        while _alive(crawl):
            time.sleep(1)
    os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _executor(count: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        ["antara_crawler.crawl.forkserver_init", "antara_crawler.crawl.workers", "antara_crawler.process"]
    )
    return ProcessPoolExecutor(count, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),))


def _probe() -> bool:
    return True


@contextlib.contextmanager
def hidden_main() -> Iterator[None]:
    """While worker processes start, the program that started them is hidden from them: a worker
    would otherwise run that program again (multiprocessing re-imports __main__ in every worker, and
    a crawl script without an `if __name__ == "__main__"` guard would start a crawl in each)."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _submit(pool: ProcessPoolExecutor, fn: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
    """pool.submit, awaitable; a worker the submit starts does not see this program (hidden_main)."""
    with hidden_main():
        return asyncio.wrap_future(pool.submit(fn, *args))


class ParseWorkers:
    def __init__(self, count: int, work: Work = detached):
        self.count, self.work = count, work
        self.pool: ProcessPoolExecutor | None = None
        self.starting = asyncio.Lock()
        self.quarantine = asyncio.Semaphore(1)  # pages tried again after a worker died: one at a time
        self.restarts = 0

    async def process(self, page: PageInput) -> Article | Reject:
        pool = await self.ready() if self.count and _asyncio_running() else None
        if pool is None:  # no workers, or another Twisted reactor (no asyncio loop to wait with)
            return _attach(self.work(page), page)
        try:
            return _attach(await _submit(pool, self.work, page), page)
        except BrokenProcessPool:
            if self.pool is pool:  # the first of its pages to hear of it replaces it
                self.pool, self.restarts = None, self.restarts + 1
                pool.shutdown(wait=False, cancel_futures=True)
                logger.warning("a parse worker died; its pages are tried again one by one")
            return await self.alone(page)
        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be sent back: this page's outcome
            return Reject(page.asked_for, "parse", f"error: {type(exc).__name__}", error_digest(exc), page)

    async def ready(self) -> ProcessPoolExecutor | None:
        """The pool, started and shown to work (a worker answered); None when no worker can start
        (then this run parses in its own thread: slower, never stopped)."""
        async with self.starting:
            if self.pool is None and self.count:
                pool = None
                try:  # creating the pool can fail too (its resource tracker gone: BrokenPipeError)
                    pool = _executor(self.count)
                    await _submit(pool, _probe)
                except Exception as exc:  # noqa: BLE001 - whatever keeps workers from starting costs speed, not pages
                    if pool is not None:
                        pool.shutdown(wait=False, cancel_futures=True)
                    self.count = 0
                    logger.error(
                        "the parse workers cannot start (%s: %s); pages are parsed in the crawl's own thread, "
                        "as with ANTARA_PARSE_WORKERS=0",
                        type(exc).__name__,
                        exc,
                    )
                    return None
                self.pool = pool
        return self.pool

    async def alone(self, page: PageInput) -> Article | Reject:
        """A page that was in a worker when it died, in a process of its own: did it kill it?"""
        async with self.quarantine:
            try:
                single = _executor(1)
            except Exception as exc:  # noqa: BLE001 - this page's outcome, whatever it is
                detail = f"no worker could be started to try it again alone ({type(exc).__name__}: {exc})"
                return Reject(page.asked_for, "parse", "error: parse worker died", detail, page)
            try:
                return _attach(await _submit(single, self.work, page), page)
            except (BrokenProcessPool, OSError):
                detail = "the parse worker died twice with this page in it (killed, out of memory, or a crash in a C library)"
                return Reject(page.asked_for, "parse", "error: parse worker died", detail, page)
            finally:
                single.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None
