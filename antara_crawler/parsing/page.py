"""The page at the door: its bytes, headers, URL and fetch time (PageInput), decoded once by one
function for every entry point (crawl, replay, `parse`, `reparse`); and the parsed document with
its structured data read once (Page), shared by every layer of the parser."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache, cached_property
from typing import Any

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding

ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# A latin-1/cp1252 declaration is often a server default over UTF-8 bytes (browsers read latin-1 as cp1252)
_LATIN = {"cp1252", "latin_1", "iso8859_1", "ascii"}
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class PageInput:
    """One fetched page as it arrived: what every entry point hands to process_page."""

    url: str  # the page's address on the real site, after redirects
    body: bytes = field(repr=False)  # a log line names the page, not its 50 KB
    fetched_at: str  # ISO 8601, UTC
    headers: dict[str, str] = field(default_factory=dict)  # response headers that matter, names lower-case
    requested_url: str | None = None  # the URL asked for, when it differs (a redirect led here)
    source: str | None = None  # where the bytes were kept, when not fetched by this run: "FILE.warc.gz#OFFSET"

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def asked_for(self) -> str:
        """The URL the page was asked for: how a run's books and the rejects table know it."""
        return self.requested_url or self.url

    @cached_property
    def decoded(self) -> tuple[str, str]:
        """(text, encoding used)."""
        return decode_page(self.body, self.content_type)

    @property
    def text(self) -> str:
        return self.decoded[0]


