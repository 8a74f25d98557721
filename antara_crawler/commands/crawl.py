"""`scrapy crawl`, for this project: one run per store at a time, a JOBDIR that survives a killed
run, and an exit code that says how the run went (see antara_crawler.runs for the codes)."""

from __future__ import annotations

import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawl

from ..runs import EXIT_LOCKED, EXIT_STORE, EXIT_USAGE, Locked, RunLock, lock_path
from ..store import ArticleStore, StoreError

UNFINISHED = "antara.unfinished"


@contextmanager
def jobdir_guard(jobdir: str | None):
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
        print(f"antara_crawler: the last run in {jobdir} did not finish; discarding its request queue and resuming by discovery", file=sys.stderr)
    Path(jobdir).mkdir(parents=True, exist_ok=True)
    marker.touch()
    yield
    marker.unlink(missing_ok=True)


class Command(ScrapyCrawl):
    def short_desc(self) -> str:
        return "Run a spider; one run per store at a time; the exit code says how it went"

    def run(self, args, opts) -> None:
        self.crawlers = []
        if len(args) == 1:
            # Spider arguments are checked before anything starts: a bad one is one clear line
            try:
                self.crawler_process.spider_loader.load(args[0])(**opts.spargs)
            except (ValueError, OSError) as exc:
                print(f"antara_crawler: bad spider argument: {exc}", file=sys.stderr)
                self.exitcode = EXIT_USAGE
                return
        try:
            with RunLock(lock_path(self.settings)), jobdir_guard(self.settings.get("JOBDIR")):
                ArticleStore(self.settings.get("ANTARA_DB", "antara.db")).close()  # can the store be opened? (migrations run here)
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

    def _create_crawler(self, spidercls):
        crawler = super()._create_crawler(spidercls)
        self.crawlers.append(crawler)
        return crawler
