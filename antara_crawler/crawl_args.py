"""The spider's arguments (`-a NAME=VALUE`), parsed and checked before anything starts. Pure.

Every problem is one line naming the argument; an unknown name is refused with the list of known ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from .archives import KNOWN_ARCHIVES
from .sites import ROOT_DOMAIN, Site, parse_sites, site_name
from .window import Window, bound_text, parse_duration

SOURCES = ("rss", "listing", "sitemap", "cdx")
KNOWN = (
    "url", "urls_file", "listing", "sites", "sources", "since", "until", "refresh", "max_pages", "mirror",
    "cdx", "cdx_replay", "cdx_warc",
)  # fmt: skip
MAX_URLS_FILE = 10 * 1024 * 1024
_SEPARATORS = re.compile(r"[\s,]+")
T = TypeVar("T")


class ArgumentError(ValueError):
    """One or more bad spider arguments; `problems` has one line for each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def split_urls(value: str | None) -> list[str]:
    """URLs from one argument: separated by commas or whitespace."""
    return [u for u in _SEPARATORS.split(value or "") if u]


def antara_urls(urls: list[str]) -> list[str]:
    bad = [u for u in urls if urlsplit(u).scheme not in ("http", "https") or site_name(u) is None]
    if bad:
        raise ValueError(f"not ANTARA URLs (expected http(s)://*.{ROOT_DOMAIN}/...): {', '.join(bad)}")
    return urls


def read_urls_file(path: str) -> list[str]:
    """One URL per line, '#' starts a comment; at most MAX_URLS_FILE bytes are read."""
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_URLS_FILE + 1)
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_URLS_FILE:
        raise ValueError(f"{path} is larger than {MAX_URLS_FILE // (1024 * 1024)} MB")
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not UTF-8 text") from None
    return antara_urls([line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")])


def whole_number(value: str) -> int:
    if not value.strip().isdigit() or int(value) < 1:
        raise ValueError(f"not a whole number of at least 1: {value!r}")
    return int(value)


def mirror_base(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL with a host: {value!r} (e.g. http://127.0.0.1:8000)")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise ValueError(f"bad port in {value!r}") from None
    return value.rstrip("/")


def site_list(value: str) -> list[Site]:
    if not [n for n in value.split(",") if n.strip()]:
        raise ValueError(f"no site named in {value!r}")
    return parse_sites(value)


def source_list(value: str) -> list[str]:
    names = [s.strip() for s in value.split(",") if s.strip()]
    unknown = sorted(set(names) - set(SOURCES))
    if unknown or not names:
        raise ValueError(f"unknown source(s) {', '.join(unknown) or repr(value)}; known: {', '.join(SOURCES)}")
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class CrawlArgs:
    """What a crawl was asked to do."""

    article_urls: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    window: Window = field(default_factory=Window)
    refresh: timedelta | None = None
    max_pages: int = 10
    mirror: str | None = None
    cdx: str | None = None  # a CDX index endpoint: the "cdx" source asks it for captures (archives.py)
    cdx_replay: str | None = None  # fetch those captures from this replay prefix (<prefix>/<timestamp>id_/<url>)
    cdx_warc: str | None = None  # or from the WARC files under this URL, by range request
    given: dict[str, str] = field(default_factory=dict)  # as given, for the run's record
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def parse(cls, given: Mapping[str, Any], now: datetime | None = None) -> CrawlArgs:
        """Check every argument; raise ArgumentError listing every problem, one line each."""
        now = now or datetime.now(UTC)
        given = {k: str(v) for k, v in given.items()}
        problems: list[str] = []
        unknown = sorted(set(given) - set(KNOWN))
        if unknown:
            problems.append(f"unknown argument(s) {', '.join(unknown)}; known: {', '.join(KNOWN)}")

        def check(name: str, read: Callable[[str], T]) -> T | None:
            if given.get(name) is None:
                return None
            try:
                return read(given[name])
            except ValueError as exc:
                problems.append(f"{name}: {exc}")
                return None

        urls = (check("url", lambda v: antara_urls(split_urls(v))) or []) + (check("urls_file", read_urls_file) or [])
        listings = check("listing", lambda v: antara_urls(split_urls(v))) or []
        explicit = bool(urls or listings or given.get("url") or given.get("urls_file") or given.get("listing"))
        sites = check("sites", site_list)
        sources = check("sources", source_list)
        since, until = (
            check("since", lambda v: Window.parse(v, None, now).since),
            check("until", lambda v: Window.parse(None, v, now).until),
        )
        window = Window(since, until)
        if since and until:
            try:
                window = Window.parse(bound_text(since), bound_text(until), now)
            except ValueError as exc:
                problems.append(f"since/until: {exc}")
        refresh = check("refresh", parse_duration)
        max_pages = check("max_pages", whole_number)
        mirror = check("mirror", mirror_base)
        cdx, replay, warc_base = (check(name, mirror_base) for name in ("cdx", "cdx_replay", "cdx_warc"))
        if cdx and not (replay or warc_base):
            kind, prefix = KNOWN_ARCHIVES.get(urlsplit(cdx).hostname or "", (None, None))
            replay, warc_base = (prefix, None) if kind == "replay" else (None, prefix)
            if not prefix:
                problems.append(
                    "cdx: say where its captures are: cdx_replay=<the archive's replay prefix> (Wayback, pywb) "
                    "or cdx_warc=<where its WARC files are> (Common Crawl)"
                )
        if (replay or warc_base) and not cdx:
            problems.append("cdx_replay, cdx_warc: only with cdx=<a CDX index endpoint>")
        if replay and warc_base:
            problems.append("cdx_replay, cdx_warc: one or the other")
        if cdx and mirror:
            problems.append("cdx: not with mirror (a mirror run fetches nothing but the mirror)")
        if sources and "cdx" in sources and not cdx:
            problems.append("sources: cdx needs cdx=<a CDX index endpoint>")
        if problems:
            raise ArgumentError(problems)
        if sites is None:
            sites = [] if explicit else parse_sites(None)
        if sources is None:
            sources = ["cdx"] if cdx else [] if explicit and not given.get("sites") else ["rss", "listing"]
        # A backfill pages until the window's start; an incremental run stops at the first page it knows
        return cls(
            urls,
            listings,
            sites,
            sources,
            window,
            refresh,
            max_pages or (1000 if window.since else 10),
            mirror,
            cdx,
            replay,
            warc_base,
            given,
            now,
        )

    def settings(self) -> dict[str, Any]:
        """What the crawl's other components need to know of the arguments, as Scrapy settings."""
        return {
            "ANTARA_SINCE": bound_text(self.window.since),
            "ANTARA_UNTIL": bound_text(self.window.until),
            "ANTARA_MIRROR": self.mirror,
            "ANTARA_CDX": self.cdx,
            "ANTARA_SPIDER_ARGS": dict(self.given),
        }
