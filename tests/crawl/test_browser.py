"""The browsable archive, in a real headless Chromium: `antara-crawler serve` (Datasette) over a store
of the fixture articles; search with a hyphenated word, open an article, read what is on the screen."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from antara_crawler.items import Article
from antara_crawler.process import process_page
from antara_crawler.store import ArticleStore
from helpers import fixtures

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture
def archive(tmp_path):
    """`antara-crawler serve` on a free port over a store of every fixture article; its base URL."""
    db = tmp_path / "archive.db"
    store = ArticleStore(str(db))
    store.store_articles([r for r in (process_page(s.page_input()) for s in fixtures()) if isinstance(r, Article)])
    store.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "antara_crawler.tools.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
            break
        except OSError:
            assert server.poll() is None, server.stderr.read()
            time.sleep(0.2)
    yield base + "/archive"
    server.terminate()
    server.wait(timeout=20)
    server.stderr.close()


def test_search_open_and_read_an_article_in_a_browser(archive, tmp_path):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is installed by .ci/run and the README's test command"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})

        page.goto(archive + "/search")  # the search form: words as typed, best first, matches marked
        page.fill("textarea[name=q], input[name=q]", "negara-negara")
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_load_state()
        page.screenshot(path=str(tmp_path / "search.png"))
        rows = page.locator("table.rows-and-columns tbody tr")
        assert rows.count() == 1
        assert "China tanggapi penolakan Inggris-AS" in rows.first.inner_text()
        assert page.locator("mark").first.inner_text() == "negara-negara"

        rows.first.locator("a", has_text="China tanggapi").click()  # the hit opens its article
        page.wait_for_load_state()
        page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
        assert (
            page.locator("article h1").inner_text()
            == "China tanggapi penolakan Inggris-AS dalam kesepakatan global soal AI"
        )
        assert page.locator("article .article-body p").count() == 15
        assert (
            page.locator("article .article-body p")
            .first.inner_text()
            .startswith("Pemerintah China menanggapi penolakan")
        )
        assert "Rabu (12/2) → 2025-02-12" in page.locator("article ul.mentions").inner_text()
        assert "Beijing" in page.locator(".antara-meta").inner_text()
        assert (
            page.locator("article .antara-credits").inner_text().count("Translators") == 0
        )  # nothing to show, not "[]"

        page.goto(archive + "/articles?_search=negara-negara")  # the table: searched, faceted, newest first
        assert "Desca Lidya Natalia" in page.locator(".facet-results").inner_text()
        assert page.locator("table.rows-and-columns tbody tr").count() == 1
        browser.close()


def test_canned_queries_and_the_atom_feed(archive):
    def get(path):
        with urllib.request.urlopen(archive + path, timeout=10) as answer:
            return answer.read().decode()

    assert "<feed" in get("/search_feed.atom?q=banjir")
    latest = get("/latest_per_site.json?_shape=array")
    assert '"site": "www"' in latest and '"site": "mataram"' in latest
    assert '"rows"' in get("/rejects_by_reason.json") and '"rows"' in get("/runs.json")
