"""A scheduled run that finds nothing new (4 sites, RSS + listing, everything already stored) beside
a bare Scrapy process that starts, crawls nothing and stops: what a cron job pays for each run."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from antara_crawler.tools.fixture_site import FixtureSite

from .common import BIN, ROOT, Row, median, run_child

SITES = "www,en,jatim,mataram"


def rows(quick: bool = False) -> list[Row]:
    rounds = 3 if quick else 7
    server = FixtureSite(ROOT / "fixtures")
    server.start_background()
    try:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            db = folder / "a.db"
            command = [str(BIN / "antara-crawler"), "crawl", "--sites", SITES, "--mirror", server.base_url]
            command += ["--db", str(db), "--quiet", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0"]
            first = run_child(command, cwd=folder)
            if first.returncode != 0:
                raise SystemExit(f"the first crawl failed (exit {first.returncode}):\n{first.stderr[-3000:]}")
            spider = ROOT / "benchmarks" / "bare_spider.py"
            bare_command = [sys.executable, "-m", "scrapy", "runspider", str(spider), "-s", "LOG_LEVEL=WARNING"]
            ours, bare, requests = [], [], []
            for n in range(rounds):
                for contender in ("ours", "bare") if n % 2 == 0 else ("bare", "ours"):
                    if contender == "ours":
                        before = len(server.requests)
                        done = run_child(command, cwd=folder)
                        if done.returncode != 0:
                            raise SystemExit(f"a scheduled run failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
                        requests.append(len(server.requests) - before)
                        ours.append(done.seconds)
                    else:
                        bare.append(run_child(bare_command, cwd=folder).seconds)
    finally:
        server.shutdown()
        server.server_close()
    ratios = [o / b for o, b in zip(ours, bare, strict=True)]
    return [
        Row(
            f"a scheduled run that finds nothing new ({len(SITES.split(','))} sites)",
            f"{median(ours):.2f} s, {median(requests):.0f} requests",
            f"empty bare Scrapy run {median(bare):.2f} s",
            ratios,
            "<= 1.2x",
            median(ratios) <= 1.2,
        )
    ]
