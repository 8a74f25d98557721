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
    # Field selectors are tried in order, the first that finds something wins. A selector that names
    # the tag ("div.x") costs a third of a bare class (".x"): the bare form follows as a fallback.
    published: tuple[str, ...] = ()  # of its matches the last wins (the info bar lists section first)
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
    published=("div.wrap__article-detail-info .list-inline-item.mr-2", ".wrap__article-detail-info .list-inline-item.mr-2"),
    category=("li.breadcrumbs__item", ".breadcrumbs__item"),
    tags=("ul.blog-tags li",),
    byline=("p.text-muted.mt-2.small",),
    # No source documents the caption: our best guess at the theme's markup (a figcaption in the
    # article block, .wrap__article-detail-image or a figure in the text)
    caption=("div.wrap__article-detail figcaption",),
    image=("div.wrap__article-detail-image img", "div.wrap__article-detail figure img"),
)

POST_CONTENT_2019 = Layout(
    name="post-content-2019",
    version=1,
    body="div.post-content.clearfix",
    title=("h1.post-title",),
    published=(".post-meta .list-inline-item", ".post-meta time"),
    category=("li.breadcrumbs__item", ".breadcrumbs__item", ".breadcrumb li"),
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
