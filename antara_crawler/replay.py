"""Offline replay: a downloader middleware that answers requests from saved pages in fixtures/.

On when the ANTARA_REPLAY_DIR setting names a folder. Each saved page there is NAME.html beside
NAME.json holding its original "url"; a request is answered by URL lookup in that index only,
so no path from a URL ever reaches the file system. Unknown URLs get a 404, counted.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response

from .sites import is_article_url


def replay_key(url: str) -> str:
    """host + path (+ query, except for article URLs whose query is tracking noise)."""
    parts = urlsplit(url)
    query = "" if is_article_url(url) or not parts.query else "?" + parts.query
    return f"{(parts.hostname or '').lower()}{parts.path.rstrip('/') or '/'}{query}"


def fixture_index(folder: str | Path) -> dict[str, Path]:
    """replay_key(original URL) → saved page, for every NAME.json + NAME.html under folder."""
    index = {}
    for meta_path in sorted(Path(folder).rglob("*.json")):
        page = meta_path.with_suffix(".html")
        try:
            url = json.loads(meta_path.read_text(encoding="utf-8")).get("url")
        except (ValueError, AttributeError):
            continue
        if url and page.is_file():
            index[replay_key(url)] = page
    return index


class ReplayMiddleware:
    def __init__(self, folder: str, stats):
        self.index = fixture_index(folder)
        if not self.index:
            raise ValueError(f"ANTARA_REPLAY_DIR={folder!r} holds no saved pages (NAME.html + NAME.json with a url)")
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        folder = crawler.settings.get("ANTARA_REPLAY_DIR")
        if not folder:
            raise NotConfigured
        return cls(folder, crawler.stats)

    def process_request(self, request):
        page = self.index.get(replay_key(request.url))
        if page is None:
            self.stats.inc_value("antara/replay/missing")
            return Response(request.url, status=404, request=request)
        self.stats.inc_value("antara/replay/served")
        return HtmlResponse(request.url, body=page.read_bytes(), encoding="utf-8", request=request)
