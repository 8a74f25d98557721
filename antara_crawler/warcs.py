"""Reading WARC files: the captures of ANTARA article pages in them, as the PageInputs every other
door hands to process_page.

Any WARC 1.0/1.1 file, gzip or not — written by this crawler, Common Crawl, the Internet Archive,
wget or warcprox — is read with warcio. A `response` record whose target URI is an ANTARA article and
whose HTTP status is 200 is a capture: its payload with the transfer and content codings undone, its
Content-Type, its WARC-Date as the fetch time and `FILE#OFFSET` as its source. Every other record is
counted by why it was passed over. A file that ends mid-record or holds bytes that are not WARC stops
its reading with an ArchiveError saying where, after every capture before that point.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from .parsing.page import PageInput
from .sites import is_article_url


class ArchiveError(ValueError):
    """A WARC file that cannot be read to its end; the message says which and where."""


def iso_time(warc_date: str | None) -> str:
    """A WARC-Date ('2025-02-12T10:26:00Z', with or without fractions) as ISO 8601 UTC with offset."""
    if not warc_date:
        return datetime.now(UTC).isoformat(timespec="seconds")
    moment = datetime.fromisoformat(warc_date.replace("Z", "+00:00"))
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def record_page(record: ArcWarcRecord, url: str, source: str) -> PageInput:
    """A response record as the page it captured: its payload (codings undone; zlib.error, OSError or
    ValueError when they cannot be), Content-Type and WARC-Date."""
    content_type = record.http_headers.get_header("Content-Type")
    return PageInput(
        url=url,
        body=record.content_stream().read(),
        fetched_at=iso_time(record.rec_headers.get_header("WARC-Date")),
        headers={"content-type": content_type} if content_type else {},
        source=source,
    )


def captures(path: str | Path, skipped: Counter[str]) -> Iterator[PageInput]:
    """The ANTARA article captures in one WARC file, in file order; `skipped` counts the other records."""
    name = Path(path).name
    offset = 0
    try:
        with open(path, "rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                if record.rec_type != "response":
                    skipped[f"{record.rec_type} record"] += 1
                    continue
                uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>")
                if not record.http_headers or not is_article_url(uri):
                    skipped["not an ANTARA article"] += 1
                    continue
                status = record.http_headers.get_statuscode()
                if status != "200":
                    skipped[f"http {status}"] += 1
                    continue
                try:
                    page = record_page(record, uri, name)
                except (zlib.error, OSError, ValueError):  # a payload its Content-Encoding does not describe
                    skipped["undecodable payload"] += 1
                    continue
                offset = records.get_record_offset()  # after the payload: asking for it reads the record to its end
                yield replace(page, source=f"{name}#{offset}")
            if records.err_count:  # records whose length did not match what followed them
                raise ArchiveError(
                    f"{path}: {records.err_count} malformed records (not WARC, or a Content-Length that lies)"
                )
            offset = records.offset
            stream.seek(offset)
            rest = stream.read()  # what follows the last whole record: nothing, or the blank lines after it
            if rest.strip():
                raise ArchiveError(
                    f"{path}: unreadable after offset {offset}: {len(rest)} bytes that are not a whole record (a truncated file?)"
                )
    except ArchiveError:
        raise
    except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError) as exc:
        raise ArchiveError(f"{path}: unreadable after offset {offset}: {type(exc).__name__}: {exc}") from exc
