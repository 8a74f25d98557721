"""A local stand-in for the ANTARA sites: an HTTP server on 127.0.0.1 serving saved pages.

It is what `-a mirror=http://127.0.0.1:PORT` points the spider at: the spider asks for
/<host>/<path> (e.g. /www.antaranews.com/berita/4645921/slug) and gets the saved page whose
NAME.json names https://www.antaranews.com/berita/4645921/slug. Every request is logged in
`server.requests` so tests can count what a crawl cost.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .saved_pages import page_key, saved_page_index

ROBOTS = b"User-agent: *\nAllow: /\n"


class FixtureSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, folder: str | Path, port: int = 0, host: str = "127.0.0.1"):
        self.index = saved_page_index(folder)
        self.requests: list[str] = []
        super().__init__((host, port), _Handler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return thread


class _Handler(BaseHTTPRequestHandler):
    server: FixtureSite

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.server.requests.append(self.path)
        if self.path == "/robots.txt":
            return self._send(200, ROBOTS, "text/plain")
        host, _, rest = self.path.lstrip("/").partition("/")
        page = self.server.index.get(page_key(f"https://{host}/{rest}"))
        if page is None:
            return self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html")
        self._send(200, page.read_bytes(), "text/html; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - quiet: tests read server.requests instead
        pass
