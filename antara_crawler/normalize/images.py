"""The lead image at its largest rendition, and the credit its caption gives.

On the real 2015-17 pages the article's own image is the `/ori/` (original) rendition, while
og:image and JSON-LD point at `/small/` or `/big/` thumbnails of the same file; the current site
serves renditions from `/cache/<width>x<height>/`. Only URLs the page itself gives are chosen from:
no rendition is ever made up.
"""

from __future__ import annotations

import re

_RENDITION = re.compile(r"/(?P<name>ori|big|small|thumb)/|/cache/(?P<width>\d+)x\d+/")
_RANK = {"ori": 10_000, "big": 800, "small": 300, "thumb": 100}
# "(ANTARA FOTO/Budi Setya)", "(Antaranews/Monalisa)", "(Dok. Humas Pemprov)", "(ANTARA/HO-Kemenkes)", and
# without parentheses after the last sentence: "... Minggu (6/4/2025). ANTARA FOTO/Fotografer Kami"
_CREDIT = re.compile(
    r"\((?P<credit>(?:ANTARA|Antara|Antaranews|Dok|Istimewa|Humas|Reuters|AFP|AP|Xinhua|Anadolu)\b[^()]{0,80}"
    r"|[^()/]{0,40}[A-Za-z][^()/]{0,40}/[^()]{0,40}[A-Za-z][^()]{0,40})\)\s*\.?\s*$"
    r"|(?:^|[.!?]\s+)(?P<bare>(?:ANTARA FOTO|Antara Foto|ANTARA|Antaranews)/[^()/.]{1,60}?)\s*\.?\s*$"
)


def rendition(url: str) -> int:
    """How large an image URL's rendition is, roughly its width (unknown: in the middle)."""
    match = _RENDITION.search(url)
    if not match:
        return 500
    return int(match.group("width")) if match.group("width") else _RANK[match.group("name")]


def lead_image(structured: str | None, body: str | None) -> str | None:
    """The article body's lead image when it is a larger rendition than the structured data's."""
    if structured and body:
        return body if rendition(body) > rendition(structured) else structured
    return structured or body


def image_credit(caption: str | None) -> str | None:
    """The credit a caption ends with, without its parentheses: 'ANTARA FOTO/Budi Setya'."""
    match = _CREDIT.search(caption or "")
    return (match.group("credit") or match.group("bare")).strip() if match else None
