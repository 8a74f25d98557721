"""Rejects are data: listed, kept with their HTML, and re-processed by a newer parser."""

import json
import sqlite3
import urllib.request

from click.testing import CliRunner

from antara_crawler.cli import cli
from antara_crawler.runs import EXIT_FAILED
from antara_crawler.saved_pages import page_key, saved_page_index
from antara_crawler.store import ArticleStore
from conftest import FIXTURES
from crawling import crawl

SEED = FIXTURES / "www" / "seed-china-ai-2025-02-12.html"
SEED_URL = "https://www.antaranews.com/berita/4645921/china-tanggapi-penolakan-inggris-as-dalam-kesepakatan-global-soal-ai"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_a_reject_from_a_parser_bug_is_reprocessed(tmp_path):
    """A page an older parser could not read (its reject kept the HTML) is stored by `reparse`."""
    db = tmp_path / "a.db"
    store = ArticleStore(str(db))
    store.add_reject(SEED_URL, "parse", "unsupported", "no article body found by any layer", SEED.read_bytes())
    store.add_reject("https://www.antaranews.com/berita/1/x", "parse", "unsupported", "still nothing", b"<html><body></body></html>")
    store.add_reject("https://www.antaranews.com/berita/2/y", "fetch", "gone", "HTTP 404")
    store.close()

    listed = [json.loads(line) for line in run("rejects", "--db", db).output.splitlines()]
    assert [(r["stage"], r["reason"], r["has_html"]) for r in listed] == [("parse", "unsupported", True), ("parse", "unsupported", True), ("fetch", "gone", False)]
    assert [r["url"] for r in json.loads("[" + ",".join(run("rejects", "--db", db, "--stage", "fetch").output.splitlines()) + "]")] == ["https://www.antaranews.com/berita/2/y"]

    result = run("reparse", "--db", db)
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    assert (counts["pages"], counts["stored"], counts["new"], counts["still_rejected"]) == (2, 1, 1, 1)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select dateline, reporters from articles").fetchall() == [("Beijing", '["Desca Lidya Natalia"]')]
    remaining = [json.loads(line)["url"] for line in run("rejects", "--db", db).output.splitlines()]
    assert SEED_URL not in remaining and len(remaining) == 2
    resolved = [json.loads(line) for line in run("rejects", "--db", db, "--all").output.splitlines()]
    assert next(r for r in resolved if r["url"] == SEED_URL)["resolved_at"]
    assert json.loads(run("reparse", "--db", db).output)["stored"] == 0  # nothing left to recover


def test_keep_html_lets_the_whole_store_be_reparsed(site, tmp_path):
    db = tmp_path / "a.db"
    crawl(db, "-a", "sites=www", "-a", f"mirror={site.base_url}", "-s", "ANTARA_KEEP_HTML=1")
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from pages").fetchone() == conn.execute("select count(*) from articles").fetchone() == (11,)
        conn.execute("update articles set body = 'rusak oleh parser lama', content_hash = 'old'")
    counts = json.loads(run("reparse", "--db", db, "--pages").output)
    assert (counts["pages"], counts["updated"], counts["still_rejected"]) == (11, 11, 0)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles where body = 'rusak oleh parser lama'").fetchone() == (0,)
        assert conn.execute("select count(*) from article_versions").fetchone() == (11,)  # the broken text is history


def test_replay_and_fixture_site_never_read_a_path_from_a_url(tmp_path, site):
    index = saved_page_index(FIXTURES)
    assert all(FIXTURES in p.parents for p in index.values())
    for hostile in [
        "https://www.antaranews.com/../../../../etc/passwd",
        "https://www.antaranews.com/berita/1/../../../../etc/passwd",
        "https://www.antaranews.com/%2e%2e/%2e%2e/etc/passwd",
        "https://www.antaranews.com/fixtures/www/seed-china-ai-2025-02-12.html",
    ]:
        assert page_key(hostile) not in index
    run_ = crawl(
        tmp_path / "a.db", "-a", "url=https://www.antaranews.com/berita/1/../../../../etc/passwd,https://www.antaranews.com/%2e%2e/%2e%2e/etc/passwd",
        "-s", f"ANTARA_REPLAY_DIR={FIXTURES}", expect=EXIT_FAILED,  # every request failed: that is the verdict
    )
    assert run_.query("select count(*) from articles") == [(0,)]
    assert {r for (r,) in run_.query("select reason from rejects")} == {"gone"}
    assert "root:x:0:0" not in "\n".join(sqlite3.connect(run_.db).iterdump())
    for path in ["/../../etc/passwd", "/www.antaranews.com/../../etc/passwd", "/www.antaranews.com/%2e%2e/%2e%2e/etc/passwd"]:
        try:
            with urllib.request.urlopen(site.base_url + path, timeout=10) as answer:
                body = answer.read()
        except urllib.error.HTTPError as error:
            body = error.read()
        assert b"root:x:0:0" not in body
