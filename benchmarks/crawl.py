"""Crawl + store beside a bare Scrapy fetch of the same pages from a local keep-alive server, at
1k and 10k pages, with each process's peak memory. Throttle off, 16 requests at a time for all."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .common import BIN, ROOT, Child, Row, median, run_child
from .pages import Generator

SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "0", "DOWNLOAD_DELAY": "0", "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": "0",
}  # fmt: skip
FIRST_ID = 700000


class Server:
    """benchmarks/server.py in a process of its own (its work must not share our cores' time slices
    with the crawler's reactor thread more than a real server would)."""

    def __enter__(self) -> str:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.server"], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        return f"http://127.0.0.1:{self.process.stdout.readline().strip()}"

    def __exit__(self, *exc: object) -> None:
        self.process.kill()
        self.process.wait()


def settings(extra: dict[str, str] | None = None) -> list[str]:
    return [arg for name, value in {**SETTINGS, **(extra or {})}.items() for arg in ("-s", f"{name}={value}")]


def ours(folder: Path, mirror: str, count: int, n: int, extra: Sequence[str] = ()) -> Child:
    """Our crawl of `count` generated pages (its store checked, then removed); `extra`: more options."""
    urls = folder / "urls.txt"
    urls.write_text("".join(Generator.url(i) + "\n" for i in range(FIRST_ID, FIRST_ID + count)))
    db = folder / f"ours-{count}-{n}.db"
    command = [str(BIN / "antara-crawler"), "crawl", "--urls-file", str(urls), "--mirror", mirror, "--db", str(db)]
    done = run_child([*command, "--quiet", *extra, *settings()], cwd=folder)
    with sqlite3.connect(db) as conn:
        stored = conn.execute("select count(*) from articles").fetchone()[0]
    if done.returncode != 0 or stored != count:
        raise SystemExit(
            f"our crawl failed (exit {done.returncode}, {stored} of {count} stored):\n{done.stderr[-3000:]}"
        )
    for path in folder.glob(f"ours-{count}-{n}.db*"):
        path.unlink()
    return done


def bare(folder: Path, mirror: str, count: int, parse: bool) -> Child:
    urls = folder / "bare-urls.txt"
    urls.write_text(
        "".join(f"{mirror}/www.antaranews.com/berita/{i}/artikel-{i}\n" for i in range(FIRST_ID, FIRST_ID + count))
    )
    spider = ROOT / "benchmarks" / "bare_spider.py"
    command = [sys.executable, "-m", "scrapy", "runspider", str(spider), "-a", f"urls={urls}"]
    # run outside the project folder: scrapy.cfg there would load the project's settings and pipelines
    done = run_child([*command, "-a", f"parse={int(parse)}", *settings({"ROBOTSTXT_OBEY": "0"})], cwd=folder)
    if done.returncode != 0:
        raise SystemExit(f"the bare spider failed:\n{done.stderr[-3000:]}")
    return done


def rows(quick: bool = False) -> list[Row]:
    sizes = (300, 1000) if quick else (1000, 10000)
    rounds = 2 if quick else 3
    found = []
    with Server() as mirror, tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for count in sizes:
            runs: dict[str, list[Child]] = {"ours": [], "bare": [], "bare+lxml": []}
            for n in range(rounds):
                order = ["ours", "bare", "bare+lxml"]
                for contender in order[n % 3 :] + order[: n % 3]:
                    if contender == "ours":
                        runs["ours"].append(ours(folder, mirror, count, n))
                    else:
                        runs[contender].append(bare(folder, mirror, count, contender == "bare+lxml"))
            rate = {k: [count / c.seconds for c in v] for k, v in runs.items()}
            rss = {k: max(c.peak_rss_mb for c in v) for k, v in runs.items()}
            tree = max(c.peak_tree_mb for c in runs["ours"])
            ratios = [o / b for o, b in zip(rate["ours"], rate["bare"], strict=True)]
            found.append(Row(
                f"crawl + store, {count} pages (pages/s, whole process)", f"{median(rate['ours']):.0f} pages/s",
                f"bare Scrapy fetch {median(rate['bare']):.0f}; fetch + lxml {median(rate['bare+lxml']):.0f}",
                ratios, ">= 0.7x bare fetch", median(ratios) >= 0.7,
            ))  # fmt: skip
            found.append(Row(
                f"peak RSS, {count} pages (sampled every 0.1 s)",
                f"{rss['ours']:.0f} MB; {tree:.0f} MB with its parse worker and fork server",
                f"bare {rss['bare']:.0f} MB", [rss["ours"] / rss["bare"]], "flat from 1k to 10k",
            ))  # fmt: skip
    return found
