"""`scrapy crawl`, for this project: arguments checked before anything starts, one run per store at a
time, a JOBDIR that survives a killed run, and an exit code that says how the run went
(crawl/exitcodes.py)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl

from ..crawl.exitcodes import EXIT_LOCKED, EXIT_STORE, EXIT_USAGE
from ..crawl_args import ArgumentError, CrawlArgs
from ..lock import Locked, RunLock, lock_path
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


class Command(ScrapyCrawl):
    def short_desc(self) -> str:
        return "Run a spider; one run per store at a time; the exit code says how it went"

    def run(self, args: list[str], opts: Any) -> None:
        self.crawlers: list[Any] = []
        if args == ["antara"]:
            try:
                CrawlArgs.parse(opts.spargs)
            except ArgumentError as exc:
                for problem in exc.problems:
                    print(f"antara_crawler: bad spider argument: {problem}", file=sys.stderr)
                self.exitcode = EXIT_USAGE
                return
        assert self.settings is not None
        if db_path(self.settings) == ":memory:":
            print("antara_crawler: ANTARA_DB=:memory: would keep nothing: a crawl needs a store file", file=sys.stderr)
            self.exitcode = EXIT_STORE
            return
        try:
            with RunLock(lock_path(self.settings)), jobdir_guard(self.settings.get("JOBDIR")):
                ArticleStore.from_settings(self.settings).close()  # can the store be opened? (migrations run here)
                super().run(args, opts)
        except Locked as exc:
            print(f"antara_crawler: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        except StoreError as exc:
            print(f"antara_crawler: {exc}", file=sys.stderr)
            self.exitcode = EXIT_STORE
            return
        if not self.exitcode:
            self.exitcode = max((c.stats.get_value("antara/run/exit_code", 0) for c in self.crawlers), default=0)

    def _create_crawler(self, spidercls: Any) -> Any:
        crawler = super()._create_crawler(spidercls)
        self.crawlers.append(crawler)
        return crawler
