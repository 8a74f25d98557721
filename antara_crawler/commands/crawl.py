"""`scrapy crawl`, for this project: arguments checked before anything starts, one run per store at a
time, a JOBDIR that survives a killed run, and an exit code that says how the run went
(crawl/exitcodes.py)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl

from ..crawl.exitcodes import EXIT_LOCKED, EXIT_STORE, EXIT_USAGE
from ..crawl_args import ArgumentError, CrawlArgs
from ..lock import Locked, RunLock, lock_path
from ..saved_pages import saved_page_index
from ..store import ArticleStore, StoreError, db_path

UNFINISHED = "antara.unfinished"


@contextmanager
def jobdir_guard(jobdir: str | None) -> Iterator[None]:
    """Scrapy writes a JOBDIR's queue state only when a run closes: after a kill (SIGKILL, power
    loss) the queue on disk is stale and can lose or repeat requests. A marker tells a killed run
    from a finished or gracefully stopped one; a killed run's queue is discarded, and the resumed
    run finds its work again by discovery (stored articles are skipped)."""
    if not jobdir:
        yield
        return
    marker = Path(jobdir, UNFINISHED)
    if marker.exists():
        shutil.rmtree(Path(jobdir, "requests.queue"), ignore_errors=True)
        Path(jobdir, "requests.seen").unlink(missing_ok=True)
        print(
            f"antara_crawler: the last run in {jobdir} did not finish; discarding its request queue and resuming by discovery",
            file=sys.stderr,
        )
    Path(jobdir).mkdir(parents=True, exist_ok=True)
    marker.touch()
    yield
    marker.unlink(missing_ok=True)


def redis_problem(url: str) -> str | None:
    """Why a distributed worker cannot start on this Redis, in one line; None when it answers."""
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        client = Redis.from_url(url)
    except ValueError as exc:
        return f"ANTARA_REDIS_URL={url!r} is not a Redis URL: {exc}"
    try:
        client.ping()
    except RedisError as exc:
        return f"cannot reach Redis at {url}: {exc}"
    finally:
        client.close()
    return None


def guarded_run(settings: Any, spider_args: dict[str, str], start: Callable[[], list[Any]]) -> int:
    """Everything around a crawl, shared by `scrapy crawl antara` and `antara-crawler crawl`: the
    arguments checked before anything starts, the store opened (its migrations run) under its lock,
    a JOBDIR guarded; `start` runs the crawl and returns its crawlers; their verdict is the exit code."""
    problems = []
    try:
        CrawlArgs.parse(spider_args)
    except ArgumentError as exc:
        problems = [f"bad spider argument: {problem}" for problem in exc.problems]
    replay = settings.get("ANTARA_REPLAY_DIR")
    if replay and not saved_page_index(replay):
        problems.append(f"ANTARA_REPLAY_DIR={replay!r} holds no saved pages (NAME.html + NAME.json with a url)")
    if problems:
        for problem in problems:
            print(f"antara_crawler: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if db_path(settings) == ":memory:":
        print("antara_crawler: ANTARA_DB=:memory: would keep nothing: a crawl needs a store file", file=sys.stderr)
        return EXIT_STORE
    if redis := settings.get("ANTARA_REDIS_URL"):  # a worker: the writer (antara-crawler ingest) holds the store
        if trouble := redis_problem(redis):
            print(f"antara_crawler: {trouble}", file=sys.stderr)
            return EXIT_USAGE if trouble.startswith("ANTARA_REDIS_URL") else EXIT_STORE
        with jobdir_guard(settings.get("JOBDIR")):
            crawlers = start()
        return max((c.stats.get_value("antara/run/exit_code", 0) for c in crawlers), default=0)
    try:
        with RunLock(lock_path(settings)), jobdir_guard(settings.get("JOBDIR")):
            ArticleStore.from_settings(settings).close()  # can the store be opened? (migrations run here)
            crawlers = start()
    except Locked as exc:
        print(f"antara_crawler: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except StoreError as exc:
        print(f"antara_crawler: {exc}", file=sys.stderr)
        return EXIT_STORE
    return max((c.stats.get_value("antara/run/exit_code", 0) for c in crawlers), default=0)


class Command(ScrapyCrawl):
    def short_desc(self) -> str:
        return "Run a spider; one run per store at a time; the exit code says how it went"

    def run(self, args: list[str], opts: Any) -> None:
        assert self.settings is not None
        self.crawlers: list[Any] = []
        if args != ["antara"]:  # another spider: Scrapy's own command, unguarded
            super().run(args, opts)
            return

        def start() -> list[Any]:
            super(Command, self).run(args, opts)
            return self.crawlers

        code = guarded_run(self.settings, opts.spargs, start)
        self.exitcode = self.exitcode or code

    def _create_crawler(self, spidercls: Any) -> Any:
        crawler = super()._create_crawler(spidercls)
        self.crawlers.append(crawler)
        return crawler
