"""`antara-crawler import`: WARC files into the store, through the same process_page as a crawl.

Files are read in parallel by worker processes (one file each at a time); this process is the one
writer, storing results in batches as they arrive. Importing the same file twice changes nothing; a
capture older than the stored article never replaces it (store.py), so files may come in any order.
Pages that do not become articles are rejects, as in a crawl, with their bytes kept. A file that
cannot be read to its end is reported in one line; what was read before that point is stored.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from ..crawl.workers import hidden_main
from ..items import Article, Reject
from ..store import ArticleStore
from ..warcs import ArchiveError, captures

BATCH = 50
_RESULTS: Any = None  # a worker's queue to the writer (set by _start)


@dataclass
class ImportCounts:
    files: int = 0
    captures: int = 0  # ANTARA article responses read
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    history: int = 0  # older than the stored capture and different: kept as a past version
    rejected: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # other records, by why
    failed: list[str] = field(default_factory=list)  # one line per file not read to its end


def read_file(path: str, send: Callable[[tuple], None]) -> None:
    """Parse one file's captures and send them on in batches: ("results", path, bytes read, [Article |
    Reject]), then ("done", path, skipped counts, error line or None)."""
    from ..process import process_page

    skipped: Counter[str] = Counter()
    batch: list[Article | Reject] = []
    error = None
    try:
        for page in captures(path, skipped):
            result = process_page(page)
            if isinstance(result, Article):
                page.body = b""  # the store keeps an article's source, not its bytes: nothing to send back
            batch.append(result)
            if len(batch) >= BATCH:
                send(("results", path, batch))
                batch = []
    except ArchiveError as exc:
        error = str(exc)
    send(("results", path, batch))
    send(("done", path, dict(skipped), error))


def _start(results: Any) -> None:
    global _RESULTS
    _RESULTS = results


def _read_in_worker(path: str) -> None:
    read_file(path, _RESULTS.put)


def import_warcs(
    store: ArticleStore, paths: list[str], workers: int = 0, progress: Callable[[int], None] | None = None
) -> ImportCounts:
    """Import WARC files; `workers` processes read them (0: this process reads them itself).
    `progress` is called with 1 for each file finished."""
    counts = ImportCounts()
    if workers <= 0 or len(paths) < 2:
        for path in paths:
            read_file(path, lambda message: _take(store, message, counts, progress))
        return counts
    context = multiprocessing.get_context("forkserver")
    results = context.Queue(maxsize=workers * 4)
    with (
        hidden_main(),
        ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(results,)) as pool,
    ):
        futures = {pool.submit(_read_in_worker, path): path for path in paths}
        done: set[str] = set()
        while len(done) < len(paths):
            try:
                message = results.get(timeout=0.2)
            except queue.Empty:
                for future, path in futures.items():  # a worker that died never says "done"
                    if path not in done and future.done() and future.exception() is not None:
                        error = future.exception()
                        reason = "its reader died" if isinstance(error, BrokenProcessPool) else repr(error)
                        _take(store, ("done", path, {}, f"{path}: not read: {reason}"), counts, progress)
                        done.add(path)
                continue
            if message[0] == "done":
                done.add(message[1])
            _take(store, message, counts, progress)
    return counts


def _take(store: ArticleStore, message: tuple, counts: ImportCounts, progress: Callable[[int], None] | None) -> None:
    if message[0] == "done":
        _, _, skipped, error = message
        counts.files += 1
        for reason, number in skipped.items():
            counts.skipped[reason] = counts.skipped.get(reason, 0) + number
        if error:
            counts.failed.append(error)
        if progress:
            progress(1)
        return
    _, _, batch = message
    counts.captures += len(batch)
    articles = [r for r in batch if isinstance(r, Article)]
    for reject in (r for r in batch if isinstance(r, Reject)):
        if not store.has_reject(reject):  # importing a file again changes nothing, its rejects included
            store.add_reject(reject)
        counts.rejected += 1
    for article, outcome in zip(articles, store.store_articles(articles), strict=True):
        if outcome.startswith("error"):
            store.add_reject(Reject(article.url, "store", outcome, None, article.page))
            counts.rejected += 1
        else:
            setattr(counts, outcome, getattr(counts, outcome) + 1)
