"""Offline replay: a downloader middleware that answers requests from saved pages (fixtures/).

On when the ANTARA_REPLAY_DIR setting names a folder. It sits where the network would be
(after robots.txt, retry and redirect handling), so a replayed crawl runs the same code path as
a live one. Unknown URLs get a 404, counted in the stats as antara/replay/missing.
"""

from __future__ import annotations

from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response

from .saved_pages import page_key, saved_page_index


class ReplayMiddleware:
    def __init__(self, folder: str, stats):
        self.index = saved_page_index(folder)
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
        page = self.index.get(page_key(request.url))
        if page is None:
            self.stats.inc_value("antara/replay/missing")
            return Response(request.url, status=404, request=request)
        self.stats.inc_value("antara/replay/served")
        return HtmlResponse(request.url, body=page.read_bytes(), encoding="utf-8", request=request)
