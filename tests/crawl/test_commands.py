"""The command line as separate processes: the fixture site served until stopped, a bad spider argument."""

import json
import socket
import subprocess
import sys
import urllib.request

from antara_crawler.crawl.exitcodes import EXIT_USAGE
from helpers import FIXTURES, ROOT


def test_fixture_site_command_serves_until_stopped(tmp_path):

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "antara_crawler.tools.cli",
            "fixture-site",
            "--port",
            str(port),
            "--fixtures",
            str(FIXTURES),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "serving" in server.stderr.readline()
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/www.antaranews.com/rss/terkini.xml", timeout=10
        ) as answer:
            feed = answer.read().decode()
        assert feed.count("<item>") == 10 and "https://www.antaranews.com/berita/" in feed
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/www.antaranews.com/robots.txt", timeout=10) as answer:
            assert "Sitemap: https://www.antaranews.com/sitemap.xml" in answer.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()
    with socket.socket() as taken:  # a port something else already listens on
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = subprocess.run(
            [
                sys.executable,
                "-m",
                "antara_crawler.tools.cli",
                "fixture-site",
                "--port",
                str(port),
                "--fixtures",
                str(FIXTURES),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert busy.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in busy.stderr


def test_a_misspelled_spider_argument_stops_the_crawl_before_it_starts(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "antara",
            "-a",
            "site=jatim",
            "-a",
            "max_pages=abc",
            "-s",
            f"ANTARA_DB={tmp_path / 'a.db'}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == EXIT_USAGE
    assert done.stderr.strip().splitlines()[-2:] == [
        "antara_crawler: bad spider argument: unknown argument(s) site; known: url, urls_file, listing, sites, sources, since, until, refresh, max_pages, mirror, cdx, cdx_replay, cdx_warc",
        "antara_crawler: bad spider argument: max_pages: not a whole number of at least 1: 'abc'",
    ]
    assert not (tmp_path / "a.db").exists()  # nothing was started


CLI = [sys.executable, "-m", "antara_crawler.tools.cli"]
MAIN_JOB = [
    "--listing",
    "https://www.antaranews.com/terkini",
    "--max-pages",
    "1",
    "--urls-file",
    str(FIXTURES.parent / "fixtures" / "demo-urls.txt"),
]


def test_the_crawl_command_runs_from_any_folder_and_its_output_is_the_whole_archive(tmp_path):
    """The README's main job, run twice from a folder that is not the checkout: the second run finds
    nothing new, and the export is still every stored article (not just this run's items)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    command = [
        *CLI,
        "crawl",
        *MAIN_JOB,
        "--replay",
        str(FIXTURES),
        "--db",
        "antara.db",
        "--output",
        "articles.jsonl",
        "--quiet",
    ]
    for _ in range(2):
        done = subprocess.run(command, cwd=elsewhere, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "Traceback" not in done.stderr
        assert len((elsewhere / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 9
    runs = subprocess.run(
        [*CLI, "runs", "--db", "antara.db"], cwd=elsewhere, capture_output=True, text=True, timeout=60
    )
    first, second = (json.loads(line) for line in runs.stdout.splitlines())
    assert (first["new"], second["new"], second["mode"]) == (9, 0, "replay")
    assert second["args"]["arguments"]["max_pages"] == "1" and second["args"]["settings"]["ANTARA_REPLAY_DIR"] == str(
        FIXTURES
    )
    helped = subprocess.run([*CLI, "crawl", "--help"], cwd=elsewhere, capture_output=True, text=True, timeout=60)
    assert helped.returncode == 0 and "Example: antara-crawler crawl" in helped.stdout


def test_start_up_errors_are_one_line(tmp_path):
    done = subprocess.run(
        [*CLI, "crawl", "--replay", str(tmp_path / "missing"), "--db", str(tmp_path / "a.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == EXIT_USAGE
    assert done.stderr.strip().splitlines() == [
        f"antara_crawler: ANTARA_REPLAY_DIR={str(tmp_path / 'missing')!r} holds no saved pages (NAME.html + NAME.json with a url)"
    ]
    done = subprocess.run(
        [*CLI, "crawl", "--max-pages", "abc", "--db", str(tmp_path / "a.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (
        done.returncode == EXIT_USAGE
        and done.stderr.strip()
        == "antara_crawler: bad spider argument: max_pages: not a whole number of at least 1: 'abc'"
    )
    done = subprocess.run(
        [*CLI, "fixture-site", "--fixtures", str(tmp_path), "--port", "0"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1 and "no saved pages under" in done.stderr and "Traceback" not in done.stderr


def test_scrapy_parse_works_with_replay_and_mirror(site, tmp_path):
    url = (
        "https://www.antaranews.com/berita/4645921/china-tanggapi-penolakan-inggris-as-dalam-kesepakatan-global-soal-ai"
    )
    for extra in (["-s", f"ANTARA_REPLAY_DIR={FIXTURES}"], ["-a", f"mirror={site.base_url}"]):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "parse",
                "--spider",
                "antara",
                "-c",
                "parse_article",
                url,
                *extra,
                "-s",
                f"ANTARA_DB={tmp_path / 'a.db'}",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert "Traceback" not in done.stderr and "# Scraped Items" in done.stdout
        assert "'requested_url'" in done.stdout and "4645921" in done.stdout
    assert "/www.antaranews.com/berita/4645921/" in " ".join(site.requests)  # the mirror run asked the mirror


def test_a_csv_feed_writes_lists_as_json(site, tmp_path):
    feed = tmp_path / "items.csv"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "antara",
            "-a",
            "sites=www",
            "-a",
            f"mirror={site.base_url}",
            "-s",
            f"ANTARA_DB={tmp_path / 'a.db'}",
            "-s",
            "AUTOTHROTTLE_ENABLED=0",
            "-s",
            "DOWNLOAD_DELAY=0",
            "-O",
            str(feed),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    import csv

    rows = list(csv.DictReader(feed.open(encoding="utf-8")))
    assert rows and all(
        json.loads(r["reporters"]) == json.loads(r["reporters"]) and r["reporters"].startswith("[") for r in rows
    )
