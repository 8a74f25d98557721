"""The last layer: trafilatura's main-text extraction, for pages no layout recognises. Its version
is ours (how we call it and what we accept), bumped when that or trafilatura's output changes."""

from __future__ import annotations

from ...items import RawPage
from ..blocks import split_text

NAME = "generic"
VERSION = 1
EXTRACTION_METHOD = "trafilatura"
MIN_WORDS = 15  # less is page furniture the generic extractor mistook for text ("Beranda")


def read(text: str, raw: RawPage, layout_version: str | None = None) -> None:
    """Fill the body when trafilatura finds enough text (imported only when needed: it is slow to load)."""
    import trafilatura

    found = trafilatura.extract(text, url=raw.url, include_comments=False, include_tables=False)
    if found and len(found.split()) >= MIN_WORDS:
        raw.body = split_text(found)
        raw.extraction_method = EXTRACTION_METHOD
        raw.parser_version = f"{NAME}/{VERSION}" + (f"+{layout_version}" if layout_version else "")
