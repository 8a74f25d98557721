"""Re-parse kept pages with the current parser: rejects a parser bug caused, or (with
ANTARA_KEEP_HTML) every stored article after a parser improvement."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..items import Article
from ..parsing.page import PageInput
from ..process import process_page
from ..store import ArticleStore


@dataclass
class ReparseCounts:
    pages: int = 0
    stored: int = 0  # now an article, written to the store (new, updated or unchanged below)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    still_rejected: int = 0


def reparse(
    store: ArticleStore, source: str, progress: Callable[[Iterable[Any], int], Any] | None = None
) -> ReparseCounts:
    """source 'rejects': unresolved rejects with kept HTML; a page that now parses is stored and its
    reject marked resolved. source 'pages': every kept article page, stored again (a changed text
    becomes a new version)."""
    counts = ReparseCounts()
    kept: Iterable[tuple[Any, PageInput]] = list(store.kept_pages(source))
    if progress:
        kept = progress(kept, len(kept))  # type: ignore[arg-type]
    for key, page in kept:
        counts.pages += 1
        result = process_page(page)
        if not isinstance(result, Article):
            counts.still_rejected += 1
            continue
        [outcome] = store.store_articles([result], keep_html=source == "pages")
        if outcome.startswith("error"):
            counts.still_rejected += 1
            continue
        counts.stored += 1
        setattr(counts, outcome, getattr(counts, outcome) + 1)
        if source == "rejects":
            store.resolve_reject(key)
    return counts
