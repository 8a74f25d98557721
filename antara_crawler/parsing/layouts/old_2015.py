"""The 2015-2018 layout, from the real captures in ../shared/antara-real/: microdata (itemprop) on
www, plain classes on the verticals (otomotif); credits and copyright as paragraphs at the end of
the body container."""

from __future__ import annotations

from ...items import RawPage
from . import Layout
from .rules import body_blocks, first_image, first_match_text, last_match_dates, list_texts, texts_outside


class Old2015(Layout):
    NAME = "old-2015"
    VERSION = 3
    BODY = "div#content_news"
    MARKER = "content_news"
    SCOPE = "bjbrt"  # headline, date, byline, image and body (the real captures)
    TITLE = ("div.bjbrt h1[itemprop=headline]", "h1.title")
    PUBLISHED = ("time[itemprop=datePublished]", "div.date")  # "Kamis, 5 November 2015 14:56 WIB | 1.229 Views"
    TAGS = ("span[itemprop=keywords]",)
    BYLINE = ("div.byline", "p.mt10", "p.date")
    CAPTION = ("#caption_news",)
    IMAGE = ("#image_news img",)
    URL = 'a[itemprop="url"][href]'  # the page's only address on www: no canonical link, no og:url
    NOT_BODY = ("figure", "figcaption", "#caption_news", "#image_news")

    def read(self, raw: RawPage) -> None:
        page, scope = self.page, self.scope
        if not raw.canonical_url:
            found = page.select(self.URL, scope)
            raw.canonical_url = found[0].get("href").strip() if found else None
        raw.title = raw.title or page.first_text(*self.TITLE, scope=scope)
        raw.published.extend(last_match_dates(page, self.PUBLISHED, scope))
        raw.tags = raw.tags or list_texts(page, self.TAGS, scope)
        raw.image_caption = raw.image_caption or first_match_text(page, self.CAPTION, scope)
        raw.lead_image = first_image(page, self.IMAGE, scope)
        raw.byline = texts_outside(page, self.BYLINE, self.body, scope)
        raw.body = body_blocks(self.body, self.NOT_BODY)
