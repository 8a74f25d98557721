"""Discovery pages: feeds, sitemaps, robots.txt and listing pages, and the article URLs they
announce with the time they give.

XML is read with entity expansion, DTD loading and network access off: a hostile feed cannot
expand entities (billion laughs) or make the parser read local files (external entities).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from lxml import etree

from ..sites import clean_url, is_article_url
from .page import css, load_tree, squash

_SAFE_XML = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False, "recover": True}


@dataclass
class FeedEntry:
    url: str
    title: str | None = None
    published: str | None = None  # as the feed wrote it: RFC 822 in RSS, ISO 8601 in sitemaps


def _root(xml: bytes | str) -> Any:
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    try:
        return etree.fromstring(xml, etree.XMLParser(**_SAFE_XML))
    except etree.XMLSyntaxError:
        return None


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(el: Any, name: str) -> str | None:
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


def rfc822_time(value: str | None) -> datetime | None:
    """An RSS pubDate: 'Thu, 05 Nov 2015 14:56:43 +0700' → an aware datetime (UTC when it gives no
    zone); None when unreadable."""
    if not value:
        return None
    try:
        found = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def rfc822_to_iso(value: str | None) -> str | None:
    """'Thu, 05 Nov 2015 14:56:43 +0700' → '2015-11-05T14:56:43+07:00'; None when unreadable."""
    found = rfc822_time(value)
    return found.isoformat() if found else None


_W3C_PARTIAL = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


def w3c_time(value: str | None) -> datetime | None:
    """A sitemap lastmod (W3C Datetime: 2025, 2025-02, 2025-02-12, 2025-02-12T10:00+07:00) as an aware
    datetime; a year, month or day alone is its last moment (a lastmod says "changed by then"); a
    time with no zone is UTC. None when unreadable."""
    if not value:
        return None
    value = value.strip()
    partial = _W3C_PARTIAL.match(value)
    try:
        if partial:
            year, month = int(partial.group("year")), int(partial.group("month") or 12)
            day = int(partial.group("day") or calendar.monthrange(year, month)[1])
            return datetime(year, month, day, 23, 59, 59, tzinfo=UTC)
        found = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


CARD = css(".card__post")
CARD_LINK = css("h2.post_title a")  # sidebar cards use h3: not this page's list
CARD_TIME = css("span.text-secondary")


@dataclass
class ListingEntry:
    url: str
    title: str | None
    time_text: str | None


def parse_listing(text: str, url: str) -> list[ListingEntry]:
    """The article cards of a listing page (/terkini, a section), in page order, each URL once; only
    ANTARA article URLs. `url` is the page's address on the real site: relative links resolve against it.
    """
    root = load_tree(text)
    if root is None:
        return []
    pairs = [(link, card) for card in CARD(root) for link in CARD_LINK(card)[:1]]
    if not pairs:  # no known cards: every article link on the page
        pairs = [(link, None) for link in root.iter("a")]
    entries: dict[str, ListingEntry] = {}
    for link, card in pairs:
        href = clean_url(link.get("href"), url)  # None for 'http://[x', javascript:, ...
        if href is None or not is_article_url(href) or href in entries:
            continue
        when = CARD_TIME(card) if card is not None else []
        entries[href] = ListingEntry(
            href, squash(link.text_content()) or None, squash(when[0].text_content()) if when else None
        )
    return list(entries.values())
