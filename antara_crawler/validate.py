"""Stage 3 of the flow: is a normalized Article fit to publish? Each problem is a readable reason."""

from __future__ import annotations

from datetime import datetime

from .items import REQUIRED_FIELDS, Article


def problems(article: Article) -> list[str]:
    """Why this article must not be stored; an empty list when it may."""
    # A publication date claimed but not trusted (in the future, before ANTARA's web era) is kept
    # empty, with its warning
    distrusted = any(w.startswith("date ") and " not trusted: " in w for w in article.warnings)
    found = [
        f"missing {name}"
        for name in REQUIRED_FIELDS
        if not getattr(article, name) and not (name == "published_at" and distrusted)
    ]
    if article.article_id and not article.article_id.isdigit():
        found.append(f"article_id is not numeric: {article.article_id!r}")
    if article.published_at:
        try:
            datetime.fromisoformat(article.published_at)
        except ValueError:
            found.append(f"published_at is not ISO 8601: {article.published_at!r}")
    return found
