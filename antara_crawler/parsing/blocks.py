"""Paragraphs as the page has them: block elements and runs of two or more <br> split them.

Pages put body text in <p>s, in <div>s, or as bare text nodes separated by <br><br>; this turns
any of these into Blocks (text as found, with the links in it) for the body normalizer.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

from ..items import Block
from .page import squash

BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote table tr section article header footer pre dl dt dd".split()
)
_SKIP_TAGS = ("script", "style", "noscript", "template")


def split_blocks(html: str | etree._Element) -> list[Block]:
    """Paragraphs of an element (or an HTML fragment); the element is modified: scripts go."""
    root = lxml.html.fragment_fromstring(html, create_parent="div") if isinstance(html, str) else html
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
                links.append((squash(el.text_content()), el.get("href").strip()))
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
