"""The ANTARA sites and their URL rules: which URLs are articles, and an article's identity."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

WIB = timezone(timedelta(hours=7), "WIB")
WITA = timezone(timedelta(hours=8), "WITA")
WIT = timezone(timedelta(hours=9), "WIT")
ZONES = {"WIB": WIB, "WITA": WITA, "WIT": WIT}  # the one zone table: names as ANTARA writes them


def zone_name(moment: datetime) -> str | None:
    """'WIB', 'WITA' or 'WIT' for a time in one of Indonesia's zones, else None."""
    offset = moment.utcoffset()
    return next((name for name, tz in ZONES.items() if tz.utcoffset(None) == offset), None)


ROOT_DOMAIN = "antaranews.com"


@dataclass(frozen=True)
class Site:
    """One ANTARA site: everything discovery and parsing need to know about it."""

    name: str  # the host's first label: "www", "en", "mataram"
    language: str
    tz: timezone
    article_path: str = "berita"  # /berita/<id>/<slug>; the English site uses /news/
    feeds: tuple[str, ...] = ("/rss/terkini.xml",)  # RSS 2.0, newest first
    listings: tuple[str, ...] = ("/terkini",)  # paginated with ?page=N

    @property
    def host(self) -> str:
        return f"{self.name}.{ROOT_DOMAIN}"

    def url(self, path: str) -> str:
        return f"https://{self.host}{path}"


_WITA_SITES = "bali mataram kupang kalsel kaltim sulut gorontalo sulteng sulbar makassar sultra".split()
_WIT_SITES = "ambon malut papua papuabarat".split()
_WIB_SITES = (
    "www otomotif aceh sumut sumbar riau jambi sumsel babel bengkulu lampung banten megapolitan "
    "jabar jateng jogja jatim kalbar kalteng kepri"
).split()

SITES: dict[str, Site] = {
    # The English site's feed and listing paths are not documented anywhere we know of: unverified
    "en": Site("en", "en", WIB, "news", feeds=("/rss/news.xml",), listings=("/latest-news",)),
    **{n: Site(n, "id", WIB) for n in _WIB_SITES},
    **{n: Site(n, "id", WITA) for n in _WITA_SITES},
    **{n: Site(n, "id", WIT) for n in _WIT_SITES},
}

# /<article_path>/<id>/<slug>, for every article_path the registry knows (an /amp/ prefix is a variant)
_ARTICLE_PATH = re.compile(
    r"^(?:/amp)?/(?P<path>"
    + "|".join(sorted({s.article_path for s in SITES.values()}))
    + r")/(?P<id>\d+)(?P<rest>/[^?#]*)?$"
)
_NON_ARTICLE_PATH = re.compile(r"^/(foto|video|infografik|tag|author|penulis|search)(?:/|$)")
_VARIANT_LABELS = {"m", "amp"}  # m.antaranews.com, amp.jatim.antaranews.com: the same site
_DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_sites(value: str | None) -> list[Site]:
    """'www,en,jatim' → those sites; 'all' → every site in the registry; None → www."""
    names = [n.strip().lower() for n in (value or "www").split(",") if n.strip()]
    if names == ["all"]:
        return list(SITES.values())
    unknown = [n for n in names if n not in SITES]
    if unknown:
        raise ValueError(f"unknown site(s) {', '.join(unknown)}; known: all, {', '.join(sorted(SITES))}")
    return [SITES[n] for n in dict.fromkeys(names)]


@lru_cache(maxsize=4096)
def _split(url: str) -> SplitResult | None:
    """urlsplit, or None for what is not a URL at all ('http://[x', text with a lone surrogate)."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises on a port that is not a number
        url.encode("utf-8")
    except (ValueError, UnicodeError):
        return None
    return parts


def _site_of_host(host: str) -> str | None:
    if host == ROOT_DOMAIN:
        return "www"
    if not host.endswith("." + ROOT_DOMAIN):
        return None
    labels = [label for label in host[: -len(ROOT_DOMAIN) - 1].split(".") if label not in _VARIANT_LABELS]
    return labels[-1] if labels else "www"


def site_name(url: str) -> str | None:
    """The site of an ANTARA URL ("www", "en", "mataram"; m. and amp. hosts are their site), or None
    for any other host or what is not a URL."""
    parts = _split(url)
    return _site_of_host((parts.hostname or "").lower()) if parts else None


def site_for(url: str) -> Site:
    """The registry entry for a URL's site; unknown ANTARA hosts get Indonesian/WIB defaults."""
    name = site_name(url) or "www"
    return SITES.get(name) or Site(name, "id", WIB)


def article_id_from_url(url: str) -> str | None:
    """The numeric article id in /berita/<id>/... or /news/<id>/... as a plain number (a leading zero
    or full-width digits give the same id), else None."""
    parts = _split(url)
    match = _ARTICLE_PATH.match(parts.path) if parts else None
    return str(int(match.group("id"))) if match else None


def is_article_url(url: str) -> bool:
    return site_name(url) is not None and article_id_from_url(url) is not None


def non_article_kind(url: str) -> str | None:
    """'video', 'foto', ... when the path says the page is not a text article."""
    parts = _split(url)
    match = _NON_ARTICLE_PATH.match(parts.path) if parts else None
    return match.group(1) if match else None


@lru_cache(maxsize=4096)
def clean_url(url: str | None, base: str | None = None) -> str | None:
    """An http(s) URL as it should be stored: resolved against base, host lower-case, no user:password,
    no default port, no fragment; None for anything else (another scheme, 'http://[x', a lone surrogate)."""
    if not url:
        return None
    try:
        joined = urljoin(base, url.strip()) if base else url.strip()
    except ValueError:
        return None
    parts = _split(joined)
    if parts is None or parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return None
    scheme, host = parts.scheme.lower(), parts.hostname.lower()
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


@lru_cache(maxsize=4096)
def canonical_url(url: str) -> str:
    """An ANTARA URL in the one spelling the archive uses: https, the site's www-style host (no m./amp.
    variant), no query, fragment, port or user; an article's path as /<path>/<id>/<slug> with the id
    a plain number. Any other URL: as clean_url gives it, without the query (or as given if it is not one)."""
    cleaned = clean_url(url)
    if cleaned is None:
        return url.strip()
    parts = urlsplit(cleaned)
    site = _site_of_host(parts.hostname or "")
    if site is None:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    path = parts.path
    match = _ARTICLE_PATH.match(path)
    if match:
        rest = (match.group("rest") or "").removesuffix("/amp")
        path = f"/{match.group('path')}/{int(match.group('id'))}{rest}"
    return urlunsplit(("https", f"{site}.{ROOT_DOMAIN}", path, "", ""))
