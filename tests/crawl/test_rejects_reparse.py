"""Rejects are data: listed, kept with their HTML, and re-processed by a newer parser."""

import json
import sqlite3
import urllib.request

from click.testing import CliRunner

from antara_crawler.crawl.exitcodes import EXIT_FAILED
from antara_crawler.saved_pages import page_key, saved_page_index
from antara_crawler.tools.cli import cli
from crawling import crawl
from helpers import FIXTURES


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_keep_html_lets_the_whole_store_be_reparsed(site, tmp_path):
    db = tmp_path / "a.db"
    crawl(db, "-a", "sites=www", "-a", f"mirror={site.base_url}", "-s", "ANTARA_KEEP_HTML=1")
    with sqlite3.connect(db) as conn:
        assert (
            conn.execute("select count(*) from pages").fetchone()
            == conn.execute("select count(*) from articles").fetchone()
            == (12,)
        )
        conn.execute("update articles set body = 'rusak oleh parser lama', content_hash = 'old'")
    counts = json.loads(run("reparse", "--db", db, "--pages").output)
    assert (counts["pages"], counts["updated"], counts["still_rejected"]) == (12, 12, 0)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles where body = 'rusak oleh parser lama'").fetchone() == (0,)
        assert conn.execute("select count(*) from article_versions").fetchone() == (12,)  # the broken text is history


def test_replay_and_fixture_site_never_read_a_path_from_a_url(tmp_path, site):
    index = saved_page_index(FIXTURES)
    assert all(FIXTURES in saved.path.parents for saved in index.values())
    for hostile in [
        "https://www.antaranews.com/../../../../etc/passwd",
        "https://www.antaranews.com/berita/1/../../../../etc/passwd",
        "https://www.antaranews.com/%2e%2e/%2e%2e/etc/passwd",
        "https://www.antaranews.com/fixtures/www/seed-china-ai-2025-02-12.html",
    ]:
        assert page_key(hostile) not in index
    run_ = crawl(
        tmp_path / "a.db",
        "-a",
        "url=https://www.antaranews.com/berita/1/../../../../etc/passwd,https://www.antaranews.com/%2e%2e/%2e%2e/etc/passwd",
        "-s",
        f"ANTARA_REPLAY_DIR={FIXTURES}",
        expect=EXIT_FAILED,  # every request failed: that is the verdict
    )
    assert run_.query("select count(*) from articles") == [(0,)]
    assert {r for (r,) in run_.query("select reason from rejects")} == {"gone"}
    assert "root:x:0:0" not in "\n".join(sqlite3.connect(run_.db).iterdump())
    for path in [
        "/../../etc/passwd",
        "/www.antaranews.com/../../etc/passwd",
        "/www.antaranews.com/%2e%2e/%2e%2e/etc/passwd",
    ]:
        try:
            with urllib.request.urlopen(site.base_url + path, timeout=10) as answer:
                body = answer.read()
        except urllib.error.HTTPError as error:
            body = error.read()
        assert b"root:x:0:0" not in body
