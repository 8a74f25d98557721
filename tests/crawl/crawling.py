"""Helpers for tests that run real `scrapy crawl` processes against the local fixture site."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from helpers import ROOT, SEED, expected_articles

FAST = [
    "-s",
    "AUTOTHROTTLE_ENABLED=0",
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "RETRY_BACKOFF_BASE=0.05",
    "-s",
    "LOG_LEVEL=INFO",
]


@dataclass
class Run:
    returncode: int
    log: str
    db: Path
    rows: list[dict]

    def query(self, sql: str, params=()) -> list[tuple]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql, params).fetchall()

    def stored(self) -> set[tuple[str, str]]:
        return set(self.query("select site, article_id from articles"))

    def last_run(self) -> dict:
        """The newest crawl_runs row: what the run recorded of itself (not its log)."""
        with sqlite3.connect(self.db) as conn:
            conn.row_factory = sqlite3.Row
            return dict(conn.execute("select * from crawl_runs order by id desc limit 1").fetchone())


def scrapy_command(db: Path, *args: str, feed: Path | None = None) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "antara", *args, *FAST, "-s", f"ANTARA_DB={db}"]
    return command + (["-O", str(feed)] if feed else [])


def crawl(db: Path, *args: str, expect: int | None = 0, timeout: float = 180) -> Run:
    """Run one crawl to the end; check its exit code; return its log, store and feed."""
    feed = db.with_suffix(".jsonl")
    done = subprocess.run(
        scrapy_command(db, *args, feed=feed), cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if expect is not None:  # None: the caller judges the exit code from the run's record
        assert done.returncode == expect, done.stderr[-4000:]
    assert "Traceback" not in done.stderr, done.stderr[-4000:]
    rows = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()] if feed.exists() else []
    return Run(done.returncode, done.stderr, db, rows)


def fixture_articles(sites: set[str] | None = None) -> list[dict]:
    """The reviewed expected items of every article fixture (optionally of some sites)."""
    return expected_articles(sites)


def keys(articles: list[dict]) -> set[tuple[str, str]]:
    return {(a["site"], a["article_id"]) for a in articles}


def in_window(article: dict, since: date, until: date) -> bool:
    return since <= datetime.fromisoformat(article["published_at"]).date() <= until


def store_state(db: Path) -> tuple[str, int]:
    """(PRAGMA integrity_check, number of stored articles) of a store a crawl may have left."""
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0], conn.execute(
            "select count(*) from articles"
        ).fetchone()[0]


# Pages and faults for the fixture site -----------------------------------------------------

SEED_PATH = "4645921/china-tanggapi-penolakan-inggris-as-dalam-kesepakatan-global-soal-ai"
TITLE = "China tanggapi penolakan Inggris-AS dalam kesepakatan global soal AI"
WWW = "https://www.antaranews.com"


def article_page(article_id: int, title: str = "", body: str = "", extra_head: str = "", published: str = "") -> bytes:
    """A current-layout article page: the seed page under another id, title and (optionally) body."""
    html = SEED.read_text(encoding="utf-8").replace(SEED_PATH, f"{article_id}/artikel-{article_id}")
    if title:
        html = html.replace(TITLE, title)
    if body:
        start = html.index("Beijing (ANTARA) -")
        end = html.index('<p class="text-muted mt-2 small">')
        html = html[:start] + body + html[end:]
    if published:
        html = html.replace("2025-02-12T17:26:00+07:00", published).replace("Rabu, 12 Februari 2025 17:26 WIB", "")
    return html.replace("</head>", extra_head + "</head>").encode("utf-8")


def url(article_id: int) -> str:
    return f"{WWW}/berita/{article_id}/artikel-{article_id}"


def path(article_id: int) -> str:
    return f"/www.antaranews.com/berita/{article_id}/artikel-{article_id}"


# Each fault answers a request by itself (or returns False to let the normal page be served)
def status(code, headers=None):
    return lambda h, attempt: h._send(code, b"<html><body>error</body></html>", "text/html", headers)


def first_then_page(code, page: bytes, headers=None):
    def fault(h, attempt):
        if attempt > 1:
            return h._send(200, page, "text/html; charset=utf-8")
        h._send(code, b"<html><body>busy</body></html>", "text/html", headers)

    return fault


def redirect(location):
    return lambda h, attempt: h._send(301, b"", "text/html", {"Location": location})


def serve(body: bytes, content_type="text/html; charset=utf-8", headers=None):
    return lambda h, attempt: h._send(200, body, content_type, headers)


def descendants(pid: int) -> set[int]:
    """The processes a process started, and theirs (the parse workers and their fork server)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def wait_gone(pids: set[int], timeout: float = 10) -> set[int]:
    """The pids still running after up to `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while pids and time.monotonic() < deadline:
        pids = {pid for pid in pids if Path(f"/proc/{pid}").exists() and "(python" in _stat(pid)}
        time.sleep(0.05)
    return pids


def _stat(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
