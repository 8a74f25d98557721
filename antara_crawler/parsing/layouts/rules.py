"""Reading helpers the layouts share. Each layout chooses which it applies and to which selectors;
a change here changes every layout that uses it, and their fixtures say so."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from ...items import Block
from ..blocks import split_blocks
from ..page import Page, css, ld_list, squash

# Not body text: scripts, styles, ads, embedded players and forms
DROP_FROM_BODY = (
    "script",
    "style",
    "noscript",
    "iframe",
    "ins",
    "form",
    "button",
    "svg",
    "template",
    "aside",
    "object",
    "embed",
)
AD_CLASS = '[class~="ads"], [class~="adsbygoogle"], [id^="div-gpt-ad"]'


def last_match_dates(page: Page, selectors: Sequence[str], scope: Any = None) -> list[str]:
    """The first selector that matches: its last element's datetime attribute and text."""
    for selector in selectors:
        found = page.select(selector, scope)
        if found:
            el = found[-1]
            return [v for v in (el.get("datetime"), squash(el.text_content())) if v]
    return []


def breadcrumb_section(page: Page, selectors: Sequence[str]) -> str | None:
    """The second breadcrumb (the first is the home page) of the first selector with two or more."""
    for selector in selectors:
        crumbs = page.texts(selector)
        if len(crumbs) > 1:
            return crumbs[1]
    return None


def list_texts(page: Page, selectors: Sequence[str], scope: Any = None) -> list[str]:
    """The texts of every element the selectors find, comma-separated lists split (tags, keywords)."""
    return ld_list([t for selector in selectors for t in page.texts(selector, scope)])


def first_match_text(page: Page, selectors: Sequence[str], scope: Any = None) -> str | None:
    """The text of the first element of the first selector that matches (None if it is empty)."""
    for selector in selectors:
        found = page.select(selector, scope)
        if found:
            return squash(found[0].text_content()) or None
    return None


def first_image(page: Page, selectors: Sequence[str], scope: Any = None) -> str | None:
    """The absolute src of the first <img> with one."""
    img = next((el for sel in selectors for el in page.select(sel, scope) if el.get("src")), None)
    return urljoin(page.url, img.get("src").strip()) if img is not None else None


def texts_outside(page: Page, selectors: Sequence[str], body: Any, scope: Any = None) -> list[str]:
    """Texts of the elements the selectors find that are not inside the body container."""
    if not selectors:
        return []
    return [
        text
        for el in page.select(", ".join(selectors), scope)
        if body not in el.iterancestors() and (text := squash(el.text_content()))
    ]


def body_blocks(body: Any, drop: Sequence[str] = ()) -> list[Block]:
    """The body container's paragraphs, without scripts, styles, ads, players and the `drop` selectors."""
    etree.strip_elements(body, *DROP_FROM_BODY, etree.Comment, with_tail=False)
    for el in css(", ".join((AD_CLASS, *drop)))(body):  # one walk of the body for all of them
        if el.getparent() is not None:
            el.drop_tree()
    return split_blocks(body)
