"""`scrapy crawl`, for this project: one run per store at a time, and an exit code that says how
the run went (see antara_crawler.runs for the codes)."""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawl

from ..runs import EXIT_LOCKED, Locked, RunLock, lock_path


class Command(ScrapyCrawl):
    def short_desc(self) -> str:
        return "Run a spider; one run per store at a time; the exit code says how it went"

    def run(self, args, opts) -> None:
        self.crawlers = []
        try:
            with RunLock(lock_path(self.settings)):
                super().run(args, opts)
        except Locked as exc:
            print(f"antara_crawler: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        if not self.exitcode:
            self.exitcode = max((c.stats.get_value("antara/run/exit_code", 0) for c in self.crawlers), default=0)

    def _create_crawler(self, spidercls):
        crawler = super()._create_crawler(spidercls)
        self.crawlers.append(crawler)
        return crawler
