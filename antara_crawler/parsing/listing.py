"""Listing pages (/terkini, section pages): the article links on them, with the card's time text."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from ..sites import is_article_url
from .page import css, load_tree, squash

CARD = css(".card__post")
CARD_LINK = css("h2.post_title a")  # sidebar cards use h3: not this page's list
CARD_TIME = css("span.text-secondary")


@dataclass
class ListingEntry:
    url: str
    title: str | None
    time_text: str | None


def parse_listing(html: str | bytes, url: str) -> list[ListingEntry]:
    """The article cards of a listing page, in page order, each URL once; only ANTARA article URLs.

    `url` is the page's address on the real site: relative links resolve against it.
    """
    root = load_tree(html)
    if root is None:
        return []
    pairs = [(link, card) for card in CARD(root) for link in CARD_LINK(card)[:1]]
    if not pairs:  # no known cards: every article link on the page
        pairs = [(link, None) for link in root.iter("a")]
    entries: dict[str, ListingEntry] = {}
    for link, card in pairs:
        href = urljoin(url, (link.get("href") or "").strip())
        if not is_article_url(href) or href in entries:
            continue
        when = CARD_TIME(card) if card is not None else []
        entries[href] = ListingEntry(href, squash(link.text_content()) or None, squash(when[0].text_content()) if when else None)
    return list(entries.values())
