"""The command line as separate processes: the fixture site served until stopped, a bad spider argument."""

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
        "antara_crawler: bad spider argument: unknown argument(s) site; known: url, urls_file, listing, sites, sources, since, until, refresh, max_pages, mirror",
        "antara_crawler: bad spider argument: max_pages: not a whole number of at least 1: 'abc'",
    ]
    assert not (tmp_path / "a.db").exists()  # nothing was started
