"""Real `scrapy crawl` runs, in a subprocess, through Scrapy's downloader: against a local HTTP
server on 127.0.0.1 serving the fixtures, and in offline replay mode (the README's main command)."""

import subprocess
import sys

from antara_crawler.items import ARTICLE_FIELDS
from crawling import crawl
from helpers import FIXTURES, ROOT

LISTING = "https://www.antaranews.com/terkini"
ARTICLES = [
    "https://mataram.antaranews.com/berita/412345/bandara-lombok-kembali-dibuka-setelah-abu-vulkanik-menipis",
    "https://papua.antaranews.com/berita/823456/pemprov-papua-salurkan-bantuan-bibit-kakao-untuk-petani",
    "https://www.antaranews.com/berita/4645921/china-tanggapi-penolakan-inggris-as-dalam-kesepakatan-global-soal-ai",
]
NOT_STORED = [
    "https://www.antaranews.com/berita/9999999/artikel-yang-sudah-dihapus",  # a soft 404 page
    "https://www.antaranews.com/video/4650001/banjir-rob-genangi-pesisir-utara-jakarta",
    "https://www.antaranews.com/berita/1234/tidak-ada-di-server",  # a real 404
]
REJECTS = [
    ("https://www.antaranews.com/berita/1234/tidak-ada-di-server", "fetch", "gone"),
    ("https://www.antaranews.com/berita/9999999/artikel-yang-sudah-dihapus", "parse", "not_found"),
    ("https://www.antaranews.com/video/4650001/banjir-rob-genangi-pesisir-utara-jakarta", "parse", "video"),
]


def test_explicit_urls_through_the_downloader_against_a_local_site(site, tmp_path):
    run = crawl(tmp_path / "a.db", "-a", "url=" + ",".join(ARTICLES + NOT_STORED), "-a", f"mirror={site.base_url}")
    assert run.stored() == {("mataram", "412345"), ("papua", "823456"), ("www", "4645921")}
    assert {(r["site"], r["article_id"]) for r in run.rows} == run.stored()  # the JSON Lines feed
    assert all(list(r) == ARTICLE_FIELDS for r in run.rows)  # the published schema, in order
    assert sorted(run.query("select url, stage, reason from rejects")) == REJECTS
    assert run.query("select count(*) from articles_fts where articles_fts match 'kakao'") == [(1,)]
    assert run.query("PRAGMA integrity_check") == [("ok",)]
    assert site.requests[0] == "/robots.txt"  # asked for before anything else
    assert len(site.requests) == 1 + 6  # robots.txt, then each URL once
    seed = next(r for r in run.rows if r["article_id"] == "4645921")
    assert seed["dateline"] == "Beijing" and seed["reporters"] == ["Desca Lidya Natalia"]


def test_listing_pages_are_followed_and_a_second_crawl_duplicates_nothing(site, tmp_path):
    args = ["-a", f"listing={LISTING}", "-a", f"mirror={site.base_url}"]
    first = crawl(tmp_path / "a.db", *args)
    www = {(s, a) for s, a in first.stored()}
    assert len(www) == len(site.articles["www.antaranews.com"]) == 12  # every page of /terkini
    assert "/www.antaranews.com/terkini?page=4" in site.requests
    second = crawl(tmp_path / "a.db", *args)
    assert second.query("select count(*) from articles") == [(12,)]
    assert second.query("select count(*) from article_versions") == [(0,)]
    last = second.last_run()  # page 1 was all known: paging stopped there
    assert (last["skipped"], last["fetched"], last["requests"], last["exit_code"]) == (
        3,
        0,
        2,
        0,
    )  # robots.txt + page 1


def test_offline_replay_crawl_is_the_readme_main_command(tmp_path):
    run = crawl(
        tmp_path / "a.db",
        "-a",
        f"listing={LISTING}",
        "-a",
        "max_pages=1",
        "-a",
        f"urls_file={FIXTURES / 'demo-urls.txt'}",
        "-s",
        f"ANTARA_REPLAY_DIR={FIXTURES}",
    )
    assert len(run.rows) == 9
    assert run.query("select count(*) from articles") == [(9,)]
    assert sorted(run.query("select stage, reason from rejects")) == [("parse", "not_found"), ("parse", "video")]
    last = run.last_run()
    assert (last["new"], last["rejected"], last["fetched"], last["exit_code"], last["unaccounted"]) == (
        9,
        2,
        11,
        0,
        None,
    )


def test_urls_file_and_bad_arguments(tmp_path, site):
    urls = tmp_path / "urls.txt"
    urls.write_text("# one per line\n" + ARTICLES[0] + "\n\n" + ARTICLES[1] + "\n", encoding="utf-8")
    run = crawl(tmp_path / "a.db", "-a", f"urls_file={urls}", "-a", f"mirror={site.base_url}")
    assert sorted(r["site"] for r in run.rows) == ["mataram", "papua"]
    for args, message in [
        (["-a", "url=https://example.com/berita/1/x"], "url: not ANTARA URLs"),
        (["-a", "sites=www,atlantis"], "sites: unknown site(s) atlantis"),
        (["-a", "sources=rss,carrier-pigeon"], "sources: unknown source(s) carrier-pigeon"),
        (["-a", "since=last tuesday"], "since: not a date, time or duration"),
        (["-a", "max_pages=abc"], "max_pages: not a whole number of at least 1: 'abc'"),
        (["-a", f"urls_file={tmp_path / 'missing.txt'}"], "urls_file: cannot read"),
        (
            ["-a", "site=jatim"],
            "unknown argument(s) site; known: url, urls_file, listing, sites, sources, since, until",
        ),
    ]:
        bad = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "antara", *args, "-s", f"ANTARA_DB={tmp_path / 'b.db'}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert bad.returncode == 2 and message in bad.stderr, (args, bad.stderr[-2000:])
        assert bad.stderr.strip().splitlines()[-1].startswith("antara_crawler: bad spider argument: ")
        assert "Traceback" not in bad.stderr
