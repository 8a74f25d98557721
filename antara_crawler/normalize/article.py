"""Stage 2 of the flow: a RawPage (what the page said) to an Article (what we publish)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from ..items import Article, RawPage
from ..sites import article_id_from_url, canonical_url, clean_url, site_for, site_name
from .credits import parse_credits, split_names
from .dateline import split_dateline
from .dates import first_datetime, zone_of
from .images import image_credit, lead_image
from .mentions import dateline_mention, find_date_mentions
from .text import clean_body, clean_text


def _clean(value: str | None) -> str | None:
    return clean_text(value) or None if value else None


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in (clean_text(x) for x in values) if v))


def _fetched(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def content_hash(title: str, body: str) -> str:
    """What a correction changes: the title and body text (sha256, hex)."""
    return hashlib.sha256(f"{title}\n\n{body}".encode()).hexdigest()


def mentions(text: str, dateline_date: str | None, published: datetime | None) -> list[dict]:
    """The body's date mentions, after the date its dateline carries (which has no body position)."""
    found = dateline_mention(dateline_date, published) if dateline_date else None
    return [*([found] if found else []), *find_date_mentions(text, published)]


def identity(raw: RawPage) -> tuple[str, list[str]]:
    """The article's URL, and warnings: its identity is (site, id) of the URL it was fetched from; the
    page's canonical link gives the URL only when it names the same article (a better slug). A
    canonical naming another article, or no article, is a warning, never an identity."""
    fetched = canonical_url(raw.url)
    canonical = clean_url(raw.canonical_url, raw.url)
    if canonical is None:
        warnings = [f"canonical link is not a URL: {raw.canonical_url!r}"] if raw.canonical_url else []
        return fetched, warnings
    canonical = canonical_url(canonical)
    key = (site_name(fetched), article_id_from_url(fetched))
    if key[1] is None:  # fetched from a file or an address without an id: the page says where it lives
        return (canonical, []) if site_name(canonical) else (fetched, [])
    if (site_name(canonical), article_id_from_url(canonical)) == key:
        return canonical, []
    return fetched, [f"canonical link names another page: {canonical}"]


def build_article(raw: RawPage) -> Article:
    """Normalize one article page. Fields that cannot be read stay empty; validation judges them."""
    url, url_warnings = identity(raw)
    site = site_for(url)
    body = clean_body(raw.body, url)
    dateline = dateline_date = None
    if body.paragraphs:
        dateline, dateline_date, first = split_dateline(body.paragraphs[0])
        body.paragraphs[0:1] = [first] if first.strip() else []
    text = "\n\n".join(body.paragraphs)
    found = parse_credits([*body.footer, *raw.byline])
    reporters = found.reporters or _unique([n for a in raw.authors for n in split_names(a)])
    tz = zone_of(raw.published, site.tz)
    fetched = _fetched(raw.fetched_at)
    published_at, published_warnings = first_datetime(raw.published, tz, fetched)
    modified_at, modified_warnings = first_datetime(raw.modified, tz, fetched)
    title = _clean(raw.title) or ""
    caption = _clean(raw.image_caption)
    language = (raw.language or site.language).split("-")[0].lower()
    return Article(
        url=url,
        article_id=article_id_from_url(url) or "",
        site=site.name,
        language=language,
        title=title,
        summary=_clean(raw.summary),
        category=_clean(raw.category),
        tags=_unique(raw.tags),
        published_at=published_at,
        modified_at=modified_at,
        dateline=dateline,
        body=text,
        reporters=reporters,
        editors=found.editors,
        translators=found.translators,
        image_url=lead_image(clean_url(raw.image_url, url), clean_url(raw.lead_image, url)),
        image_caption=caption,
        image_credit=image_credit(caption),
        related=body.related,
        date_mentions=mentions(text, dateline_date, datetime.fromisoformat(published_at) if published_at else None),
        copyright_year=found.copyright_year,
        word_count=len(text.split()),
        content_hash=content_hash(title, text),
        fetched_at=raw.fetched_at,
        extraction_method=raw.extraction_method or "",
        parser_version=raw.parser_version or "",
        warnings=[*raw.warnings, *url_warnings, *published_warnings, *modified_warnings],
    )
