"""DOM selectors for each ANTARA article layout, newest first.

A layout change adds a Layout here; it never edits an old one away, so archived pages keep
parsing. Provenance of every selector is in ../shared/ANTARA.md (current layout: agreed by
several independent scrapers 2021-2026, no public capture; 2015-2018: real captures).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    name: str
    version: int  # bump when this layout's extraction changes; stored as parser_version
    body: str  # the body container; finding it is what says the page is in this layout
    title: tuple[str, ...] = ()
    published: tuple[str, ...] = ()  # the last match wins (the info bar lists section first)
    category: tuple[str, ...] = ()  # breadcrumbs: the second item is the section
    tags: tuple[str, ...] = ()
    byline: tuple[str, ...] = ()  # credits outside the body container
    caption: tuple[str, ...] = ()
    image: tuple[str, ...] = ()

    @property
    def parser_version(self) -> str:
        return f"{self.name}/{self.version}"


CURRENT = Layout(
    name="current-2019",
    version=1,
    body="div.wrap__article-detail-content.post-content",
    title=("h1.wrap__article-detail-title", "h1.post-title"),
    published=(".wrap__article-detail-info .list-inline-item.mr-2",),
    category=(".breadcrumbs__item",),
    tags=("ul.blog-tags li",),
    byline=("p.text-muted.mt-2.small",),
    caption=(".wrap__article-detail-image figcaption", ".wrap__article-detail figure figcaption"),
    image=(".wrap__article-detail-image img", ".wrap__article-detail figure img"),
)

POST_CONTENT_2019 = Layout(
    name="post-content-2019",
    version=1,
    body="div.post-content.clearfix",
    title=("h1.post-title",),
    published=(".post-meta .list-inline-item", ".post-meta time"),
    category=(".breadcrumbs__item", ".breadcrumb li"),
    tags=("ul.blog-tags li",),
    byline=("p.text-muted.mt-2.small",),
    caption=("figure figcaption",),
    image=("figure img",),
)

OLD_2015 = Layout(
    name="old-2015",
    version=1,
    body="div#content_news",
    title=("div.bjbrt h1[itemprop=headline]", "h1.title"),
    published=("time[itemprop=datePublished]", "div.date"),
    tags=("span[itemprop=keywords]",),
    byline=("div.byline", "p.mt10", "p.date"),
    caption=("#caption_news",),
    image=("#image_news img",),
)

LAYOUTS: tuple[Layout, ...] = (CURRENT, POST_CONTENT_2019, OLD_2015)
