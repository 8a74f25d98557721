"""The `antara` spider: discovery → requests → pages. No extraction logic lives here: article pages
leave as PageInput items for the pipelines (process_page); every URL it touches enters the run's books.

    scrapy crawl antara                                   # www: RSS + /terkini, new articles only
    scrapy crawl antara -a sites=www,en,jatim -a sources=rss,listing,sitemap
    scrapy crawl antara -a sites=all -a since=2025-02-01 -a until=2025-02-28 -a sources=listing
    scrapy crawl antara -a refresh=1d                     # re-fetch articles younger than a day
    scrapy crawl antara -a url=https://www.antaranews.com/berita/4645921/slug
    scrapy crawl antara -a urls_file=urls.txt
    scrapy crawl antara -a listing=https://www.antaranews.com/politik
    scrapy crawl antara ... -a mirror=http://127.0.0.1:8000   (fetch https://<host>/<path> from <mirror>/<host>/<path>)
    scrapy crawl antara -a cdx=https://web.archive.org/cdx/search/cdx -a since=2025-02-01 -a until=2025-02-28
                                                          (the articles a web archive captured: archives.py)
"""

from __future__ import annotations

import functools
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure
from w3lib.url import add_or_replace_parameter, url_query_cleaner

from ..archives import Capture, cdx_query, latest_captures, page_count, parse_cdx, range_page, replay_url, warc_range
from ..crawl import signals as antara_signals
from ..crawl.distributed import SharedStored
from ..crawl_args import CrawlArgs
from ..items import Reject, error_digest
from ..normalize.dates import parse_listing_time
from ..parsing.discovery import (
    FeedEntry,
    ListingEntry,
    parse_listing,
    parse_rss,
    parse_sitemap,
    rfc822_time,
    sitemaps_in_robots,
    w3c_time,
)
from ..parsing.page import PageInput, decode_page, utc_now
from ..sites import ROOT_DOMAIN, article_id_from_url, canonical_url, is_article_url, site_for, site_name
from ..store import ArticleStore
from ..window import Window

# Times seen before fetching (listing cards, "2 days ago", feeds) are hints: an article is skipped
# or paging stopped only when it is outside the window by more than this. The exact check runs
# on the parsed article (WindowPipeline).
DISCOVERY_SLACK = timedelta(days=1)
T = TypeVar("T")
KEPT_HEADERS = ("content-type", "content-language", "last-modified", "date")
REPLAYED = re.compile(r"^(\d{4,14})[a-z]{0,2}_/(?P<url>https?://.+)$")  # <timestamp>id_/<url> under a replay prefix


@dataclass
class Paging:
    """One listing source's pages in this run: the newest and oldest article ids seen, the last page's URLs."""

    top: int | None = None
    low: int | None = None
    previous: tuple[str, ...] = ()


def next_page_wanted(
    window: Window,
    times: list[datetime | None],
    outcomes: list[str],
    page: int,
    max_pages: int,
    watermark: int | None,
    ids: list[int],
    repeated: bool,
) -> str | None:
    """Why paging stops after this listing page, or None to go on: the page is empty or repeats the
    last one (a listing that ignores ?page=), the page limit is reached, a whole page is older than
    the window (cards give times), or, in an incremental run, every card was stored already and the
    page reaches down to where the last completed run began (the source's watermark). With no
    watermark (never completed, or the last run was killed before it completed) paging goes on."""
    if not outcomes:
        return "empty"
    if repeated:
        return "repeated"
    if page >= max_pages:
        return "max_pages"
    if window.since and all(t is not None and window.before(t, DISCOVERY_SLACK) for t in times):
        return "before_window"
    caught_up = watermark is not None and bool(ids) and min(ids) <= watermark
    if not window.since and caught_up and all(o == "known" for o in outcomes):
        return "all_known"
    return None


def local_time(moment: datetime | None, tz: tzinfo) -> datetime | None:
    """A discovery time in a site's zone; None when it is too far out to convert (year 9999)."""
    try:
        return moment.astimezone(tz) if moment else None
    except OverflowError:
        return None


