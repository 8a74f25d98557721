"""Re-parse kept pages with the current parser: rejects a parser bug caused, or (with
ANTARA_KEEP_HTML) every stored article after a parser improvement."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .normalize import build_article
from .parsing import parse_page
from .parsing.page import decode_html
from .store import ArticleStore
from .validate import problems


@dataclass
class ReparseCounts:
    pages: int = 0
    stored: int = 0  # now an article, written to the store (new, updated or unchanged below)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    still_rejected: int = 0


def reparse(store: ArticleStore, source: str) -> ReparseCounts:
    """source 'rejects': unresolved rejects with kept HTML; a page that now parses is stored and its
    reject marked resolved. source 'pages': every kept article page, stored again (a changed text
    becomes a new version)."""
    counts = ReparseCounts()
    for key, url, fetched_at, html in list(store.kept_html(source)):
        counts.pages += 1
        raw = parse_page(decode_html(html, None), url, fetched_at)
        article = build_article(raw) if raw.kind == "article" else None
        if article is None or problems(article):
            counts.still_rejected += 1
            continue
        article.raw_html = html
        result = store.upsert_articles([asdict(article)], keep_html=source == "pages")
        counts.stored += 1
        counts.new, counts.updated, counts.unchanged = counts.new + result.new, counts.updated + result.updated, counts.unchanged + result.unchanged
        if source == "rejects":
            store.resolve_reject(key)
    return counts
