"""The 2015-2018 layout, from the real captures in ../shared/antara-real/: microdata (itemprop) on
www, plain classes on the verticals (otomotif); credits and copyright as paragraphs at the end of
the body container."""

from __future__ import annotations

from ...items import RawPage
from . import Layout
from .rules import body_blocks, first_image, first_match_text, last_match_dates, list_texts, texts_outside


class Old2015(Layout):
    NAME = "old-2015"
    VERSION = 2
    BODY = "div#content_news"
    TITLE = ("div.bjbrt h1[itemprop=headline]", "h1.title")
    PUBLISHED = ("time[itemprop=datePublished]", "div.date")  # "Kamis, 5 November 2015 14:56 WIB | 1.229 Views"
    TAGS = ("span[itemprop=keywords]",)
    BYLINE = ("div.byline", "p.mt10", "p.date")
    CAPTION = ("#caption_news",)
    IMAGE = ("#image_news img",)
    NOT_BODY = ("figure", "figcaption", "#caption_news", "#image_news")

    def read(self, raw: RawPage) -> None:
        page = self.page
        raw.title = raw.title or page.first_text(*self.TITLE)
        raw.published.extend(last_match_dates(page, self.PUBLISHED))
        raw.tags = raw.tags or list_texts(page, self.TAGS)
        raw.image_caption = raw.image_caption or first_match_text(page, self.CAPTION)
        raw.lead_image = first_image(page, self.IMAGE)
        raw.byline = texts_outside(page, self.BYLINE, self.body)
        raw.body = body_blocks(self.body, self.NOT_BODY)
