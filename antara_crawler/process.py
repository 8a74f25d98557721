"""The one way through: a fetched page to an Article or a Reject. Every entry point (the crawl's
pipeline, `antara-crawler parse`, `reparse`) calls process_page and adds nothing of its own.

    decode → parse (layouts) → normalize → validate

It never raises: whatever goes wrong inside becomes a Reject naming the stage, the reason and a
short digest of the traceback, so one bad page can never take another with it.
"""

from __future__ import annotations

from .items import Article, Reject, error_digest
from .normalize.article import build_article
from .parsing.article import parse_page
from .parsing.page import PageInput
from .validate import problems

__all__ = ["error_digest", "process_page"]


def process_page(page: PageInput) -> Article | Reject:
    """Parse, normalize and validate one page. A page that is not an article, or not a publishable
    one, is a Reject; an exception anywhere is a Reject with its stage."""
    stage = "decode"
    try:
        page.decoded  # noqa: B018 - decoding is its own stage
        stage = "parse"
        raw = parse_page(page)
        if raw.kind != "article":
            detail = raw.reason
            if page.requested_url and page.requested_url != page.url:
                detail = f"{detail} (redirected from {page.requested_url})"
            return Reject(page.asked_for, "parse", raw.kind, detail, page)
        stage = "normalize"
        article = build_article(raw)
        article.page = page
        stage = "validate"
        found = problems(article)
        if found:
            return Reject(page.asked_for, "validate", "; ".join(found), None, page, article)
        return article
    except Exception as exc:  # noqa: BLE001 - any failure is this page's outcome, never the crawl's
        return Reject(page.asked_for, stage, f"error: {type(exc).__name__}", error_digest(exc), page)
