"""A local stand-in for the ANTARA sites: an HTTP server on 127.0.0.1 built from fixtures/.

It is what `-a mirror=http://127.0.0.1:PORT` points the spider at: the spider asks for
/<host>/<path> (e.g. /www.antaranews.com/berita/4645921/slug) and gets what the real site
would serve at https://<host>/<path>:

- article pages: the saved pages, looked up by URL in the saved-page index;
- per site, made from the articles' reviewed publication times: robots.txt (with a Sitemap:
  line), the RSS feed, the paginated listing (`?page=N`, a few cards a page, newest first;
  the English site's cards show relative times as the real one does) and the sitemap.

Every request is logged in `server.requests`, so tests can count what a crawl cost, and a
page can be replaced (`server.replace_page`) to play a correction.

    antara-crawler fixture-site --port 8000
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..saved_pages import SavedPage, page_key, saved_pages
from ..sites import SITES, site_for, zone_name

ROBOTS = "User-agent: *\nDisallow: /search\n"
HOME = (
    '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>ANTARA News - Berita Indonesia Terkini</title>'
    '<link rel="canonical" href="https://{host}/"></head><body><h1>ANTARA News</h1>'
    '<p><a href="https://{host}/terkini">Berita terkini</a></p></body></html>'
)
BULAN = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()


@dataclass(frozen=True)
class Entry:
    url: str
    title: str
    published: datetime


def read_fixtures(folder: str | Path) -> tuple[dict[str, SavedPage], dict[str, list[Entry]]]:
    """(page_key → saved page, host → its articles newest first) from NAME.json + NAME.html."""
    pages: dict[str, SavedPage] = {}
    articles: dict[str, list[Entry]] = defaultdict(list)
    for saved in saved_pages(folder):
        pages[page_key(saved.url)] = saved
        expected = saved.meta.get("expected") or {}
        if expected.get("published_at") and "rejected" not in expected:
            host = urlsplit(saved.url).hostname or ""
            articles[host].append(Entry(saved.url, expected["title"], datetime.fromisoformat(expected["published_at"])))
    for entries in articles.values():
        entries.sort(key=lambda e: e.published, reverse=True)
    return pages, dict(articles)


class FixtureSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, folder: str | Path, port: int = 0, host: str = "127.0.0.1", page_size: int = 3):
        self.pages, self.articles = read_fixtures(folder)
        self.page_size = page_size
        self.replaced: dict[str, bytes] = {}
        self.requests: list[str] = []
        self.delay = 0.0  # seconds before each answer: a slow site
        # Fault injection for tests: "/<host><path>" → fault(handler, attempt); the fault answers
        # the request itself, or returns False to let the page be served normally
        self.faults: dict = {}
        self.attempts: dict[str, list[float]] = defaultdict(list)
        self.now = datetime.now(UTC)
        super().__init__((host, port), _Handler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def start_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return thread

    def replace_page(self, url: str, body: bytes) -> None:
        """Serve body at url from now on (a correction, a changed layout, ...)."""
        self.replaced[page_key(url)] = body

    def publish(self, url: str, title: str, published: datetime, body: bytes) -> None:
        """A new article on the site: served at url, and in its feed, listing and sitemap."""
        self.replace_page(url, body)
        entries = self.articles.setdefault(urlsplit(url).hostname or "", [])
        entries.append(Entry(url, title, published))
        entries.sort(key=lambda e: e.published, reverse=True)

    def article_requests(self) -> list[str]:
        return [p for p in self.requests if "/berita/" in p or "/news/" in p]

    # What the real site serves ---------------------------------------------------------------

    def respond(self, host: str, path: str, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
        url = f"https://{host}{path}" + ("?" + "&".join(f"{k}={v[0]}" for k, v in query.items()) if query else "")
        key = page_key(url)
        if key in self.replaced:
            return 200, self.replaced[key], "text/html; charset=utf-8"
        site = site_for(url)
        entries = self.articles.get(host, [])
        if path == "/robots.txt":
            return 200, f"{ROBOTS}Sitemap: https://{host}/sitemap.xml\n".encode(), "text/plain"
        if host in (s.host for s in SITES.values()):
            if path in site.feeds:
                return 200, self.rss(host, entries[:10]), "application/rss+xml; charset=utf-8"
            if path in site.listings:
                page = int((query.get("page") or ["1"])[0] or 1)
                return 200, self.listing(site.name, entries, page), "text/html; charset=utf-8"
            if path == "/sitemap.xml":
                return 200, self.sitemap(entries), "application/xml; charset=utf-8"
        saved = self.pages.get(key)
        if saved is None:
            return 404, b"<html><head><title>404 Not Found</title></head><body><h1>404</h1></body></html>", "text/html"
        return 200, saved.path.read_bytes(), saved.headers.get("content-type", "text/html")

    def rss(self, host: str, entries: list[Entry]) -> bytes:
        items = "".join(
            f"<item><title>{escape(e.title)}</title><link>{escape(e.url)}</link><guid>{escape(e.url)}</guid>"
            f"<pubDate>{format_datetime(e.published)}</pubDate></item>\n"
            for e in entries
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>ANTARA News - Terkini</title><link>https://{host}/</link><language>id</language>\n{items}</channel></rss>\n"
        ).encode()

    def card_time(self, site: str, moment: datetime) -> str:
        if site == "en":  # the English site's cards say how long ago
            days = (self.now - moment).days
            return f"{days} days ago" if days > 1 else "yesterday" if days == 1 else "1 hours ago"
        return f"{moment.day} {BULAN[moment.month - 1]} {moment.year} {moment:%H:%M} {zone_name(moment)}"

    def listing(self, site: str, entries: list[Entry], page: int) -> bytes:
        chosen = entries[(page - 1) * self.page_size : page * self.page_size] if page >= 1 else []
        cards = "\n".join(
            f'<article class="card__post"><div class="card__post__body"><h2 class="post_title">'
            f'<a href="{escape(e.url)}">{escape(e.title)}</a></h2>'
            f'<p class="small"><span class="text-secondary">{self.card_time(site, e.published)}</span></p></div></article>'
            for e in chosen
        )
        more = (
            f'<ul class="pagination"><li><a href="?page={page + 1}">{page + 1}</a></li></ul>'
            if page * self.page_size < len(entries)
            else ""
        )
        return (
            f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Berita Terkini - halaman {page}</title>'
            f"</head><body><main><h1>Berita Terkini</h1>\n{cards}\n{more}</main></body></html>"
        ).encode()

    def sitemap(self, entries: list[Entry]) -> bytes:
        urls = "".join(
            f"<url><loc>{escape(e.url)}</loc><lastmod>{e.published.isoformat()}</lastmod></url>\n" for e in entries
        )
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'.encode()


class _Handler(BaseHTTPRequestHandler):
    server: FixtureSite

    def do_GET(self):
        self.server.requests.append(self.path)
        if self.server.delay:
            time.sleep(self.server.delay)
        parts = urlsplit(self.path)
        self.server.attempts[parts.path].append(time.monotonic())
        fault = self.server.faults.get(parts.path)
        if fault and fault(self, len(self.server.attempts[parts.path])) is not False:
            return
        if parts.path == "/robots.txt":  # the mirror's own robots.txt, read by Scrapy's robots middleware
            return self._send(200, ROBOTS.encode(), "text/plain")
        host, _, rest = parts.path.lstrip("/").partition("/")
        if not rest and host:  # a site's home page
            return self._send(200, HOME.format(host=host).encode(), "text/html; charset=utf-8")
        status, body, content_type = self.server.respond(host.lower(), "/" + rest, parse_qs(parts.query))
        self._send(status, body, content_type)

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler went away (killed by a test): nothing to answer

    def log_message(self, format, *args):  # noqa: A002 - quiet: tests read server.requests instead
        pass
