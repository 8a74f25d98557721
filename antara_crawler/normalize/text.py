"""Body text: HTML to paragraphs, Unicode and whitespace cleanup, site furniture out.

Furniture is what ANTARA wraps around every article: "Baca juga:" / "Related news:" lines
(empty when their link is rendered client-side), the "Pewarta:/Editor:/Copyright © ANTARA"
footer and, since 2025, a notice forbidding crawling. Footer text is handed back separately
so the credits can be read from it (credits.py defines what a footer looks like).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..items import Block
from ..sites import clean_url, is_article_url
from .credits import FOOTER_MARK, REPORTING_BY

# zero-width characters and soft hyphens out, no-break spaces to spaces: one table, one pass
_INVISIBLE = {
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None),
    **dict.fromkeys(map(ord, "\u00a0\u202f\u2007"), " "),
}

# Control characters (C0 but tab and line breaks, DEL) go, and a lone surrogate (from a JSON "\\ud800"
# escape) becomes U+FFFD: text the store and every export can encode. C1 characters go too, but only
# after ftfy has read them as clues to mojibake ("â€\x9d").
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_C1 = re.compile("[\x80-\x9f]")

READ_ALSO = re.compile(r"^\s*(?:baca juga|related news|read also)\s*:?\s*", re.I)
# Regional sites' republication lines: "Berita ini telah tayang di Antaranews.com dengan judul: <title>",
# "Baca berita lainnya di ...": furniture, kept as a related link when they carry one
REPUBLISHED = re.compile(
    r"^\s*(?:(?:berita|artikel) ini (?:telah |sudah )?(?:tayang|terbit|dimuat|disiarkan)\b|baca (?:juga )?(?:berita|artikel)\b.*?\bdi\b)",
    re.I,
)
_TITLED = re.compile(r"\bdengan judul\s*:?\s*[\"“]?(?P<title>.+?)[\"”]?\s*\.?\s*$", re.I)
NOTICE = re.compile(
    r"Dilarang\s+keras\s+mengambil\s+konten,?\s+melakukan\s+crawling\s+atau\s+pengindeksan\s+otomatis\s+"
    r"untuk\s+AI\s+di\s+situs\s+web\s+ini\s+tanpa\s+izin\s+tertulis\s+dari\s+Kantor\s+Berita\s+ANTARA\.?",
    re.I,
)


@dataclass
class Body:
    paragraphs: list[str]
    related: list[dict]
    footer: list[str]  # credit lines taken out of the body, for the people normalizer


# UTF-8 read as latin-1/cp1252 somewhere upstream ("Ã©", "â€œ", "Â "): only then is ftfy asked
_MOJIBAKE_HINT = re.compile("[ÃÂâ][\u0080-\u00bf\u0152-\u2122]")


def _fold(text: str) -> str:
    if not text.isascii():  # ASCII is NFC already and has no invisible characters: most paragraphs
        text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    if "\n" not in text:
        return " ".join(text.split())
    return "\n".join(filter(None, (" ".join(line.split()) for line in text.split("\n"))))


def clean_text(text: str) -> str:
    """Mojibake repaired, NFC, no-break spaces to spaces, zero-width and control characters out, lone
    surrogates replaced, whitespace folded."""
    text = _fold(text)
    if _CONTROLS.search(text):
        text = _fold(_CONTROLS.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else "", text))
    if text.isascii():  # mojibake and C1 characters are not ASCII
        return text
    text = _repair(text)
    if _C1.search(text):
        text = _repair(_fold(_C1.sub("", text)))
    return text


def _repair(text: str) -> str:
    while _MOJIBAKE_HINT.search(text):  # rare: only then is ftfy asked, until it has nothing to fix
        import ftfy

        fixed = _fold(ftfy.fix_encoding(text))
        if fixed == text:
            break
        text = fixed
    return text


def strip_notice(text: str) -> str:
    """The text without the anti-crawling notice (cleaned)."""
    text = clean_text(text)
    return clean_text(NOTICE.sub(" ", text)) if "crawling" in text.lower() else text


def split_footer(text: str) -> tuple[str, str]:
    """(text before the credits, the credits) for a paragraph that ends in a footer.

    A credit label counts as the footer's start only where a footer follows it: at the very
    start of the paragraph, or with a second label or a copyright line after it.
    """
    if ":" not in text and "opyright" not in text and "OPYRIGHT" not in text:  # no label, no copyright line
        return text, ""
    for match in FOOTER_MARK.finditer(text):
        rest = text[match.start() :]
        if match.start() == 0 or len(FOOTER_MARK.findall(rest)) >= 2 or rest.lstrip().lower().startswith("copyright"):
            return text[: match.start()].strip(), rest.strip()
    return text, ""


def clean_body(blocks: list[Block], page_url: str) -> Body:
    """Paragraphs without furniture; non-empty "Baca juga" and republication lines become related
    links; credit lines (and an English "(*) Reporting by X") go to the footer."""
    paragraphs: list[str] = []
    related: list[dict] = []
    footer: list[str] = []
    for block in blocks:
        text = strip_notice(block.text)
        read_also = READ_ALSO.match(text)
        if read_also or REPUBLISHED.match(text):
            if read_also:  # "Baca juga: <title>" names an article; "Baca juga berita lain di ..." does not
                rest = text[read_also.end() :].strip() if ":" in read_also.group(0) else ""
            else:
                rest = _republished_title(text)
            links = _links(block, rest, page_url)
            # a republication line's link counts only when it names an article (not "more news at ...")
            related.extend(
                links if read_also else [link for link in links if not link["url"] or is_article_url(link["url"])]
            )
            continue
        reporting = REPORTING_BY.match(text)
        if reporting:
            footer.append(f"Reporter: {reporting.group('names')}")
            continue
        text, credit_lines = split_footer(text)
        if credit_lines:
            footer.append(credit_lines)
        if text:
            paragraphs.append(" ".join(text.split("\n")))
    return Body(paragraphs, related, footer)


def _republished_title(text: str) -> str:
    titled = _TITLED.search(text)
    return titled.group("title").strip() if titled else ""


def _links(block: Block, rest: str, page_url: str) -> list[dict]:
    """A read-also or republication line's links as related items (script and broken links left out)."""
    found = []
    for title, href in block.links or ([(rest, "")] if rest else []):
        url = clean_url(href, page_url) if href else None
        if href and url is None:  # javascript:, file:, mailto:, or not a URL at all
            continue
        found.append({"title": clean_text(title) or rest, "url": url})
    return found
