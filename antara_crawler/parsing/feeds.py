"""Feeds, sitemaps and robots.txt: the article URLs they announce, with the time they give.

XML is read with entity expansion, DTD loading and network access off: a hostile feed cannot
expand entities (billion laughs) or make the parser read local files (external entities).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from lxml import etree

_SAFE_XML = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True)


@dataclass
class FeedEntry:
    url: str
    title: str | None = None
    published: str | None = None  # as the feed wrote it: RFC 822 in RSS, ISO 8601 in sitemaps


def _root(xml: bytes | str) -> etree._Element | None:
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    try:
        return etree.fromstring(xml, etree.XMLParser(**_SAFE_XML))
    except etree.XMLSyntaxError:
        return None


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(el: etree._Element, name: str) -> str | None:
    for child in el:
        if _local(child.tag) == name:
            return (child.text or "").strip() or None
    return None


def parse_rss(xml: bytes | str) -> list[FeedEntry]:
    """The <item>s of an RSS 2.0 feed: link, title, pubDate."""
    root = _root(xml)
    if root is None:
        return []
    entries = []
    for item in root.iter():
        if _local(item.tag) != "item":
            continue
        link = _child_text(item, "link") or _child_text(item, "guid")
        if link:
            entries.append(FeedEntry(link, _child_text(item, "title"), _child_text(item, "pubDate")))
    return entries


def parse_sitemap(xml: bytes | str) -> tuple[str, list[FeedEntry]]:
    """('urlset' | 'sitemapindex' | 'unknown', [loc + lastmod])."""
    root = _root(xml)
    if root is None:
        return "unknown", []
    kind = _local(root.tag)
    child = "url" if kind == "urlset" else "sitemap"
    entries = [
        FeedEntry(loc, None, _child_text(el, "lastmod"))
        for el in root
        if _local(el.tag) == child and (loc := _child_text(el, "loc"))
    ]
    return (kind if kind in ("urlset", "sitemapindex") else "unknown"), entries


def sitemaps_in_robots(text: str) -> list[str]:
    """The URLs of the 'Sitemap:' lines of a robots.txt."""
    found = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            found.append(value.strip())
    return found


def rfc822_to_iso(value: str | None) -> str | None:
    """'Thu, 05 Nov 2015 14:56:43 +0700' → '2015-11-05T14:56:43+07:00'; None when unreadable."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None