def decode_page(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding) of a page, as Scrapy and browsers choose the encoding (byte-order mark, then
    the Content-Type header, then the page's own <meta> declaration, else UTF-8), surviving a wrong
    one: bytes that are not UTF-8 in a page read as UTF-8 are read as cp1252 one by one (so a page
    that mixes both comes out right), and valid UTF-8 declared latin-1/cp1252 is read as UTF-8."""
    bom_encoding, bom = read_bom(body)
    if bom_encoding and bom:
        return body[len(bom) :].decode(bom_encoding, "replace"), bom_encoding
    declared = http_content_type_encoding(content_type) or _body_declared(body)
    encoding = declared or "utf-8"
    if encoding in ("utf-8", "utf8"):
        return _utf8_else_cp1252(body), "utf-8"
    if encoding in _LATIN:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not text.isascii():
                return text, "utf-8"  # valid UTF-8 with multi-byte characters: the declaration was wrong
    return body.decode(encoding, "replace"), encoding


def _body_declared(body: bytes) -> str | None:
    declared = html_body_declared_encoding(body)
    return resolve_encoding(declared) if declared else None


def _utf8_else_cp1252(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("utf-8", "surrogateescape")  # each undecodable byte becomes a lone surrogate
    return _ESCAPED_BYTES.sub(lambda m: bytes(ord(c) - 0xDC00 for c in m.group()).decode("cp1252", "replace"), text)


_BY_ID = re.compile(r"^([a-z][a-z0-9]*)?#([A-Za-z][\w-]*)(?:\s+([a-z][a-z0-9]*))?$")
_ID = etree.XPath("id($name)")
_JSON_LD = etree.XPath("//script[@type='application/ld+json']")


@cache
def css(selector: str) -> CSSSelector:
    """A compiled CSS selector (compiled once per process)."""
    return CSSSelector(selector)


def squash(text: str | None) -> str:
    """Whitespace runs to one space, stripped; None to ''."""
    return " ".join(text.split()) if text else ""


class TooDeep(ValueError):
    """The page nests elements deeper than the parser goes: what lies below would be lost."""


_PARSERS = threading.local()


def _parser() -> Any:
    """One HTML parser per thread (lxml parsers are not shared across threads), without libxml2's
    depth limit of 256 (a page of unclosed <font> tags would lose its text below it)."""
    if not hasattr(_PARSERS, "html"):
        _PARSERS.html = lxml.html.HTMLParser(huge_tree=True)
    return _PARSERS.html


def load_tree(text: str) -> Any:
    """The document's root element, or None for text lxml cannot read as HTML. Raises TooDeep when
    the page nests deeper than even the huge-tree parser goes (2048 levels): never a silently short text."""
    text = _XML_DECLARATION.sub("", text, count=1)  # lxml refuses str input that declares an encoding
    if not text.strip():
        return None
    parser = _parser()
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        root = None
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        raise TooDeep("the page nests elements deeper than 2048 levels: the text below them cannot be read")
    return root


def _ld_nodes(data: Any) -> list[dict]:
    if isinstance(data, list):
        return [node for item in data for node in _ld_nodes(item)]
    if isinstance(data, dict):
        return [data, *(_ld_nodes(data["@graph"]) if "@graph" in data else [])]
    return []


def ld_types(node: dict) -> set[str]:
    """A JSON-LD node's @type names (strings only: anything else names no type)."""
    kind = node.get("@type") or []
    return {k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}


@dataclass
class Page:
    """One parsed document with its structured data read once and shared by all layers."""

    root: Any  # lxml.html.HtmlElement
    url: str

    @cached_property
    def head(self) -> dict[str, list[Any]]:
        """The document's <meta> and <link> elements, in order, found in one walk."""
        found: dict[str, list[Any]] = {"meta": [], "link": []}
        for el in self.root.iter("meta", "link"):
            found[el.tag].append(el)
        return found

    @cached_property
    def json_ld(self) -> list[dict]:
        nodes = []
        for script in _JSON_LD(self.root):  # only these become Python objects, not the page's dozens of ad scripts
            try:
                nodes.extend(_ld_nodes(json.loads(script.text or "", strict=False)))
            except (ValueError, RecursionError):
                continue  # a broken (or absurdly nested) JSON-LD block costs this layer, not the page
        return nodes

    @cached_property
    def ld_types(self) -> set[str]:
        return {t for node in self.json_ld for t in ld_types(node)}

    @cached_property
    def news_article(self) -> dict:
        """The JSON-LD NewsArticle (or Article) node, or {}."""
        return next((n for n in self.json_ld if ld_types(n) & ARTICLE_TYPES), {})

    @cached_property
    def meta(self) -> dict[str, str]:
        """<meta> content by name/property/itemprop (first occurrence wins), keys lowercased."""
        found: dict[str, str] = {}
        for el in self.head["meta"]:
            key = el.get("property") or el.get("name") or el.get("itemprop")
            content = el.get("content")
            if key and content is not None:
                found.setdefault(key.lower(), content)
        return found

    def select(self, selector: str, scope: Any = None) -> list[Any]:
        by_id = _BY_ID.match(selector)
        if by_id:  # "#x", "div#x", "#x img": the document's id index instead of a walk of the tree
            tag, name, rest = by_id.groups()
            found = _ID(self.root, name=name)
            el = found[0] if found else None
            if el is None:
                return []
            inside = scope is None or el is scope or scope in el.iterancestors()
            if inside and (not tag or el.tag == tag):
                return css(rest)(el) if rest else [el]
            # a duplicate id (the index holds its first element only): the walk says
        return css(selector)(self.root if scope is None else scope)

    def first_text(self, *selectors: str, scope: Any = None) -> str | None:
        """The text of the first element any selector finds (selectors tried in order)."""
        for selector in selectors:
            for el in self.select(selector, scope):
                text = squash(el.text_content())
                if text:
                    return text
        return None

    def texts(self, selector: str, scope: Any = None) -> list[str]:
        return [t for t in (squash(el.text_content()) for el in self.select(selector, scope)) if t]

    @cached_property
    def canonical(self) -> str | None:
        for el in self.head["link"]:
            if el.get("rel") == "canonical" and el.get("href"):
                return el.get("href").strip()
        return self.meta.get("og:url")  # the 2015-2018 layout's microdata URL is its own rule (old_2015.py)


def ld_text(value: Any) -> str | None:
    """A JSON-LD value as text: strings as they are, {"name"/"url"/"@id"} objects, first of a list."""
    if isinstance(value, list):
        return next((t for t in map(ld_text, value) if t), None)
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("url") or value.get("@id"))
    if value is None:
        return None
    return squash(str(value)) or None


def ld_list(value: Any) -> list[str]:
    """A JSON-LD list-ish value (list, comma-separated string, objects with names) as strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in (squash(p) for p in value.split(",")) if part]
    if isinstance(value, list):
        return [t for v in value for t in ld_list(v)]
    text = ld_text(value)
    return [text] if text else []
