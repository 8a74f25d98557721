"""The 2019-20 layout: the body in div.post-content.clearfix (../shared/ANTARA.md, from independent
scrapers of that period; no public capture)."""

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


class PostContent2019(Layout):
    NAME = "post-content-2019"
    VERSION = 3
    BODY = "div.post-content.clearfix"
    MARKER = "post-content"
    TITLE = ("h1.post-title",)
    PUBLISHED = (".post-meta .list-inline-item", ".post-meta time")
    CATEGORY = ("li.breadcrumbs__item", ".breadcrumbs__item", ".breadcrumb li")
    TAGS = ("ul.blog-tags li",)
    BYLINE = ("p.text-muted.mt-2.small",)
    CAPTION = ("figure figcaption",)
    IMAGE = ("figure img",)
    NOT_BODY = ("figure", "figcaption")

    def read(self, raw: RawPage) -> None:
        page = self.page
        raw.title = raw.title or page.first_text(*self.TITLE)
        raw.published.extend(last_match_dates(page, self.PUBLISHED))
        raw.category = raw.category or breadcrumb_section(page, self.CATEGORY)
        raw.tags = raw.tags or list_texts(page, self.TAGS)
        raw.image_caption = raw.image_caption or first_match_text(page, self.CAPTION)
        raw.lead_image = first_image(page, self.IMAGE)
        raw.byline = texts_outside(page, self.BYLINE, self.body)
        raw.body = body_blocks(self.body, self.NOT_BODY)
