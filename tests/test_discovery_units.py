"""Table tests for discovery helpers: sites, windows, feeds, sitemaps, card times, retries, verdicts."""

from datetime import datetime, timedelta, timezone

import pytest

from antara_crawler.normalize.dates import parse_listing_time
from antara_crawler.parsing.feeds import parse_rss, parse_sitemap, rfc822_to_iso, sitemaps_in_robots
from antara_crawler.retry import retry_after_seconds
from antara_crawler.runs import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, Locked, RunLock, verdict
from antara_crawler.sites import SITES, WIB, WIT, WITA, parse_sites
from antara_crawler.window import Window, parse_duration

NOW = datetime(2025, 2, 12, 10, 0, tzinfo=timezone.utc)


def test_parse_sites():
    assert [s.name for s in parse_sites(None)] == ["www"]
    assert [s.name for s in parse_sites("www, en,JATIM,www")] == ["www", "en", "jatim"]
    assert len(parse_sites("all")) == len(SITES) > 30
    with pytest.raises(ValueError, match="unknown site"):
        parse_sites("www,atlantis")


@pytest.mark.parametrize("name, tz, language, article_path", [
    ("www", WIB, "id", "berita"), ("en", WIB, "en", "news"), ("mataram", WITA, "id", "berita"),
    ("makassar", WITA, "id", "berita"), ("papua", WIT, "id", "berita"), ("ambon", WIT, "id", "berita"), ("jatim", WIB, "id", "berita"),
])
def test_registry(name, tz, language, article_path):
    site = SITES[name]
    assert (site.tz, site.language, site.article_path) == (tz, language, article_path)
    assert site.url("/terkini") == f"https://{name}.antaranews.com/terkini"


@pytest.mark.parametrize("value, delta", [("30m", timedelta(minutes=30)), ("12h", timedelta(hours=12)), ("2d", timedelta(days=2)), ("1w", timedelta(weeks=1)), (" 3D ", timedelta(days=3))])
def test_parse_duration(value, delta):
    assert parse_duration(value) == delta


@pytest.mark.parametrize("value", ["", "2", "d2", "2y", "-1d"])
def test_parse_duration_rejects(value):
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(value)


def test_window_dates_are_local_days():
    window = Window.parse("2025-02-01", "2025-02-28", NOW)
    assert window.contains(datetime.fromisoformat("2025-02-01T00:05:00+08:00"))  # 1 Feb in Mataram, 31 Jan in UTC
    assert window.contains(datetime.fromisoformat("2025-02-28T23:59:00+07:00"))
    assert window.before(datetime.fromisoformat("2025-01-31T23:59:00+07:00"))
    assert window.after(datetime.fromisoformat("2025-03-01T00:00:00+09:00"))
    assert window.contains(datetime.fromisoformat("2025-01-31T12:00:00+07:00"), slack=timedelta(days=1))


def test_window_times_and_relative():
    window = Window.parse("2d", None, NOW)
    assert window.since == NOW - timedelta(days=2) and window.until is None
    assert window.contains(NOW) and window.before(NOW - timedelta(days=3))
    exact = Window.parse("2025-02-01T08:00:00+07:00", "2025-02-01T09:00:00+07:00", NOW)
    assert exact.contains(datetime.fromisoformat("2025-02-01T08:00:00+07:00"))
    assert exact.after(datetime.fromisoformat("2025-02-01T09:00:00+07:00"))  # until a time: exclusive
    assert not Window.parse(None, None, NOW)


@pytest.mark.parametrize("since, until, message", [("2025-03-01", "2025-02-01", "is after until"), ("kemarin", None, "not a date")])
def test_window_rejects(since, until, message):
    with pytest.raises(ValueError, match=message):
        Window.parse(since, until, NOW)


def test_rss_of_a_real_capture(real_pages):
    entries = parse_rss((real_pages / "www-rss-terkini-2015-11-05.xml").read_bytes())
    assert len(entries) == 20
    assert entries[0].url == "http://www.antaranews.com/berita/527615/29-penerbangan-bandara-internasional-lombok-dibatalkan"
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