def discovery_page(callback: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """A discovery callback (feed, listing, sitemap, robots.txt) whose failure is its page's one
    recorded outcome, a parse Reject, never a page that silently vanished from the books."""

    @functools.wraps(callback)
    def guarded(self: AntaraSpider, response: Response, source_url: str, *args: Any, **kwargs: Any) -> Iterator[Any]:
        try:
            yield from callback(self, response, source_url, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - whatever it was, it is recorded with its page
            yield Reject(source_url, "parse", f"error: {type(exc).__name__}", error_digest(exc))

    return guarded


def response_headers(response: Response) -> dict[str, str]:
    return {name: value.decode("latin-1") for name in KEPT_HEADERS if (value := response.headers.get(name))}


class AntaraSpider(scrapy.Spider):
    name = "antara"

    def __init__(self, **kwargs: Any):
        super().__init__()
        self.args = CrawlArgs.parse(kwargs)
        self.mirror = urlsplit(self.args.mirror) if self.args.mirror else None
        elsewhere = (self.args.mirror, self.args.cdx, self.args.cdx_replay, self.args.cdx_warc)
        self.allowed_domains = [ROOT_DOMAIN, *{urlsplit(url).hostname or "" for url in elsewhere if url}]
        self.asked: set[str] = set()  # every URL requested in this run: a second time is "again"
        self.store: ArticleStore | SharedStored | None = None
        self.watermarks: dict[str, int] = {}
        self.paging: dict[str, Paging] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> AntaraSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # The pipelines and the run record read the window and the arguments from the settings
        # (spiders may change settings until the crawler applies them: scrapy/scrapy#6038)
        crawler.settings.setdict(spider.args.settings(), priority="spider")
        return spider

    async def start(self) -> AsyncIterator[Any]:
        live = not self.mirror and not self.settings.get("ANTARA_REPLAY_DIR")
        if live and "contact not set" in self.settings.get("USER_AGENT", ""):
            self.logger.warning(
                "crawling the live site with no contact in the User-Agent: set -s USER_AGENT='antara_crawler/... (+mailto:you@example.org)'"
            )
        redis = self.settings.get("ANTARA_REDIS_URL")  # distributed: what is stored is known in Redis
        self.store = SharedStored(redis) if redis else ArticleStore.from_settings(self.settings)
        self.watermarks = self.store.watermarks()
        for request in self.first_requests():
            # one at a time while the crawl has work (Scrapy's "delaying start request iteration"):
            # a list of 100,000 URLs never sits in the scheduler, only its next few requests do
            if self.crawler.engine.needs_backout():
                await self.crawler.signals.wait_for(signals.scheduler_empty)
            yield request

    def first_requests(self) -> Iterator[scrapy.Request]:
        for url in self.args.article_urls:
            yield from self.article(url)
        for url in self.args.listings:
            yield from self.discovery(url, self.parse_listing, page=1)
        for site in self.args.sites:
            if "rss" in self.args.sources:
                for path in site.feeds:
                    yield from self.discovery(site.url(path), self.parse_feed)
            if "listing" in self.args.sources:
                for path in site.listings:
                    yield from self.discovery(site.url(path), self.parse_listing, page=1)
            if "sitemap" in self.args.sources:
                yield from self.discovery(site.url("/robots.txt"), self.parse_robots)
            if "cdx" in self.args.sources and self.args.cdx:
                query = cdx_query(self.args.cdx, site, self.args.window)
                yield from self.discovery(f"{query}&showNumPages=true", self.parse_cdx_pages, query=query)

    def closed(self, reason: str) -> None:
        if self.store:
            self.store.close()

    # Requests and the books -------------------------------------------------------------------

    def tell(self, signal: object, **kwargs: Any) -> None:
        self.crawler.signals.send_catch_log(signal, **kwargs)

    def request(
        self, url: str, callback: Callable, kind: str, fetch: dict[str, Any] | None = None, **cb_kwargs: Any
    ) -> Iterator[scrapy.Request]:
        """A request for an ANTARA URL, entered in the books (or settled as "again" if this run asked
        for it already: an article under any spelling of its site and id); with a mirror, sent to
        <mirror>/<host>/<path> instead; `fetch` overrides how (an archived capture's URL, headers, meta)."""
        key = asked_key(url)
        if key in self.asked:
            self.tell(antara_signals.url_skipped, url=url, outcome="skipped/again")
            return
        self.asked.add(key)
        self.tell(antara_signals.url_requested, url=url, kind=kind)
        how: dict[str, Any] = {"url": url, **(fetch or {})}
        if self.mirror:
            parts = urlsplit(url)
            path = f"{self.mirror.path.rstrip('/')}/{parts.hostname}{parts.path}"
            how["url"] = urlunsplit((self.mirror.scheme, self.mirror.netloc, path, parts.query, ""))
        # antara_url: what the run's books know the request by, through redirects (crawl/extensions.py)
        meta = {"antara_url": url, "antara_kind": kind, **how.pop("meta", {})}
        yield scrapy.Request(
            callback=callback, errback=self.fetch_failed, cb_kwargs={"source_url": url, **cb_kwargs}, meta=meta, **how
        )

    def claim(self, url: str) -> None:
        """A request this run took from a shared frontier (distributed mode): asked for by this run."""
        self.asked.add(asked_key(url))

    def article(self, url: str, capture: Capture | None = None) -> Iterator[scrapy.Request]:
        fetch: dict[str, Any]
        if capture is None:
            yield from self.request(canonical_url(url), self.parse_article, "article")
        elif self.args.cdx_replay:  # the original bytes from the archive's replay, as captured then
            meta = {"antara_fetched_at": capture.captured_at}
            fetch = {"url": replay_url(self.args.cdx_replay, capture), "meta": meta}
            yield from self.request(canonical_url(url), self.parse_article, "article", fetch)
        else:  # the capture's WARC record, by range (the dupefilter ignores headers: never filter these)
            assert self.args.cdx_warc
            warc_url, byte_range = warc_range(self.args.cdx_warc, capture)
            fetch = {"url": warc_url, "headers": {"Range": byte_range}, "dont_filter": True}
            record = f"{warc_url}#{capture.offset}"
            yield from self.request(canonical_url(url), self.parse_warc_record, "article", fetch, record=record)

    def discovery(self, url: str, callback: Callable, **cb_kwargs: Any) -> Iterator[scrapy.Request]:
        yield from self.request(url, callback, "discovery", **cb_kwargs)

    def read(self, source_url: str) -> None:
        """A discovery page's outcome, once its links have been followed."""
        self.tell(antara_signals.url_ended, url=source_url, outcome="read")

    def real_url(self, fetched: str) -> str:
        """The ANTARA URL a fetched (possibly mirrored, replayed or redirected) URL stands for."""
        replay = (self.args.cdx_replay or "").rstrip("/") + "/"
        if self.args.cdx_replay and fetched.startswith(replay) and (found := REPLAYED.match(fetched[len(replay) :])):
            return found["url"]
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
        assert self.store is not None
        seen = self.store.seen(site_for(url).name, article_id_from_url(url) or "")
        if seen is None:
            return False
        if self.args.refresh and seen["published_utc"]:
            return datetime.fromisoformat(seen["published_utc"]) < self.args.now - self.args.refresh
        return True

    def discovered(
        self, url: str, when: datetime | None, capture: Capture | None = None
    ) -> tuple[str, list[scrapy.Request]]:
        """What to do with a discovered article URL (or a web archive's capture of one): ('fetch',
        [request]), or ('known' | 'outside' | 'again', []) when it is stored already, out of the
        window, or asked for earlier in this run."""
        self.crawler.stats.inc_value("antara/discovered")
        url = canonical_url(url)
        if asked_key(url) in self.asked:
            self.tell(antara_signals.url_skipped, url=url, outcome="skipped/again")
            return "again", []
        if when and not self.args.window.contains(when, DISCOVERY_SLACK):
            self.tell(antara_signals.url_skipped, url=url, outcome="skipped/outside_window")
            return "outside", []
        if self.is_known(url):
            self.tell(antara_signals.url_skipped, url=url, outcome="skipped/known")
            return "known", []
        return "fetch", list(self.article(url, capture))

    def links(self, source_url: str, found: int) -> None:
        """How many links a discovery source gave: a feed or listing that gives none is a drift alarm (health.py)."""
        self.crawler.stats.set_value(f"antara/links/{source_url}", found)

    def each(self, source_url: str, entries: Iterable[T], handle: Callable[[T], Iterable[Any]]) -> Iterator[Any]:
        """handle(entry) for each entry of a discovery page; a bad entry (a link that is not a URL, a
        date in year 9999) is counted, logged and skipped: it never costs the page its good ones."""
        for entry in entries:
            try:
                results = list(handle(entry))
            except Exception as exc:  # noqa: BLE001 - one entry's failure, whatever it is, stays its own
                self.crawler.stats.inc_value("antara/discovery/bad_entries")
                self.logger.warning(
                    "skipped a bad entry of %s: %r (%s: %s)", source_url, entry, type(exc).__name__, exc
                )
                continue
            yield from results

    @discovery_page
    def parse_feed(self, response: Response, source_url: str) -> Iterator[scrapy.Request]:
        tz = site_for(source_url).tz

        def entry(found: FeedEntry) -> list[scrapy.Request]:
            return (
                self.discovered(found.url, local_time(rfc822_time(found.published), tz))[1]
                if is_article_url(found.url)
                else []
            )

        entries = parse_rss(response.body)
        self.links(source_url, len(entries))
        yield from self.each(source_url, entries, entry)
        self.read(source_url)

    @discovery_page
    def parse_listing(self, response: Response, source_url: str, page: int) -> Iterator[scrapy.Request]:
        site = site_for(source_url)
        root = remove_parameter(source_url, "page")
        paging = self.paging.setdefault(root, Paging())
        text, _ = decode_page(response.body, (response.headers.get("Content-Type") or b"").decode("latin-1") or None)
        entries = parse_listing(text, source_url)
        if page == 1:
            self.links(source_url, len(entries))
        times: list[datetime | None] = []
        outcomes: list[str] = []

        def entry(found: ListingEntry) -> list[scrapy.Request]:
            when = parse_listing_time(found.time_text, site.tz, self.args.now)
            outcome, requests = self.discovered(found.url, when)
            times.append(when)
            outcomes.append(outcome)
            return requests

        yield from self.each(source_url, entries, entry)
        ids = [int(i) for e in entries if (i := article_id_from_url(e.url))]
        urls = tuple(e.url for e in entries)
        repeated, paging.previous = bool(urls) and urls == paging.previous, urls
        if ids:
            paging.top = max(ids) if paging.top is None else max(paging.top, max(ids))
            paging.low = min(ids) if paging.low is None else min(paging.low, min(ids))
        watermark = self.watermarks.get(root)
        stop = next_page_wanted(self.args.window, times, outcomes, page, self.args.max_pages, watermark, ids, repeated)
        if stop:
            self.crawler.stats.inc_value(f"antara/paging/stopped/{stop}")
            self.paging_done(root, site.name, paging, watermark)
        else:
            next_url = add_or_replace_parameter(source_url, "page", str(page + 1))  # the query (?q=) stays
            yield from self.discovery(next_url, self.parse_listing, page=page + 1)
        self.read(source_url)

    def paging_done(self, root: str, site: str, paging: Paging, watermark: int | None) -> None:
        """A source whose paging reached down to its watermark (or that has none yet) is complete up
        to the newest id seen: its watermark moves there when the run ends well (crawl/extensions.py)."""
        if paging.top is None:
            return
        if watermark is None or (paging.low is not None and paging.low <= watermark):
            self.tell(antara_signals.discovery_complete, source=root, site=site, article_id=paging.top)
        else:
            self.logger.warning(
                "%s: paging stopped at id %s, above where the last completed run began (%s): the next run "
                "pages on from the top; raise max_pages or run a backfill with since= to close the gap sooner",
                root,
                paging.low,
                watermark,
            )

    @discovery_page
    def parse_robots(self, response: Response, source_url: str) -> Iterator[scrapy.Request]:
        def entry(url: str) -> Iterator[scrapy.Request]:
            return self.discovery(url, self.parse_sitemap) if site_name(url) else iter(())

        yield from self.each(source_url, sitemaps_in_robots(response.body.decode("utf-8", "replace")), entry)
        self.read(source_url)

    @discovery_page
    def parse_sitemap(self, response: Response, source_url: str) -> Iterator[scrapy.Request]:
        kind, entries = parse_sitemap(response.body)
        self.links(source_url, len(entries))
        tz = site_for(source_url).tz

        def entry(found: FeedEntry) -> Iterable[scrapy.Request]:
            modified = local_time(w3c_time(found.published), tz)
            if modified and self.args.window.before(modified, DISCOVERY_SLACK):
                return []  # modified before the window opened: published before it too
            if kind == "sitemapindex" and site_name(found.url):
                return self.discovery(found.url, self.parse_sitemap)
            if kind == "urlset" and is_article_url(found.url):
                return self.discovered(found.url, None)[1]
            return []

        yield from self.each(source_url, entries, entry)
        self.read(source_url)

    @discovery_page
    def parse_cdx_pages(self, response: Response, source_url: str, query: str) -> Iterator[Any]:
        """A CDX server's page count: a request for each page. A server that pages nothing answers with
        captures instead (pywb over a CDXJ index, and without applying from/to): the query is then
        asked once, unpaged."""
        pages = page_count(response.body)
        for page in range(pages) if pages is not None else [None]:
            yield from self.discovery(query if page is None else f"{query}&page={page}", self.parse_cdx)
        self.read(source_url)

    @discovery_page
    def parse_cdx(self, response: Response, source_url: str) -> Iterator[Any]:
        yield from self.captures(source_url, response.body)
        self.read(source_url)

    def captures(self, source_url: str, body: bytes) -> Iterator[scrapy.Request]:
        """Each article's newest capture in a CDX answer (status 200, HTML), fetched from the archive."""
        captures, bad = parse_cdx(body)
        if bad:  # counted and skipped, as a feed's bad entries: the good lines still count
            self.crawler.stats.inc_value("antara/discovery/bad_entries", bad)
            self.logger.warning("skipped %d CDX line(s) of %s that are not captures", bad, source_url)
        found = latest_captures(captures)
        self.crawler.stats.inc_value("antara/cdx/captures", len(found))
        yield from self.each(source_url, found, lambda capture: self.discovered(capture.url, None, capture)[1])

    # Articles -------------------------------------------------------------------------------

    def parse_article(self, response: Response, source_url: str | None = None) -> Iterator[PageInput]:
        yield PageInput(
            url=self.real_url(response.url),  # after redirects
            body=response.body,
            fetched_at=response.meta.get("antara_fetched_at") or utc_now(),
            headers=response_headers(response),
            requested_url=source_url or response.url,
            source=response.url if self.args.cdx_replay else None,  # a web archive's replay of the page
        )

    def parse_warc_record(self, response: Response, source_url: str, record: str) -> Iterator[PageInput | Reject]:
        """A capture's WARC record fetched by range from a web archive's files (Common Crawl's)."""
        if response.status != 206:
            yield Reject(source_url, "fetch", "no range", f"HTTP {response.status} for a byte range of {record}")
            return
        try:
            page = range_page(response.body, source_url, record)
        except Exception as exc:  # noqa: BLE001 - a corrupt record is this page's outcome, not a lost page
            yield Reject(source_url, "fetch", "bad warc record", f"{record}: {error_digest(exc)}")
            return
        if page is None:
            yield Reject(source_url, "fetch", "not a capture", f"{record} is not a 200 response record")
        else:
            yield page

    def fetch_failed(self, failure: Failure) -> Iterator[Reject]:
        """What could not be fetched (after retries) becomes a Reject: recorded, never lost silently."""
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        source = request.cb_kwargs.get("source_url", request.url)
        if failure.check(IgnoreRequest) and response is None:
            # robots.txt, an off-site redirect, a page over DOWNLOAD_MAXSIZE (a decompression bomb too)
            yield Reject(source, "fetch", "ignored", str(failure.value)[:500])
        elif response is not None:
            reason = "gone" if response.status in (404, 410) else f"http {response.status}"
            yield Reject(source, "fetch", reason, f"HTTP {response.status} from {self.real_url(response.url)}")
        else:
            yield Reject(source, "fetch", type(failure.value).__name__, str(failure.value)[:500])


def remove_parameter(url: str, name: str) -> str:
    """The URL without one query parameter (the others, and their order, stay)."""
    return url_query_cleaner(url, [name], remove=True, keep_fragments=True)


def asked_key(url: str) -> str:
    """What makes two requests the same: an article's site and id (the slug is decoration), else the URL."""
    article_id = article_id_from_url(url)
    return f"{site_name(url)}/{article_id}" if article_id else url
