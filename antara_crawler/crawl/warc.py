"""WARC capture: every response the crawl receives, with its request, kept in the standard format of
web archives (ANTARA_WARC_DIR, `antara-crawler crawl --warc-dir`).

The middleware sits next to the network (priority 900, below replay's 950): it sees each response
as it arrived, before Scrapy's decompression (590), redirects (600) and retries (550) — articles,
listings, feeds, robots.txt, 3xx and 4xx/5xx alike — and its request as sent (every header the
other middlewares set). The body is kept byte for byte, compressed if the server compressed it;
the chunked transfer coding is already undone by the HTTP client, so that one header is left out.
A mirrored or replayed page is recorded under the ANTARA URL it stands for.

Files are gzip WARC 1.1, one gzip member per record (what CDX indexes and range requests expect),
named `antara-<start>-<pid>-<serial>.warc.gz`, written as `.warc.gz.open` and renamed when full
(ANTARA_WARC_MAX_SIZE, default 1 GB) or when the run ends; a run that is killed leaves its last file
`.open`, readable up to the last complete record. Each file opens with a `warcinfo` record naming
the software, the run's arguments and its User-Agent. The run's record (`crawl_runs.warc_files`)
lists the files.
"""

from __future__ import annotations

import io
import logging
import os
import socket
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .. import __version__
from . import signals as antara_signals

logger = logging.getLogger(__name__)

DEFAULT_MAX_SIZE = 1024**3
# what the HTTP client has already undone: the body in the record is not chunked
_DROPPED_HEADERS = {b"transfer-encoding"}


def warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class WarcFiles:
    """Size-rotated gzip WARC files in one folder, each opening with a warcinfo record."""

    def __init__(self, folder: str | Path, info: dict[str, str], max_size: int = DEFAULT_MAX_SIZE):
        self.folder = Path(folder).resolve()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.info, self.max_size = info, max_size
        self.stem = f"antara-{datetime.now(UTC):%Y%m%d%H%M%S}-{os.getpid()}"
        self.serial = 0
        self.done: list[str] = []  # every file started, in order (final names)
        self.file: Any = None
        self.writer: WARCWriter | None = None
        self.name = ""

    def _open(self) -> None:
        self.serial += 1
        self.name = f"{self.stem}-{self.serial:05d}.warc.gz"
        self.file = open(self.folder / f"{self.name}.open", "wb")  # noqa: SIM115 - closed by _close
        self.writer = WARCWriter(self.file, gzip=True, warc_version="WARC/1.1")
        self.writer.write_record(self.writer.create_warcinfo_record(self.name, self.info))
        self.done.append(str(self.folder / self.name))

    def _close(self) -> None:
        if self.file is not None:
            self.file.close()
            os.replace(self.folder / f"{self.name}.open", self.folder / self.name)
            self.file = self.writer = None

    def write(self, *records: Any) -> tuple[str, int]:
        """Write records together in the current file; (its final path, the first record's offset)."""
        if self.file is None:
            self._open()
        assert self.writer is not None
        offset = self.file.tell()
        for record in records:
            self.writer.write_record(record)
        where = self.done[-1]
        if self.file.tell() >= self.max_size:
            self._close()
        return where, offset

    def close(self) -> None:
        self._close()


class WarcCaptureMiddleware:
    def __init__(self, crawler: Crawler, folder: str, max_size: int):
        self.crawler = crawler
        info = {
            "software": f"antara_crawler/{__version__} (Scrapy)",
            "format": "WARC File Format 1.1",
            "hostname": socket.gethostname(),
            "http-header-user-agent": crawler.settings.get("USER_AGENT", ""),
            "robots": "obey" if crawler.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "isPartOf": f"antara_crawler crawl {crawler.settings.get('ANTARA_SPIDER_ARGS') or {}}",
        }
        self.files = WarcFiles(folder, info, max_size)
        self.records = RecordBuilder(warc_version="WARC/1.1")
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc")  # in order, off the reactor
        self.failed = 0
        self.closed = False
        # before the run's record is written (it lists the files), and at the latest when the spider closes
        crawler.signals.connect(self.close, signal=antara_signals.run_ending)
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        folder = crawler.settings.get("ANTARA_WARC_DIR")
        if not folder:
            raise NotConfigured
        return cls(crawler, folder, crawler.settings.getint("ANTARA_WARC_MAX_SIZE", DEFAULT_MAX_SIZE))

    def target(self, url: str) -> str:
        """The ANTARA URL a fetched URL stands for (a mirror's /<host>/<path> back to the site's)."""
        real_url = getattr(self.crawler.spider, "real_url", None)
        return real_url(url) if real_url else url

    def process_response(self, request: Request, response: Response) -> Response:
        """Take what the records need from the request and response here, on the reactor thread;
        build and write them (digests, gzip: ~2.7 ms for a 50 KB page) on the writer thread."""
        fetched = request.meta.get("antara_fetched_at")
        moment = datetime.fromisoformat(fetched) if fetched else datetime.now(UTC)
        uri = self.target(response.url)
        warc_headers = {"WARC-Date": warc_date(moment)}
        if response.ip_address is not None:
            warc_headers["WARC-IP-Address"] = str(response.ip_address)
        reply = (
            f"{response.status} {_reason(response.status)}", _header_list(response.headers),
            response.protocol or "HTTP/1.1", response.body,
        )  # fmt: skip
        parts = urlsplit(request.url)
        line = f"{request.method} {parts.path or '/'}{'?' + parts.query if parts.query else ''}"
        asked = (line, [("Host", urlsplit(uri).netloc), *_header_list(request.headers)], request.body)
        future = self.writer.submit(self.write, uri, warc_headers, reply, asked)
        future.add_done_callback(self.written)
        self.crawler.stats.inc_value("antara/warc/records", 2)
        return response

    def write(self, uri: str, warc_headers: dict, reply: tuple, asked: tuple) -> None:
        """On the writer thread: a response record and its request record, together."""
        status, headers, protocol, body = reply
        response = self.records.create_warc_record(
            uri, "response", payload=io.BytesIO(body), warc_headers_dict=warc_headers,
            http_headers=StatusAndHeaders(status, headers, protocol=protocol),
        )  # fmt: skip
        line, request_headers, request_body = asked
        request = self.records.create_warc_record(
            uri, "request", payload=io.BytesIO(request_body),
            warc_headers_dict={**warc_headers, "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
            http_headers=StatusAndHeaders(line, request_headers, protocol="HTTP/1.1", is_http_request=True),
        )  # fmt: skip
        self.files.write(response, request)

    def written(self, future: Future) -> None:
        """A write that failed (a full disk) is said, counted and kept in the stats, never lost silently."""
        error = future.exception()
        if error is not None:
            self.failed += 1
            logger.error("a WARC record could not be written: %s", error)

    def close(self, **_: Any) -> None:
        """Every record submitted written, the last file renamed, the run's files in its stats."""
        if self.closed:
            return
        self.closed = True
        self.writer.shutdown(wait=True)
        self.files.close()
        self.crawler.stats.set_value("antara/warc/files", list(self.files.done))
        if self.failed:
            self.crawler.stats.set_value("antara/warc/failed", self.failed)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _header_list(headers: Any) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        if name.lower() not in _DROPPED_HEADERS
        for value in values
    ]
