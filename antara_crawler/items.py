"""The shapes of data: what a page said (RawPage), the article we publish (Article), and why a page
was not published (Reject). The page itself (PageInput) lives with its decoding in parsing/page.py."""

from __future__ import annotations

import json
import traceback
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .parsing.page import PageInput

# Where a page's journey can end short of the store. process_page returns the first five.
STAGES = ("decode", "parse", "normalize", "validate", "fetch", "store")


@dataclass
class Block:
    """One paragraph as found: its text and the links in it (text, href)."""

    text: str
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class RawPage:
    """Fields as found on the page (strings, lists of strings, paragraphs), nothing interpreted yet."""

    url: str  # the page's address (after redirects, on the real site)
    fetched_at: str  # ISO 8601, UTC
    kind: str = "article"  # "article", or why it is not one: "video", "not_found", "unsupported", ...
    reason: str | None = None  # for non-articles: a sentence a person can read
    canonical_url: str | None = None
    language: str | None = None
    title: str | None = None
    summary: str | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)  # candidates, best first (ISO or page text)
    modified: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # structured-data authors
    byline: list[str] = field(default_factory=list)  # footer/byline texts found outside the body
    body: list[Block] = field(default_factory=list)  # paragraphs as found, with their links
    image_url: str | None = None  # the structured data's (JSON-LD, og:image): often a thumbnail
    lead_image: str | None = None  # the article body's own lead image, as the layout finds it
    image_caption: str | None = None
    extraction_method: str | None = None  # which layer found the body
    parser_version: str | None = None
    warnings: list[str] = field(default_factory=list)  # what looked wrong on the page (truncated, ...)


# Not published: the page an item came from travels with it to the store (kept HTML, provenance)
_NOT_EXPORTED: dict[str, Any] = {"export": False}


@dataclass
class Article:
    """The published item: normalized and typed. Its field order is the export's column order."""

    url: str
    article_id: str
    site: str
    language: str
    title: str
    summary: str | None
    category: str | None
    tags: list[str]
    published_at: str | None
    modified_at: str | None
    dateline: str | None
    body: str
    reporters: list[str]
    editors: list[str]
    translators: list[str]
    image_url: str | None
    image_caption: str | None
    image_credit: str | None
    related: list[dict]
    date_mentions: list[dict]
    copyright_year: int | None
    word_count: int
    content_hash: str
    fetched_at: str
    extraction_method: str
    parser_version: str
    warnings: list[str] = field(default_factory=list)  # dates not trusted, truncated page, ...
    page: PageInput | None = field(default=None, repr=False, compare=False, metadata=_NOT_EXPORTED)


ARTICLE_FIELDS = [f.name for f in fields(Article) if f.metadata.get("export", True)]
REQUIRED_FIELDS = ("url", "article_id", "title", "body", "published_at")


@dataclass
class Reject:
    """A page (or a request) that did not become a stored article, and why: one recorded outcome."""

    url: str  # the URL that was asked for (before redirects): what the run's books know it by
    stage: str  # one of STAGES
    reason: str  # short and countable: "gone", "video", "missing title", "error: KeyError"
    detail: str | None = None  # a sentence, or a traceback digest for an error
    page: PageInput | None = field(default=None, repr=False, compare=False, metadata=_NOT_EXPORTED)
    # For a page that failed validation: the article as far as it went (shown by `antara-crawler parse`)
    article: Article | None = field(default=None, repr=False, compare=False, metadata=_NOT_EXPORTED)

    @property
    def ignored(self) -> bool:
        """Refused before it was fetched (robots.txt, off-site, too big): not an error of the site."""
        return self.stage == "fetch" and self.reason == "ignored"


def article_record(article: Article) -> dict[str, Any]:
    """The published fields of an article as a plain dict (lists and dicts shared, not copied)."""
    return {name: getattr(article, name) for name in ARTICLE_FIELDS}


def json_line(record: dict[str, Any]) -> str:
    """One JSON Lines record, UTF-8 as written, with U+2028 and U+2029 escaped: JSON allows them raw,
    but str.splitlines() and JavaScript cut a line there."""
    return json.dumps(record, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


_PACKAGE = Path(__file__).resolve().parent


def error_digest(exc: BaseException, frames: int = 3) -> str:
    """'KeyError: 'x' at parsing/page.py:120 in json_ld < ...': the message and the innermost frames
    of our own code, short enough for a rejects row and stable enough to group by."""
    ours = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(str(_PACKAGE))]
    where = " < ".join(
        f"{Path(f.filename).relative_to(_PACKAGE)}:{f.lineno} in {f.name}" for f in reversed(ours[-frames:])
    )
    message = f"{type(exc).__name__}: {str(exc)[:300]}"
    return f"{message} at {where}" if where else message
