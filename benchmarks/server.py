"""A keep-alive HTTP server (Twisted) for the crawl benchmarks, in a process of its own:
/<host>/berita/<id>/<slug> answers a real-size article page (benchmarks/pages.py) for any id,
/robots.txt allows everything. Prints the port it listens on, then serves until killed.

    python -m benchmarks.server [--port 0]
"""

from __future__ import annotations

import argparse
import re

from twisted.internet import reactor
from twisted.web import resource, server

from .pages import Generator

_ARTICLE = re.compile(rb"^/[a-z.]+/berita/(\d+)/")


class Pages(resource.Resource):
    isLeaf = True  # noqa: N815 - Twisted's name

    def __init__(self) -> None:
        super().__init__()
        self.generator = Generator()

    def render_GET(self, request: server.Request) -> bytes:  # noqa: N802 - Twisted's name
        path = request.path
        if path.endswith(b"/robots.txt"):
            request.setHeader(b"content-type", b"text/plain")
            return b"User-agent: *\nAllow: /\n"
        found = _ARTICLE.match(path)
        if not found:
            request.setResponseCode(404)
            return b"not found"
        request.setHeader(b"content-type", b"text/html; charset=UTF-8")
        return self.generator.page(int(found.group(1)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    site = server.Site(Pages())
    site.log = lambda request: None  # no access log: it would cost the server, not the crawler
    port = reactor.listenTCP(args.port, site, interface="127.0.0.1")
    print(port.getHost().port, flush=True)
    reactor.run()


if __name__ == "__main__":
    main()
