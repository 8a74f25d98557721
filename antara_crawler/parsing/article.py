"""Stage 1 of the flow: a decoded page to a RawPage (the fields it shows). Pure: no Scrapy, no I/O.

Layers, in order: JSON-LD NewsArticle and meta tags; the DOM of the layout whose body container is
on the page (layouts/); the generic extractor (trafilatura) when no layout finds a body.
"""

from __future__ import annotations

import re

from ..items import RawPage
from ..sites import article_id_from_url, non_article_kind
from .layouts import detect, generic
from .page import Page, PageInput, TooDeep, ld_list, ld_text, load_tree, squash

_TITLE_SUFFIX = re.compile(r"\s*[-|–]\s*ANTARA(?: News)?(?: [A-Za-z ]+)?\s*$", re.I)
_NOT_FOUND = re.compile(r"tidak ditemukan|page not found|halaman tidak|\b404\b", re.I)
_FEED = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<\?xml-stylesheet[^>]*>\s*)?<(?:rss|feed|urlset|sitemapindex)\b", re.I)


def parse_page(page: PageInput) -> RawPage:
    """Turn one fetched page into the fields it shows, or a RawPage whose kind says why not."""
    text = page.text
    raw = RawPage(page.url, page.fetched_at)
    if _FEED.match(text[:512]):
        raw.kind, raw.reason = "unsupported", "a feed or sitemap (XML), not an article page"
        return raw
    try:
        root = load_tree(text)
    except TooDeep as exc:
        raw.kind, raw.reason = "unsupported", str(exc)
        return raw
    if root is None:
        raw.kind, raw.reason = "unsupported", "empty or unreadable HTML"
        return raw
    doc = Page(root, page.url)
    if "</html>" not in text[-2048:].lower():
        raw.warnings.append("page looks truncated: no </html>")
    _read_structured(doc, raw)
    kind = _non_article(doc, raw)
    if kind:
        raw.kind, raw.reason = kind
        return raw
    layout, body = detect(doc, text)
    if layout:
        layout(doc, body).read(raw)
        raw.extraction_method, raw.parser_version = f"dom:{layout.NAME}", layout.parser_version()
    elif _not_an_article_page(doc, raw):
        raw.kind, raw.reason = "not_article", "no article body, no NewsArticle data and no article id in the URL"
        return raw
    raw.title = raw.title or _strip_site_suffix(doc.first_text("title"))
    if not raw.body:
        if raw.title and _NOT_FOUND.search(raw.title):
            raw.kind, raw.reason = "not_found", f"an error page: {raw.title!r}"
            return raw
        generic.read(text, raw, layout.parser_version() if layout else None)
    if not raw.body:
        raw.kind, raw.reason = "unsupported", "no article body found by any layer"
    return raw


def _strip_site_suffix(title: str | None) -> str | None:
    return _TITLE_SUFFIX.sub("", squash(title)) or None if title else None


def _read_structured(page: Page, raw: RawPage) -> None:
    """Layer 1: JSON-LD NewsArticle, then meta tags (og:, article:, itemprop)."""
    ld, meta = page.news_article, page.meta
    raw.canonical_url = page.canonical or (ld_text(ld.get("url")) if ld.get("url") else None)
    raw.title = ld_text(ld.get("headline")) or _strip_site_suffix(meta.get("og:title"))
    raw.summary = (
        ld_text(ld.get("description")) or squash(meta.get("og:description") or meta.get("description")) or None
    )
    raw.category = ld_text(ld.get("articleSection"))
    raw.tags = ld_list(ld.get("keywords"))
    raw.language = ld_text(ld.get("inLanguage")) or page.root.get("lang")
    raw.published = [
        v
        for v in (ld_text(ld.get("datePublished")), meta.get("article:published_time"), meta.get("datepublished"))
        if v
    ]
    raw.modified = [v for v in (ld_text(ld.get("dateModified")), meta.get("article:modified_time")) if v]
    raw.authors = ld_list(ld.get("author"))
    image = ld.get("image")
    raw.image_url = ld_text(image) or meta.get("og:image")
    if isinstance(image, dict) and image.get("caption"):
        raw.image_caption = ld_text(image.get("caption"))


def _non_article(page: Page, raw: RawPage) -> tuple[str, str] | None:
    """Pages under the same hosts that are not text articles: say what they are."""
    kind = non_article_kind(page.canonical or raw.url) or non_article_kind(raw.url)
    if kind:
        return kind, f"a {kind} page, not a text article"
    if "VideoObject" in page.ld_types and not page.news_article:
        return "video", "a video page (JSON-LD VideoObject), not a text article"
    if page.meta.get("og:type", "").startswith("video"):
        return "video", "a video page (og:type video), not a text article"
    return None


def _not_an_article_page(page: Page, raw: RawPage) -> bool:
    """No layout's body, no NewsArticle data and no article id in any URL: a listing or index page."""
    return not page.news_article and not any(article_id_from_url(u) for u in (page.canonical, raw.url) if u)
