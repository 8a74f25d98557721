"""The `antara` spider: discovery → requests → parse. No extraction logic lives here.

    scrapy crawl antara                                   # www: RSS + /terkini, new articles only
    scrapy crawl antara -a sites=www,en,jatim -a sources=rss,listing,sitemap
    scrapy crawl antara -a sites=all -a since=2025-02-01 -a until=2025-02-28 -a sources=listing
    scrapy crawl antara -a refresh=1d                     # re-fetch articles younger than a day
    scrapy crawl antara -a url=https://www.antaranews.com/berita/4645921/slug
    scrapy crawl antara -a urls_file=urls.txt
    scrapy crawl antara -a listing=https://www.antaranews.com/politik
    scrapy crawl antara ... -a mirror=http://127.0.0.1:8000   (fetch https://<host>/<path> from <mirror>/<host>/<path>)
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.exceptions import IgnoreRequest

from ..items import FetchFailure
from ..normalize.dates import parse_listing_time
from ..parsing import parse_page
from ..parsing.feeds import parse_rss, parse_sitemap, rfc822_to_iso, sitemaps_in_robots
from ..parsing.listing import parse_listing
from ..parsing.page import decode_html
from ..sites import ROOT_DOMAIN, article_id_from_url, canonical_url, is_article_url, parse_sites, site_for, site_name
from ..store import ArticleStore
from ..window import Window, parse_duration

_SEPARATORS = re.compile(r"[\s,]+")
# Times seen before fetching (listing cards, "2 days ago", feeds) are hints: an article is skipped
# or paging stopped only when it is outside the window by more than this. The exact check runs
# on the parsed article (WindowPipeline).
DISCOVERY_SLACK = timedelta(days=1)
SOURCES = ("rss", "listing", "sitemap")


def split_urls(value: str | None) -> list[str]:
    """URLs from one spider argument: separated by commas or whitespace."""
    return [u for u in _SEPARATORS.split(value or "") if u]


class AntaraSpider(scrapy.Spider):
    name = "antara"
    allowed_domains = [ROOT_DOMAIN]

    def __init__(
        self, url=None, urls_file=None, listing=None, sites=None, sources=None, since=None, until=None,
        refresh=None, max_pages=None, mirror=None, *args, **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.article_urls = split_urls(url)
        if urls_file:
            lines = Path(urls_file).read_text(encoding="utf-8").splitlines()
            self.article_urls += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
        self.listings = split_urls(listing)
        rejected = [u for u in self.article_urls + self.listings if site_name(u) is None]
        if rejected:
            raise ValueError(f"not ANTARA URLs (expected *.{ROOT_DOMAIN}): {', '.join(rejected)}")
        explicit = self.article_urls or self.listings
        self.sites = parse_sites(sites) if sites or not explicit else []
        self.sources = [s.strip() for s in (sources or ("" if explicit and not sites else "rss,listing")).split(",") if s.strip()]
        unknown = set(self.sources) - set(SOURCES)
        if unknown:
            raise ValueError(f"unknown source(s) {', '.join(sorted(unknown))}; known: {', '.join(SOURCES)}")
        self.now = datetime.now(timezone.utc)
        self.window = Window.parse(since, until, self.now)
        self.refresh = parse_duration(refresh) if refresh else None
        # A backfill pages until the window's start; an incremental run stops at the first page it knows
        self.max_pages = int(max_pages) if max_pages else (1000 if self.window.since else 10)
        self.mirror = urlsplit(mirror) if mirror else None
        if self.mirror:
            self.allowed_domains = [ROOT_DOMAIN, self.mirror.hostname]
        self.requested: set[tuple[str, str]] = set()
        self.store: ArticleStore | None = None
        self.catch_up = False

    async def start(self):
        live = not self.mirror and not self.settings.get("ANTARA_REPLAY_DIR")
        if live and "contact not set" in self.settings.get("USER_AGENT", ""):
            self.logger.warning("crawling the live site with no contact in the User-Agent: set -s USER_AGENT='antara_crawler/... (+mailto:you@example.org)'")
        self.store = ArticleStore(self.settings.get("ANTARA_DB", "antara.db"))
        # After a killed or failed run, unstored articles may hide behind pages of known ones
        self.catch_up = self.store.previous_run_failed(os.getpid())
        if self.catch_up:
            self.logger.info("the last run did not finish cleanly: paging past known articles to catch up")
        for url in self.article_urls:
            yield self.request(url, self.parse_article)
        for url in self.listings:
            yield self.request(url, self.parse_listing, page=1)
        for site in self.sites:
            if "rss" in self.sources:
                for path in site.feeds:
                    yield self.request(site.url(path), self.parse_feed)
            if "listing" in self.sources:
                for path in site.listings:
                    yield self.request(site.url(path), self.parse_listing, page=1)
            if "sitemap" in self.sources:
                yield self.request(site.url("/robots.txt"), self.parse_robots)

    def closed(self, reason):
        if self.store:
            self.store.close()

    def request(self, url: str, callback, **cb_kwargs) -> scrapy.Request:
        """A request for an ANTARA URL; with a mirror, sent to <mirror>/<host>/<path> instead."""
        fetch = url
        if self.mirror:
            parts = urlsplit(url)
            path = f"{self.mirror.path.rstrip('/')}/{parts.hostname}{parts.path}"
            fetch = urlunsplit((self.mirror.scheme, self.mirror.netloc, path, parts.query, ""))
        return scrapy.Request(fetch, callback, errback=self.fetch_failed, cb_kwargs={"source_url": url, **cb_kwargs})

    def real_url(self, fetched: str) -> str:
        """The ANTARA URL a fetched (possibly mirrored, possibly redirected) URL stands for."""
        if not self.mirror:
            return fetched
        parts, base = urlsplit(fetched), self.mirror.path.rstrip("/")
        if parts.netloc != self.mirror.netloc or not parts.path.startswith(base + "/"):
            return fetched
        host, _, rest = parts.path[len(base) + 1 :].partition("/")
        return urlunsplit(("https", host, "/" + rest, parts.query, ""))

    # Discovery ------------------------------------------------------------------------------

    def is_known(self, url: str) -> bool:
        """Stored already, and not young enough for a refresh."""
        seen = self.store.seen(site_for(url).name, article_id_from_url(url))
        if seen is None:
            return False
        if self.refresh and seen["published_utc"]:
            return datetime.fromisoformat(seen["published_utc"]) < self.now - self.refresh
        return True

    def discovered(self, url: str, when: datetime | None) -> tuple[str, scrapy.Request | None]:
        """What to do with a discovered article URL: ('fetch', request), or ('known' | 'outside' |
        'again', None) when it is stored already, out of the window, or asked for earlier in this run."""
        self.crawler.stats.inc_value("antara/discovered")
        url = canonical_url(url)
        key = (site_for(url).name, article_id_from_url(url))
        if key in self.requested:
            return "again", None
        if when and not self.window.contains(when, DISCOVERY_SLACK):
            self.crawler.stats.inc_value("antara/skipped/outside_window")
            return "outside", None
        if self.is_known(url):
            self.crawler.stats.inc_value("antara/skipped/known")
            return "known", None
        self.requested.add(key)
        return "fetch", self.request(url, self.parse_article)

    def parse_feed(self, response, source_url: str):
        tz = site_for(source_url).tz
        for entry in parse_rss(response.body):
            if is_article_url(entry.url):
                iso = rfc822_to_iso(entry.published)
                _, request = self.discovered(entry.url, datetime.fromisoformat(iso).astimezone(tz) if iso else None)
                if request:
                    yield request

    def parse_listing(self, response, source_url: str, page: int):
        tz = site_for(source_url).tz
        entries = parse_listing(response.body, source_url)
        times = [parse_listing_time(e.time_text, tz, self.now) for e in entries]
        outcomes = []
        for entry, when in zip(entries, times):
            outcome, request = self.discovered(entry.url, when)
            outcomes.append(outcome)
            if request:
                yield request
        if self.next_page_wanted(times, outcomes, page):
            parts = urlsplit(source_url)
            yield self.request(urlunsplit((*parts[:3], f"page={page + 1}", "")), self.parse_listing, page=page + 1)

    def next_page_wanted(self, times: list[datetime | None], outcomes: list[str], page: int) -> bool:
        """Page on unless: the page is empty, the page limit is reached, a whole page is older than
        the window (cards give times), or, in an incremental run after a clean one, every card was
        already stored."""
        if not outcomes or page >= self.max_pages:
            return False
        if self.window.since and all(t is not None and self.window.before(t, DISCOVERY_SLACK) for t in times):
            self.crawler.stats.inc_value("antara/paging/stopped_before_window")
            return False
        if not self.window.since and not self.catch_up and all(o == "known" for o in outcomes):
            self.crawler.stats.inc_value("antara/paging/stopped_all_known")
            return False
        return True

    def parse_robots(self, response, source_url: str):
        for url in sitemaps_in_robots(response.text):
            if site_name(url):
                yield self.request(url, self.parse_sitemap)

    def parse_sitemap(self, response, source_url: str):
        kind, entries = parse_sitemap(response.body)
        for entry in entries:
            modified = datetime.fromisoformat(entry.published) if entry.published else None
            if modified and self.window.before(modified.astimezone(site_for(source_url).tz), DISCOVERY_SLACK):
                continue  # modified before the window opened: published before it too
            if kind == "sitemapindex" and site_name(entry.url):
                yield self.request(entry.url, self.parse_sitemap)
            elif kind == "urlset" and is_article_url(entry.url):
                _, request = self.discovered(entry.url, None)
                if request:
                    yield request

    # Articles -------------------------------------------------------------------------------

    def parse_article(self, response, source_url: str):
        self.crawler.stats.inc_value("antara/fetched")
        url = self.real_url(response.url)  # after redirects
        text = decode_html(response.body, getattr(response, "encoding", None))
        raw = parse_page(text, url, datetime.now(timezone.utc))
        raw.html = response.body
        if response.meta.get("redirect_urls"):
            raw.redirected_from = source_url
        yield raw

    def fetch_failed(self, failure):
        """Record what could not be fetched (after retries) instead of losing it silently."""
        request = failure.request
        response = getattr(failure.value, "response", None)
        source = request.cb_kwargs.get("source_url", request.url)
        if failure.check(IgnoreRequest) and response is None:
            # robots.txt, an off-site redirect, a page over DOWNLOAD_MAXSIZE (a decompression bomb too)
            self.crawler.stats.inc_value("antara/ignored")
            yield FetchFailure(source, "ignored", str(failure.value)[:500])
            return
        self.crawler.stats.inc_value("antara/errors")
        if response is not None:
            reason = "gone" if response.status in (404, 410) else f"http {response.status}"
            detail = f"HTTP {response.status} from {self.real_url(response.url)}"
        else:
            reason, detail = type(failure.value).__name__, str(failure.value)[:500]
        yield FetchFailure(source, reason, detail)
