"""Body text: HTML to paragraphs, Unicode and whitespace cleanup, site furniture out.

Furniture is what ANTARA wraps around every article: "Baca juga:" / "Related news:" lines
(empty when their link is rendered client-side), the "Pewarta:/Editor:/Copyright © ANTARA"
footer and, since 2025, a notice forbidding crawling. Footer text is handed back separately
so the credits can be read from it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html
from lxml import etree

BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote table tr section article header footer pre dl dt dd".split()
)
_SKIP_TAGS = ("script", "style", "noscript", "template")
_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\s*\n\s*")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_NBSP = dict.fromkeys(map(ord, "\u00a0\u202f\u2007"), " ")

READ_ALSO = re.compile(r"^\s*(?:baca juga|related news|read also)\s*:?\s*", re.I)
# A credit label, glued to the previous word or not ("SavitriEditor:"), or a copyright line
FOOTER_MARK = re.compile(
    r"(?:Pewarta|PEWARTA|Reporter|REPORTER|Penulis|Editor|EDITOR|Penyunting)\s*:|(?:Copyright|COPYRIGHT)\s*(?:©|\(c\)|&copy;)"
)
NOTICE = re.compile(
    r"Dilarang\s+keras\s+mengambil\s+konten,?\s+melakukan\s+crawling\s+atau\s+pengindeksan\s+otomatis\s+"
    r"untuk\s+AI\s+di\s+situs\s+web\s+ini\s+tanpa\s+izin\s+tertulis\s+dari\s+Kantor\s+Berita\s+ANTARA\.?",
    re.I,
)


@dataclass
class Block:
    """One paragraph as found: its text and the links in it (text, href)."""

    text: str
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Body:
    paragraphs: list[str]
    related: list[dict]
    footer: list[str]  # credit lines taken out of the body, for the people normalizer


def clean_text(text: str) -> str:
    """NFC, no-break spaces to spaces, zero-width characters out, whitespace runs folded."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(_NBSP)
    return _NEWLINES.sub("\n", _SPACES.sub(" ", text)).strip()


def split_blocks(html: str) -> list[Block]:
    """Paragraphs of an HTML fragment: block elements and runs of two or more <br> split them."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    etree.strip_elements(root, *_SKIP_TAGS, with_tail=False)
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)  # their tails stay
    blocks: list[Block] = []
    buf: list[str] = []
    links: list[tuple[str, str]] = []
    brs = 0

    def flush() -> None:
        nonlocal buf, links, brs
        text = "".join(buf)
        if text.strip():
            blocks.append(Block(text, links))
        buf, links, brs = [], [], 0

    def add(text: str | None) -> None:
        nonlocal brs
        if not text:
            return
        if text.strip():
            if brs >= 2:
                flush()
            elif brs == 1:
                buf.append("\n")
            brs = 0
        buf.append(text)

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag in BLOCK_TAGS:
                flush()
            elif tag == "br":
                brs += 1
            elif tag == "a" and el.get("href"):
                links.append((clean_text(el.text_content()), el.get("href").strip()))
            add(el.text)
        else:
            if tag in BLOCK_TAGS:
                flush()
            if el is not root:
                add(el.tail)
    flush()
    return blocks


def split_text(text: str) -> list[Block]:
    """Paragraphs of plain text (one per line, as the generic extractor gives them)."""
    return [Block(line) for line in text.splitlines() if line.strip()]


def strip_notice(text: str) -> str:
    return clean_text(NOTICE.sub(" ", text))


def split_footer(text: str) -> tuple[str, str]:
    """(text before the credits, the credits) for a paragraph that ends in a footer.

    A credit label counts as the footer's start only where a footer follows it: at the very
    start of the paragraph, or with a second label or a copyright line after it.
    """
    for match in FOOTER_MARK.finditer(text):
        rest = text[match.start():]
        if match.start() == 0 or len(FOOTER_MARK.findall(rest)) >= 2 or rest.lstrip().lower().startswith("copyright"):
            return text[: match.start()].strip(), rest.strip()
    return text, ""


def clean_body(blocks: list[Block], page_url: str) -> Body:
    """Paragraphs without furniture; non-empty "Baca juga" lines become related links."""
    paragraphs: list[str] = []
    related: list[dict] = []
    footer: list[str] = []
    for block in blocks:
        text = strip_notice(block.text)
        read_also = READ_ALSO.match(text)
        if read_also:
            rest = text[read_also.end():].strip()
            for title, href in block.links or ([(rest, "")] if rest else []):
                if href.lower().startswith(("javascript:", "file:", "data:", "mailto:")):
                    continue
                related.append({"title": title or rest, "url": urljoin(page_url, href) if href else None})
            continue
        text, credits = split_footer(text)
        if credits:
            footer.append(credits)
        if text:
            paragraphs.append(" ".join(text.split("\n")))
    return Body(paragraphs, related, footer)
