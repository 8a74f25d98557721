"""Discovery pages: feeds, sitemaps, robots.txt and listing pages."""

import subprocess
import sys
from datetime import UTC, datetime

import pytest

from antara_crawler.normalize.dates import parse_listing_time, relative_time
from antara_crawler.parsing.discovery import parse_listing, parse_rss, parse_sitemap, rfc822_to_iso, sitemaps_in_robots
from antara_crawler.sites import WIB
from helpers import FIXTURES

NOW = datetime(2025, 2, 12, 10, 0, tzinfo=UTC)
LISTING = FIXTURES / "not-article" / "www-2026-11-25-listing-terkini.html"


def test_rss_of_a_real_capture(real_pages):
    entries = parse_rss((real_pages / "www-rss-terkini-2015-11-05.xml").read_bytes())
    assert len(entries) == 20
    assert (
        entries[0].url
        == "http://www.antaranews.com/berita/527615/29-penerbangan-bandara-internasional-lombok-dibatalkan"
    )
    assert rfc822_to_iso(entries[0].published) == "2015-11-05T14:56:43+07:00"


def test_rss_never_expands_entities_or_reads_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    hostile = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rss version="2.0"><channel><item><title>&xxe;&c;</title><link>https://www.antaranews.com/berita/1/x</link></item></channel></rss>"""
    [entry] = parse_rss(hostile)
    assert entry.url == "https://www.antaranews.com/berita/1/x"
    assert "TOP-SECRET" not in (entry.title or "") and "aaaaaaaaaa" not in (entry.title or "")


@pytest.mark.parametrize(
    "xml, kind, urls",
    [
        (
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://www.antaranews.com/berita/1/a</loc><lastmod>2025-02-01</lastmod></url></urlset>',
            "urlset",
            ["https://www.antaranews.com/berita/1/a"],
        ),
        (
            b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://www.antaranews.com/s1.xml</loc></sitemap></sitemapindex>',
            "sitemapindex",
            ["https://www.antaranews.com/s1.xml"],
        ),
        (b"<html><body>not a sitemap</body></html>", "unknown", []),
        (b"", "unknown", []),
    ],
)
def test_parse_sitemap(xml, kind, urls):
    found_kind, entries = parse_sitemap(xml)
    assert (found_kind, [e.url for e in entries]) == (kind, urls)


def test_sitemaps_in_robots():
    robots = "User-agent: *\nDisallow: /search\nSitemap: https://www.antaranews.com/sitemap.xml\nsitemap:https://www.antaranews.com/news.xml\n"
    assert sitemaps_in_robots(robots) == [
        "https://www.antaranews.com/sitemap.xml",
        "https://www.antaranews.com/news.xml",
    ]


@pytest.mark.parametrize(
    "text, iso",
    [
        ("20 Februari 2026 19:00 WIB", "2026-02-20T19:00:00+07:00"),
        ("7 November 2025 10:15 WITA", "2025-11-07T10:15:00+08:00"),
        ("2 hours ago", "2025-02-12T15:00:00+07:00"),
        ("yesterday", "2025-02-11T17:00:00+07:00"),
        ("3 jam lalu", "2025-02-12T14:00:00+07:00"),
        ("", None),
        (None, None),
        ("garbage", None),
    ],
)
def test_listing_time(text, iso):
    found = parse_listing_time(text, WIB, NOW)
    assert (found.isoformat() if found else None) == iso


def test_sitemap_never_expands_entities_or_reads_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    hostile = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://www.antaranews.com/berita/1/x&xxe;&b;</loc></url></urlset>"""
    kind, entries = parse_sitemap(hostile)
    assert kind == "urlset"
    assert all("TOP-SECRET" not in e.url and "aaaaaaaaaa" not in e.url for e in entries)


def test_listing_cards():
    entries = parse_listing(LISTING.read_text(encoding="utf-8"), "https://www.antaranews.com/terkini")
    assert len(entries) == 7  # the video card, sidebar, off-site and javascript: links are not articles
    assert entries[0].title == "Festival budaya Nusantara digelar di TMII"
    assert entries[0].time_text == "20 Februari 2026 19:00 WIB"
    assert (
        "https://www.antaranews.com/berita/4645921/china-tanggapi-penolakan-inggris-as-dalam-kesepakatan-global-soal-ai"
        in [e.url for e in entries]
    )  # relative link resolved


def test_listing_without_cards_falls_back_to_article_links():
    html = '<html><body><a href="/berita/5/x">x</a><a href="/foto/6/y">y</a><a href="https://other.com/berita/7/z">z</a></body></html>'
    assert [e.url for e in parse_listing(html, "https://jatim.antaranews.com/")] == [
        "https://jatim.antaranews.com/berita/5/x"
    ]


@pytest.mark.parametrize(
    "text",
    ["2 hours ago", "1 hours ago", "an hour ago", "a day ago", "3 days ago", "45 minutes ago", "10 mins ago",
     "1 week ago", "30 seconds ago", "3 jam lalu", "5 menit yang lalu", "2 hari lalu", "1 minggu lalu",
     "yesterday", "kemarin", "Yesterday", "7 Hours Ago"],
)  # fmt: skip
def test_relative_card_times_read_without_dateparser_as_dateparser_reads_them(text):
    import dateparser

    base = NOW.astimezone(WIB).replace(tzinfo=None)
    oracle = dateparser.parse(text, languages=["id", "en"], settings={"RELATIVE_BASE": base})
    assert relative_time(text, base) == oracle


def test_a_scheduled_run_reading_antara_shapes_never_imports_dateparser():
    code = (
        "import sys; from datetime import datetime, timezone, timedelta; "
        "from antara_crawler.normalize.dates import parse_listing_time, relative_time, parse_datetime; "
        "import antara_crawler.spiders.antara, antara_crawler.crawl.pipelines; "
        "tz = timezone(timedelta(hours=7)); now = datetime(2025, 2, 12, 17, tzinfo=tz); "
        "[parse_listing_time(t, tz, now) for t in ('20 Februari 2026 19:00 WIB', '2 hours ago', 'kemarin')]; "
        "parse_datetime('Rabu, 12 Februari 2025 17:26 WIB', tz); "
        "print(sorted(m for m in ('dateparser', 'ftfy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
