"""Real `scrapy crawl` runs, in a subprocess, through Scrapy's downloader: against a local HTTP
server on 127.0.0.1 serving the fixtures, and in offline replay mode (the README's main command)."""

import json
import sqlite3
import subprocess
import sys

import pytest

from antara_crawler.fixture_site import FixtureSite
from conftest import FIXTURES, ROOT

FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"]
LISTING = "https://www.antaranews.com/terkini"
EXTRA = [
    "https://mataram.antaranews.com/berita/412345/bandara-lombok-kembali-dibuka-setelah-abu-vulkanik-menipis",
    "https://papua.antaranews.com/berita/823456/pemprov-papua-salurkan-bantuan-bibit-kakao-untuk-petani",
    "https://www.antaranews.com/berita/9999999/artikel-yang-sudah-dihapus",  # a soft 404 page
    "https://www.antaranews.com/video/4650001/banjir-rob-genangi-pesisir-utara-jakarta",
    "https://www.antaranews.com/berita/1234/tidak-ada-di-server",  # a real 404
]


def crawl(tmp_path, *args):
    db, feed = tmp_path / "antara.db", tmp_path / "articles.jsonl"
    command = [sys.executable, "-m", "scrapy", "crawl", "antara", *args, *FAST, "-s", f"ANTARA_DB={db}", "-O", str(feed)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    rows = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    return sqlite3.connect(db), rows, done.stderr


@pytest.fixture
def site():
    server = FixtureSite(FIXTURES)
    server.start_background()
    yield server
    server.shutdown()
    server.server_close()


def check_store(conn, rows):
    assert len(rows) == 9
    stored = conn.execute("select count(*) from articles").fetchone()[0]
    assert stored == 9
    keys = {(r["site"], r["article_id"]) for r in rows}
    assert keys == set(conn.execute("select site, article_id from articles").fetchall())
    assert conn.execute("select count(*) from articles_fts where articles_fts match 'kakao'").fetchone()[0] == 1
    rejects = conn.execute("select url, stage, reason from rejects order by url").fetchall()
    assert rejects == [
        ("https://www.antaranews.com/berita/1234/tidak-ada-di-server", "fetch", "http 404"),
        ("https://www.antaranews.com/berita/9999999/artikel-yang-sudah-dihapus", "parse", "not_found"),
        ("https://www.antaranews.com/video/4650001/banjir-rob-genangi-pesisir-utara-jakarta", "parse", "video"),
    ]
    seed = next(r for r in rows if r["article_id"] == "4645921")
    assert seed["dateline"] == "Beijing" and seed["reporters"] == ["Desca Lidya Natalia"]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_crawl_through_the_downloader_against_a_local_site(site, tmp_path):
    conn, rows, log = crawl(tmp_path, "-a", f"listing={LISTING}", "-a", "url=" + ",".join(EXTRA), "-a", f"mirror={site.base_url}")
    check_store(conn, rows)
    assert site.requests[0] == "/robots.txt"  # robots.txt is asked for before anything else
    assert "/www.antaranews.com/terkini" in site.requests
    assert len(site.requests) == 1 + 1 + 7 + len(EXTRA)  # robots, listing, 7 cards, extra URLs: each once
    assert "'antara/articles/new': 9" in log


def test_a_second_crawl_duplicates_nothing(site, tmp_path):
    args = ["-a", f"listing={LISTING}", "-a", "url=" + ",".join(EXTRA), "-a", f"mirror={site.base_url}"]
    crawl(tmp_path, *args)
    conn, rows, log = crawl(tmp_path, *args)
    assert conn.execute("select count(*) from articles").fetchone()[0] == 9
    assert conn.execute("select count(*) from article_versions").fetchone()[0] == 0
    assert "'antara/articles/unchanged': 9" in log


def test_offline_replay_crawl(tmp_path):
    """The README's main command: the same spider and settings, answered from fixtures/."""
    conn, rows, log = crawl(tmp_path, "-a", f"listing={LISTING}", "-a", "url=" + ",".join(EXTRA), "-s", f"ANTARA_REPLAY_DIR={FIXTURES}")
    check_store(conn, rows)
    assert "'antara/replay/served'" in log


def test_urls_file_and_bad_arguments(tmp_path, site):
    urls = tmp_path / "urls.txt"
    urls.write_text("# one per line\n" + EXTRA[0] + "\n\n" + EXTRA[1] + "\n", encoding="utf-8")
    conn, rows, _ = crawl(tmp_path, "-a", f"urls_file={urls}", "-a", f"mirror={site.base_url}")
    assert sorted(r["site"] for r in rows) == ["mataram", "papua"]
    bad = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "antara", "-a", "url=https://example.com/berita/1/x"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert bad.returncode != 0
    assert "not ANTARA URLs" in bad.stderr
