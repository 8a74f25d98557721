"""Web archives as a source: CDX index queries and the captures they name. Pure: no Scrapy, no I/O.

A CDX server (the Wayback Machine's CDX API, Common Crawl's index API, pywb) answers a URL-prefix
query with one line per capture: URL, time, HTTP status, MIME type and, for WARC-based archives,
the WARC file, offset and length of the record. Two shapes exist: JSON lines of objects (Common
Crawl, pywb) and one JSON array of arrays under a header row (the Wayback Machine with
`output=json`); both are read here. A capture is then fetched either from the archive's replay
(`<replay>/<timestamp>id_/<url>`: the original bytes, unrewritten) or from its WARC file with an
HTTP range request (`<warc_base>/<filename>`, `Range: bytes=offset-end`).
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from warcio.archiveiterator import ArchiveIterator

from .parsing.page import PageInput
from .sites import Site, article_id_from_url, is_article_url, site_name
from .warcs import record_page
from .window import Window

# Where the well-known archives keep their records, for their CDX endpoints' hosts
KNOWN_ARCHIVES = {
    "web.archive.org": ("replay", "https://web.archive.org/web"),
    "index.commoncrawl.org": ("warc", "https://data.commoncrawl.org"),
}

_TIMESTAMP = re.compile(r"^\d{14}$")  # yyyymmddhhmmss, as every CDX server writes it
# An article is looked for among the captures made up to this long after its window closed
CAPTURED_WITHIN = timedelta(days=7)


@dataclass(frozen=True)
class Capture:
    url: str
    timestamp: str  # 14 digits, UTC
    status: str
    mime: str
    filename: str | None = None
    offset: int | None = None
    length: int | None = None

    @property
    def captured_at(self) -> str:
        """The capture time as ISO 8601 UTC (what `fetched_at` holds)."""
        moment = datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        return moment.isoformat(timespec="seconds")


def cdx_timestamp(bound: date | datetime | None, shift: timedelta, end: bool = False) -> str | None:
    """A window bound, moved by shift, as a CDX `from`/`to` value (UTC); a date covers its whole day."""
    if bound is None:
        return None
    if not isinstance(bound, datetime):
        bound = datetime.combine(bound, time.max if end else time.min, tzinfo=UTC)
    return (bound.astimezone(UTC) + shift).strftime("%Y%m%d%H%M%S")


def cdx_query(endpoint: str, site: Site, window: Window) -> str:
    """The CDX query for a site's article pages captured from a day before the window opens (zones)
    until CAPTURED_WITHIN after it closes; the publication window itself is checked on each parsed
    article, as in any crawl."""
    params = {"url": f"{site.host}/{site.article_path}/*", "output": "json"}
    if since := cdx_timestamp(window.since, -timedelta(days=1)):
        params["from"] = since
    if until := cdx_timestamp(window.until, CAPTURED_WITHIN, end=True):
        params["to"] = until
    return f"{endpoint}?{urlencode(params)}"


def page_count(body: bytes) -> int | None:
    """The number of pages a `showNumPages=true` query announced (a bare number from the Wayback
    Machine, {"pages": N, ...} from Common Crawl), or None when the server answered with captures
    instead (pywb over a plain CDXJ index pages nothing, and ignores from/to in that answer)."""
    try:
        answer = json.loads(body)
    except ValueError:
        return None
    if isinstance(answer, dict) and isinstance(answer.get("pages"), int):
        return int(answer["pages"])
    return answer if isinstance(answer, int) and not isinstance(answer, bool) else None


def parse_cdx(body: bytes) -> tuple[list[Capture], int]:
    """The captures a CDX answer lists, in either shape, and how many of its lines could not be read
    as one (broken JSON, no URL or time, a time or offset that is not a number): those are skipped,
    the others still count. An answer that is one broken JSON document raises ValueError."""
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return [], 0
    records: list[Any] = []
    if text.startswith("["):  # the Wayback Machine: [[header...], [row...], ...]
        rows = json.loads(text)
        if not rows:
            return [], 0
        header = [str(h) for h in rows[0]]
        records = [dict(zip(header, row, strict=False)) if isinstance(row, list) else None for row in rows[1:]]
    else:
        for line in filter(str.strip, text.splitlines()):
            try:
                records.append(json.loads(line))
            except ValueError:
                records.append(None)
    found, bad = [], 0
    for record in records:
        try:
            found.append(capture(record))
        except (TypeError, ValueError, AttributeError):
            bad += 1
    return found, bad


def capture(record: Any) -> Capture:
    """One CDX line (as a dict) as a Capture; TypeError or ValueError when it is not one."""
    url, timestamp = record.get("url") or record.get("original"), str(record.get("timestamp") or "")
    if not url or not _TIMESTAMP.match(timestamp):
        raise ValueError(f"not a capture: {record!r:.200}")
    offset, length = record.get("offset"), record.get("length")
    return Capture(
        url=str(url),
        timestamp=timestamp,
        status=str(record.get("status") or record.get("statuscode") or ""),
        mime=str(record.get("mime") or record.get("mimetype") or ""),
        filename=record.get("filename"),
        offset=int(offset) if offset not in (None, "") else None,
        length=int(length) if length not in (None, "", "-") else None,
    )


def latest_captures(captures: list[Capture]) -> list[Capture]:
    """For each ANTARA article, its newest capture that is an HTML page answered 200."""
    best: dict[tuple[str | None, str | None], Capture] = {}
    for capture in captures:
        if capture.status != "200" or "html" not in capture.mime or not is_article_url(capture.url):
            continue
        key = (site_name(capture.url), article_id_from_url(capture.url))
        if key not in best or capture.timestamp > best[key].timestamp:
            best[key] = capture
    return sorted(best.values(), key=lambda c: (c.timestamp, c.url))


def replay_url(prefix: str, capture: Capture) -> str:
    return f"{prefix.rstrip('/')}/{capture.timestamp}id_/{capture.url}"


def warc_range(prefix: str, capture: Capture) -> tuple[str, str]:
    """(the WARC file's URL, the Range header) of a capture's record."""
    if not capture.filename or capture.offset is None or not capture.length:
        raise ValueError(f"the CDX line for {capture.url} names no WARC file, offset and length")
    return f"{prefix.rstrip('/')}/{capture.filename}", f"bytes={capture.offset}-{capture.offset + capture.length - 1}"


def range_page(body: bytes, url: str, source: str) -> PageInput | None:
    """The capture in a WARC record fetched by range (warcs.record_page); None when the bytes are not
    a response record answered 200."""
    for record in ArchiveIterator(io.BytesIO(body)):
        if record.rec_type != "response" or not record.http_headers or record.http_headers.get_statuscode() != "200":
            return None
        return record_page(record, url, source)
    return None
