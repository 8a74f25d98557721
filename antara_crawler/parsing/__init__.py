"""Stage 1 of the flow: a page (html, url, fetch time) to a RawPage. Pure: no Scrapy, no I/O.

Layers, in order: JSON-LD NewsArticle and meta tags; the DOM selectors of the layout whose
body container is on the page; the generic extractor (trafilatura) when no layout finds a body.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import urljoin

from lxml import etree

from ..items import RawPage
from ..sites import article_id_from_url, non_article_kind
from .blocks import Block, split_blocks, split_text
from .layouts import LAYOUTS, Layout
from .page import Page, css, ld_list, ld_text, load_tree, squash

_TITLE_SUFFIX = re.compile(r"\s*[-|–]\s*ANTARA(?: News)?(?: [A-Za-z ]+)?\s*$", re.I)
_NOT_FOUND = re.compile(r"tidak ditemukan|page not found|halaman tidak|\b404\b", re.I)
_FEED = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<\?xml-stylesheet[^>]*>\s*)?<(?:rss|feed|urlset|sitemapindex)\b", re.I)
# Not body text: scripts, styles, ads, embedded players and forms
_DROP_FROM_BODY = ("script", "style", "noscript", "iframe", "ins", "form", "button", "svg", "template", "aside", "object", "embed")
_AD_CLASS = css('[class~="ads"], [class~="adsbygoogle"], [id^="div-gpt-ad"]')
_GENERIC_EXTRACTOR = "trafilatura"
MIN_GENERIC_WORDS = 15  # less is page furniture the generic extractor mistook for text ("Beranda")


def parse_page(html: str | bytes, url: str, fetched_at: datetime | str) -> RawPage:
    """Turn one fetched page into the fields it shows, or a RawPage whose kind says why not."""
    if isinstance(fetched_at, datetime):
        fetched_at = fetched_at.astimezone(timezone.utc).isoformat(timespec="seconds")
    head = html[:512].decode("utf-8", "replace") if isinstance(html, bytes) else html[:512]
    if _FEED.match(head):
        return RawPage(url, fetched_at, kind="unsupported", reason="a feed or sitemap (XML), not an article page")
    root = load_tree(html)
    if root is None:
        return RawPage(url, fetched_at, kind="unsupported", reason="empty or unreadable HTML")
    page = Page(root, url)
    raw = RawPage(url, fetched_at)
    end_tag = b"</html>" if isinstance(html, bytes) else "</html>"
    if end_tag not in html[-2048:].lower():
        raw.warnings.append("page looks truncated: no </html>")
    _read_structured(page, raw)
    kind = _non_article(page, raw)
    if kind:
        raw.kind, raw.reason = kind
        return raw
    layout, body = _find_layout(page)
    if layout:
        _read_layout(page, layout, body, raw)
    elif _not_an_article_page(page, raw):
        raw.kind, raw.reason = "not_article", "no article body, no NewsArticle data and no article id in the URL"
        return raw
    raw.title = raw.title or _strip_site_suffix(page.first_text("title"))
    if not raw.body:
        if raw.title and _NOT_FOUND.search(raw.title):
            raw.kind, raw.reason = "not_found", f"an error page: {raw.title!r}"
            return raw
        _read_generic(html, raw, layout)
    if not raw.body:
        raw.kind, raw.reason = "unsupported", "no article body found by any layer"
    return raw


def _find_layout(page: Page) -> tuple[Layout | None, etree._Element | None]:
    """The newest layout whose body container is on the page, and that container (newest first:
    today's pages cost one tree walk)."""
    for layout in LAYOUTS:
        found = page.select(layout.body)
        if found:
            return layout, found[0]
    return None, None


def _strip_site_suffix(title: str | None) -> str | None:
    return _TITLE_SUFFIX.sub("", squash(title)) or None if title else None


def _read_structured(page: Page, raw: RawPage) -> None:
    """Layer 1: JSON-LD NewsArticle, then meta tags (og:, article:, itemprop)."""
    ld, meta = page.news_article, page.meta
    raw.canonical_url = ld_text(ld.get("url")) if ld.get("url") else None
    raw.canonical_url = page.canonical or raw.canonical_url
    raw.title = ld_text(ld.get("headline")) or _strip_site_suffix(meta.get("og:title"))
    raw.summary = ld_text(ld.get("description")) or squash(meta.get("og:description") or meta.get("description")) or None
    raw.category = ld_text(ld.get("articleSection"))
    raw.tags = ld_list(ld.get("keywords"))
    raw.language = ld_text(ld.get("inLanguage")) or page.root.get("lang")
    raw.published = [
        v for v in (ld_text(ld.get("datePublished")), meta.get("article:published_time"), meta.get("datepublished")) if v
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


def _read_layout(page: Page, layout: Layout, body: etree._Element, raw: RawPage) -> None:
    """Layer 2: the DOM of a known layout. Fills what structured data left empty, and the body."""
    raw.extraction_method = f"dom:{layout.name}"
    raw.parser_version = layout.parser_version
    raw.title = raw.title or page.first_text(*layout.title)
    for selector in layout.published:
        found = page.select(selector)
        if found:
            el = found[-1]
            raw.published.extend(v for v in (el.get("datetime"), squash(el.text_content())) if v)
            break
    if not raw.category:
        crumbs = next((found for sel in layout.category if len(found := page.texts(sel)) > 1), [])
        raw.category = crumbs[1] if crumbs else None
    if not raw.tags:
        raw.tags = ld_list([t for sel in layout.tags for t in page.texts(sel)])
    for selector in layout.caption:
        found = page.select(selector)
        if found:
            raw.image_caption = raw.image_caption or squash(found[0].text_content()) or None
            break
    if not raw.image_url:
        img = next((el for sel in layout.image for el in page.select(sel) if el.get("src")), None)
        raw.image_url = urljoin(raw.url, img.get("src")) if img is not None else None
    raw.byline = [
        squash(el.text_content())
        for el in page.select(", ".join(layout.byline))
        if body not in el.iterancestors() and squash(el.text_content())
    ] if layout.byline else []
    raw.body = _body_blocks(body)


def _body_blocks(body: etree._Element) -> list[Block]:
    """The body container's paragraphs, without scripts, styles, ads, players and captions."""
    etree.strip_elements(body, *_DROP_FROM_BODY, etree.Comment, with_tail=False)
    for el in [*_AD_CLASS(body), *css("figure, figcaption, #caption_news, #image_news")(body)]:
        if el.getparent() is not None:
            el.drop_tree()
    return split_blocks(body)


def _read_generic(html: str | bytes, raw: RawPage, layout: Layout | None) -> None:
    """Layer 3: trafilatura's main-text extraction (imported only when needed: it is slow to load)."""
    import trafilatura

    text = trafilatura.extract(html, url=raw.url, include_comments=False, include_tables=False)
    if text and len(text.split()) >= MIN_GENERIC_WORDS:
        raw.body = split_text(text)
        raw.extraction_method = _GENERIC_EXTRACTOR
        raw.parser_version = f"{_GENERIC_EXTRACTOR}/{trafilatura.__version__}"
        if layout:
            raw.parser_version += f"+{layout.parser_version}"
