"""Saved pages: NAME.html beside NAME.json, whose "url" is the page's address on the real site, with
its fetch time and (when known) its response headers. Offline replay, the local fixture site and
the fixture tests all read them through this index.

Lookups go by URL through the index only: no part of a requested URL becomes a file path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .parsing.page import PageInput
from .sites import article_id_from_url


@dataclass(frozen=True)
class SavedPage:
    meta: dict
    path: Path

    @property
    def url(self) -> str:
        return str(self.meta["url"])

    @property
    def fetched_at(self) -> str:
        return str(self.meta.get("fetched_at") or "")

    @property
    def headers(self) -> dict[str, str]:
        """The response headers saved with the page (names lower-case); a page saved without them
        was served as HTML with no charset, so its own <meta> declaration decides."""
        saved = self.meta.get("headers") or {"Content-Type": "text/html"}
        return {str(k).lower(): str(v) for k, v in saved.items()}

    def page_input(self) -> PageInput:
        return PageInput(self.url, self.path.read_bytes(), self.fetched_at, self.headers)


def page_key(url: str) -> str:
    """host + path + query; for an article, host + its id (the slug and any query are decoration)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    article_id = article_id_from_url(url)
    if article_id:
        return f"{host}/{parts.path.split('/')[1]}/{article_id}"
    return f"{host}{parts.path.rstrip('/') or '/'}{'?' + parts.query if parts.query else ''}"


def saved_pages(folder: str | Path) -> Iterator[SavedPage]:
    """Every NAME.json under folder that names a url and has its NAME.html."""
    for meta_path in sorted(Path(folder).rglob("*.json")):
        page = meta_path.with_suffix(".html")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if isinstance(meta, dict) and meta.get("url") and page.is_file():
            yield SavedPage(meta, page)


def saved_page_index(folder: str | Path) -> dict[str, SavedPage]:
    """page_key(original URL) → saved page, for every saved page under folder."""
    return {page_key(saved.url): saved for saved in saved_pages(folder)}
