"""The two shapes of data: what a page said (RawPage) and the article we publish (Article)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class Block:
    """One paragraph as found: its text and the links in it (text, href)."""

    text: str
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class RawPage:
    """Fields as found on the page (strings, lists of strings, paragraphs), nothing interpreted yet."""

    url: str  # the URL the page was fetched from
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
    image_url: str | None = None
    image_caption: str | None = None
    extraction_method: str | None = None  # which layer found the body
    parser_version: str | None = None
    warnings: list[str] = field(default_factory=list)  # what looked wrong on the page (truncated, ...)
    redirected_from: str | None = None  # the URL asked for, when a redirect led here
    html: bytes | None = field(default=None, repr=False)  # the page as fetched, kept for rejects and reparse


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
    image_url: str | None
    image_caption: str | None
    related: list[dict]
    date_mentions: list[dict]
    copyright_year: int | None
    word_count: int
    content_hash: str
    fetched_at: str
    extraction_method: str
    parser_version: str
    warnings: list[str] = field(default_factory=list)  # dates not trusted, truncated page, ...
    # Not published: the fetched page, carried to the store when ANTARA_KEEP_HTML is on
    raw_html: bytes | None = field(default=None, repr=False, metadata={"export": False})


ARTICLE_FIELDS = [f.name for f in fields(Article) if f.metadata.get("export", True)]
REQUIRED_FIELDS = ("url", "article_id", "title", "body", "published_at")


@dataclass
class FetchFailure:
    """A request that produced no page to parse: an HTTP error status, a timeout, a refused connection."""

    url: str
    reason: str  # "http 404", "timeout", ...
    detail: str | None = None
