"""What tests share: where things are, the fixtures as saved pages, and Scrapy components built in
process (Scrapy's own way: a Crawler with the project's settings, the spider created before the
settings are applied, as Crawler.crawl does)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from antara_crawler.saved_pages import SavedPage, saved_pages

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REAL_PAGES = ROOT.parent / "shared" / "antara-real"
SEED = FIXTURES / "current-2019" / "www-2025-02-12-seed-china-ai.html"
SEED_URL = (
    "https://www.antaranews.com/berita/4645921/china-tanggapi-penolakan-inggris-as-dalam-kesepakatan-global-soal-ai"
)


def fixtures() -> list[SavedPage]:
    """Every saved page with an expected output."""
    return [s for s in saved_pages(FIXTURES) if "expected" in s.meta]


def fixture(path: Path) -> SavedPage:
    return next(s for s in fixtures() if s.path == path)


def expected_articles(sites: set[str] | None = None) -> list[dict]:
    """The reviewed expected items of every article fixture (optionally of some sites)."""
    return [
        s.meta["expected"]
        for s in fixtures()
        if "rejected" not in s.meta["expected"] and (not sites or s.meta["expected"]["site"] in sites)
    ]


def make_crawler(settings: dict[str, Any] | None = None, **spider_args: str) -> Any:
    """A Crawler of the antara spider with the project's settings (and these), its spider created
    with these arguments, components built; no engine, no network."""
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings
    from scrapy.utils.test import get_reactor_settings

    from antara_crawler.spiders.antara import AntaraSpider

    base = Settings()
    base.setmodule("antara_crawler.settings", priority="project")
    base.setdict({"LOG_LEVEL": "WARNING", **get_reactor_settings(), **(settings or {})}, priority="cmdline")
    crawler = Crawler(AntaraSpider, base)
    crawler.spider = crawler._create_spider(**spider_args)
    crawler._apply_settings()
    return crawler
