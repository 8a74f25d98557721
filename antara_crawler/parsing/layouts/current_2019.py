"""The current layout (2019-). No public capture exists: the selectors are those several independent
scrapers agree on (2021-2026, ../shared/ANTARA.md); the caption selector is our own guess."""

from __future__ import annotations

from ...items import RawPage
from . import Layout
from .rules import (
    body_blocks,
    breadcrumb_section,
    first_image,
    first_match_text,
    last_match_dates,
    list_texts,
    texts_outside,
)


class Current2019(Layout):
    NAME = "current-2019"
    VERSION = 3
    BODY = "div.wrap__article-detail-content.post-content"
    MARKER = "wrap__article-detail-content"
    SCOPE = "wrap__article-detail"  # title, info bar, image, body and tags; the breadcrumbs are outside
    # A selector that names the tag ("div.x") costs a third of a bare class (".x"): the bare form follows
    TITLE = ("h1.wrap__article-detail-title", "h1.post-title")
    PUBLISHED = (
        "div.wrap__article-detail-info .list-inline-item.mr-2",
        ".wrap__article-detail-info .list-inline-item.mr-2",
    )
    CATEGORY = ("li.breadcrumbs__item", ".breadcrumbs__item")
    TAGS = ("ul.blog-tags li",)
    BYLINE = ("p.text-muted.mt-2.small",)
    CAPTION = ("div.wrap__article-detail figcaption",)
    IMAGE = ("div.wrap__article-detail-image img", "div.wrap__article-detail figure img")
    NOT_BODY = ("figure", "figcaption")

    def read(self, raw: RawPage) -> None:
        page, scope = self.page, self.scope
        raw.title = raw.title or page.first_text(*self.TITLE, scope=scope)
        raw.published.extend(last_match_dates(page, self.PUBLISHED, scope))  # the info bar lists the section first
        raw.category = raw.category or breadcrumb_section(page, self.CATEGORY)
        raw.tags = raw.tags or list_texts(page, self.TAGS, scope)
        raw.image_caption = raw.image_caption or first_match_text(page, self.CAPTION, scope)
        raw.lead_image = first_image(page, self.IMAGE, scope)
        raw.byline = texts_outside(page, self.BYLINE, self.body, scope)
        raw.body = body_blocks(self.body, self.NOT_BODY)
