"""Shared page helpers for every layout: the lxml tree, JSON-LD, meta tags, text of a selector."""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


@lru_cache(maxsize=None)
def css(selector: str) -> CSSSelector:
    """A compiled CSS selector (compiled once per process)."""
    return CSSSelector(selector)


def squash(text: str | None) -> str:
    """Whitespace runs to one space, stripped; None to ''."""
    return " ".join(text.split()) if text else ""


_LATIN = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "cp1252", "windows-1252", "ascii", "us-ascii"}


def _cp1252_for_bad_utf8(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("antara-cp1252", _cp1252_for_bad_utf8)


def decode_html(body: bytes, declared: str | None) -> str:
    """The page's text, surviving a wrong charset: bytes that are not UTF-8 in a page declared
    UTF-8 are read as cp1252 (one by one, so a page that mixes both comes out right), and UTF-8
    declared as latin-1/cp1252 is read as UTF-8."""
    encoding = codecs.lookup(declared).name if declared and _known(declared) else "utf-8"
    if encoding in ("utf-8", "utf-8-sig"):
        return body.decode("utf-8-sig", errors="antara-cp1252")
    if encoding in _LATIN or declared.lower() in _LATIN:
        try:
            text = body.decode("utf-8-sig")
            if not text.isascii():
                return text  # valid UTF-8 with multi-byte characters: the declaration was wrong
        except UnicodeDecodeError:
            pass
    return body.decode(encoding, errors="replace")


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def load_tree(html: str | bytes) -> etree._Element | None:
    """The document's root element, or None for input lxml cannot read as HTML."""
    if isinstance(html, str):
        # lxml refuses str input that carries an encoding declaration
        html = _XML_DECLARATION.sub("", html, count=1)
    if not html or not html.strip():
        return None
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    return root


def _ld_nodes(data) -> list[dict]:
    if isinstance(data, list):
        return [node for item in data for node in _ld_nodes(item)]
    if isinstance(data, dict):
        return [data, *(_ld_nodes(data["@graph"]) if "@graph" in data else [])]
    return []


def _types(node: dict) -> set[str]:
    kind = node.get("@type") or []
    return set(kind if isinstance(kind, list) else [kind])


@dataclass
class Page:
    """One parsed document with its structured data read once and shared by all layers."""

    root: etree._Element
    url: str

    @cached_property
    def json_ld(self) -> list[dict]:
        nodes = []
        for script in css('script[type="application/ld+json"]')(self.root):
            try:
                nodes.extend(_ld_nodes(json.loads(script.text or "", strict=False)))
            except ValueError:
                continue  # a broken JSON-LD block costs this layer, not the page
        return nodes

    @cached_property
    def ld_types(self) -> set[str]:
        return {t for node in self.json_ld for t in _types(node)}

    @cached_property
    def news_article(self) -> dict:
        """The JSON-LD NewsArticle (or Article) node, or {}."""
        return next((n for n in self.json_ld if _types(n) & ARTICLE_TYPES), {})

    @cached_property
    def meta(self) -> dict[str, str]:
        """<meta> content by name/property/itemprop (first occurrence wins), keys lowercased."""
        found: dict[str, str] = {}
        for el in self.root.iter("meta"):
            key = el.get("property") or el.get("name") or el.get("itemprop")
            content = el.get("content")
            if key and content is not None:
                found.setdefault(key.lower(), content)
        return found

    def select(self, selector: str, scope: etree._Element | None = None) -> list[etree._Element]:
        return css(selector)(self.root if scope is None else scope)

    def first_text(self, *selectors: str) -> str | None:
        """The text of the first element any selector finds (selectors tried in order)."""
        for selector in selectors:
            for el in self.select(selector):
                text = squash(el.text_content())
                if text:
                    return text
        return None

    def texts(self, selector: str) -> list[str]:
        return [t for t in (squash(el.text_content()) for el in self.select(selector)) if t]

    @cached_property
    def canonical(self) -> str | None:
        for el in self.root.iter("link"):
            if el.get("rel") == "canonical" and el.get("href"):
                return el.get("href").strip()
        if self.meta.get("og:url"):
            return self.meta["og:url"]
        microdata = css('a[itemprop="url"][href]')(self.root)  # the 2015-2018 layout's only URL
        return microdata[0].get("href").strip() if microdata else None


def ld_text(value) -> str | None:
    """A JSON-LD value as text: strings as they are, {"name"/"url"/"@id"} objects, first of a list."""
    if isinstance(value, list):
        return next((t for t in map(ld_text, value) if t), None)
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("url") or value.get("@id"))
    if value is None:
        return None
    return squash(str(value)) or None


def ld_list(value) -> list[str]:
    """A JSON-LD list-ish value (list, comma-separated string, objects with names) as strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in (squash(p) for p in value.split(",")) if part]
    if isinstance(value, list):
        return [t for v in value for t in ld_list(v)]
    text = ld_text(value)
    return [text] if text else []