@pytest.mark.parametrize("xml, kind, urls", [
    (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://www.antaranews.com/berita/1/a</loc><lastmod>2025-02-01</lastmod></url></urlset>', "urlset", ["https://www.antaranews.com/berita/1/a"]),
    (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://www.antaranews.com/s1.xml</loc></sitemap></sitemapindex>', "sitemapindex", ["https://www.antaranews.com/s1.xml"]),
    (b"<html><body>not a sitemap</body></html>", "unknown", []),
    (b"", "unknown", []),
])
def test_parse_sitemap(xml, kind, urls):
    found_kind, entries = parse_sitemap(xml)
    assert (found_kind, [e.url for e in entries]) == (kind, urls)


def test_sitemaps_in_robots():
    robots = "User-agent: *\nDisallow: /search\nSitemap: https://www.antaranews.com/sitemap.xml\nsitemap:https://www.antaranews.com/news.xml\n"
    assert sitemaps_in_robots(robots) == ["https://www.antaranews.com/sitemap.xml", "https://www.antaranews.com/news.xml"]


@pytest.mark.parametrize("text, iso", [
    ("20 Februari 2026 19:00 WIB", "2026-02-20T19:00:00+07:00"),
    ("7 November 2025 10:15 WITA", "2025-11-07T10:15:00+08:00"),
    ("2 hours ago", "2025-02-12T15:00:00+07:00"),
    ("yesterday", "2025-02-11T17:00:00+07:00"),
    ("3 jam lalu", "2025-02-12T14:00:00+07:00"),
    ("", None), (None, None), ("garbage", None),
])
def test_listing_time(text, iso):
    found = parse_listing_time(text, WIB, NOW)
    assert (found.isoformat() if found else None) == iso


@pytest.mark.parametrize("header, seconds", [
    (b"120", 120.0), ("0", 0.0), (None, None), (b"soon", None),
    ("Wed, 12 Feb 2025 10:01:00 GMT", 60.0), ("Wed, 12 Feb 2025 09:00:00 GMT", 0.0),
])
def test_retry_after(header, seconds):
    assert retry_after_seconds(header, now=NOW) == seconds


@pytest.mark.parametrize("stats, code", [
    ({"finish_reason": "finished", "antara/fetched": 10}, EXIT_OK),
    ({"finish_reason": "finished"}, EXIT_OK),  # nothing new is a healthy run
    ({"finish_reason": "shutdown", "antara/fetched": 10}, EXIT_INTERRUPTED),
    ({"finish_reason": "finished", "antara/errors": 3}, EXIT_FAILED),
    ({"finish_reason": "finished", "antara/errors": 3, "downloader/response_status_count/200": 2}, EXIT_OK),
    ({"finish_reason": "finished", "antara/fetched": 10, "antara/rejected/parse/unsupported": 6}, EXIT_FAILED),
    ({"finish_reason": "finished", "antara/fetched": 10, "antara/rejected/validate": 3, "antara/rejected/parse/unsupported": 2}, EXIT_OK),
    ({"finish_reason": "finished", "antara/fetched": 4, "antara/rejected/parse/unsupported": 4}, EXIT_OK),  # too few to judge
    ({"finish_reason": "finished", "antara/fetched": 10, "antara/rejected/parse/video": 9}, EXIT_OK),  # videos are not breakage
])
def test_verdict(stats, code):
    assert verdict(stats)[0] == code


def test_run_lock_is_exclusive(tmp_path):
    path = str(tmp_path / "a.db.lock")
    with RunLock(path):
        with pytest.raises(Locked, match="another crawl is already writing"):
            with RunLock(path):
                pass
    with RunLock(path):  # released on exit
        pass


def test_sitemap_never_expands_entities_or_reads_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    hostile = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://www.antaranews.com/berita/1/x&xxe;&b;</loc></url></urlset>"""
    kind, entries = parse_sitemap(hostile)
    assert kind == "urlset"
    assert all("TOP-SECRET" not in e.url and "aaaaaaaaaa" not in e.url for e in entries)
