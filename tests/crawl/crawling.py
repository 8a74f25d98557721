"""Helpers for tests that run real `scrapy crawl` processes against the local fixture site."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from helpers import ROOT, expected_articles

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


def crawl(db: Path, *args: str, expect: int = 0, timeout: float = 180) -> Run:
    """Run one crawl to the end; check its exit code; return its log, store and feed."""
    feed = db.with_suffix(".jsonl")
    done = subprocess.run(
        scrapy_command(db, *args, feed=feed), cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
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
