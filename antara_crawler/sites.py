"""The ANTARA sites and their URL rules: which URLs are articles, and an article's identity."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit, urlunsplit

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

# /<article_path>/<id>/<slug>, for every article_path the registry knows
_ARTICLE_PATH = re.compile(r"^/(?:" + "|".join(sorted({s.article_path for s in SITES.values()})) + r")/(\d+)(?:/|$)")
_NON_ARTICLE_PATH = re.compile(r"^/(foto|video|infografik|tag|author|penulis|search)(?:/|$)")


def parse_sites(value: str | None) -> list[Site]:
    """'www,en,jatim' → those sites; 'all' → every site in the registry; None → www."""
    names = [n.strip().lower() for n in (value or "www").split(",") if n.strip()]
    if names == ["all"]:
        return list(SITES.values())
    unknown = [n for n in names if n not in SITES]
    if unknown:
        raise ValueError(f"unknown site(s) {', '.join(unknown)}; known: all, {', '.join(sorted(SITES))}")
    return [SITES[n] for n in dict.fromkeys(names)]


def site_name(url: str) -> str | None:
    """The site of an ANTARA URL ("www", "en", "mataram"), or None for any other host."""
    host = (urlsplit(url).hostname or "").lower()
    if host == ROOT_DOMAIN:
        return "www"
    if host.endswith("." + ROOT_DOMAIN):
        return host[: -len(ROOT_DOMAIN) - 1].split(".")[-1]
    return None


def site_for(url: str) -> Site:
    """The registry entry for a URL's site; unknown ANTARA hosts get Indonesian/WIB defaults."""
    name = site_name(url) or "www"
    return SITES.get(name) or Site(name, "id", WIB)


def article_id_from_url(url: str) -> str | None:
    """The numeric article id in /berita/<id>/... or /news/<id>/..., else None."""
    match = _ARTICLE_PATH.match(urlsplit(url).path)
    return match.group(1) if match else None


def is_article_url(url: str) -> bool:
    return site_name(url) is not None and article_id_from_url(url) is not None


def non_article_kind(url: str) -> str | None:
    """'video', 'foto', ... when the path says the page is not a text article."""
    match = _NON_ARTICLE_PATH.match(urlsplit(url).path)
    return match.group(1) if match else None


def canonical_url(url: str) -> str:
    """The URL without query, fragment and default-port noise; the host lowercased."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, "", ""))
