"""The saved-page index shared by offline replay and the local fixture site.

A saved page is NAME.html beside NAME.json, whose "url" is the page's address on the real site.
Lookups go by URL through this index only: no part of a requested URL becomes a file path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from .sites import article_id_from_url


def page_key(url: str) -> str:
    """host + path + query; for an article, host + its id (the slug and any query are decoration)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    article_id = article_id_from_url(url)
    if article_id:
        return f"{host}/{parts.path.split('/')[1]}/{article_id}"
    return f"{host}{parts.path.rstrip('/') or '/'}{'?' + parts.query if parts.query else ''}"


def saved_pages(folder: str | Path) -> Iterator[tuple[dict, Path]]:
    """(metadata, NAME.html) for every NAME.json under folder that names a url and has its page."""
    for meta_path in sorted(Path(folder).rglob("*.json")):
        page = meta_path.with_suffix(".html")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if isinstance(meta, dict) and meta.get("url") and page.is_file():
            yield meta, page


def saved_page_index(folder: str | Path) -> dict[str, Path]:
    """page_key(original URL) → NAME.html, for every saved page under folder."""
    return {page_key(meta["url"]): page for meta, page in saved_pages(folder)}
