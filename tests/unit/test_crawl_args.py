"""The spider's arguments: every one checked before anything starts, one line per problem naming the
argument, unknown names refused with the list of known ones."""

from datetime import UTC, date, datetime, timedelta

import pytest

from antara_crawler.crawl_args import KNOWN, ArgumentError, CrawlArgs

NOW = datetime(2025, 2, 12, 10, 0, tzinfo=UTC)


def problems(**given: str) -> list[str]:
    with pytest.raises(ArgumentError) as raised:
        CrawlArgs.parse(given, NOW)
    return raised.value.problems


def test_defaults_are_an_incremental_run_of_www():
    args = CrawlArgs.parse({}, NOW)
    assert ([s.name for s in args.sites], args.sources, args.max_pages, args.window.since) == (
        ["www"],
        ["rss", "listing"],
        10,
        None,
    )


def test_a_backfill_pages_further():
    args = CrawlArgs.parse({"since": "2025-01-01", "until": "2025-01-31", "sites": "www,jatim"}, NOW)
    assert (
        args.max_pages == 1000
        and args.window.since == date(2025, 1, 1)
        and [s.name for s in args.sites] == ["www", "jatim"]
    )
    assert args.settings() == {
        "ANTARA_SINCE": "2025-01-01",
        "ANTARA_UNTIL": "2025-01-31",
        "ANTARA_MIRROR": None,
        "ANTARA_CDX": None,
        "ANTARA_SPIDER_ARGS": {"since": "2025-01-01", "until": "2025-01-31", "sites": "www,jatim"},
    }


def test_explicit_urls_fetch_just_those(tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("# comment\nhttps://jatim.antaranews.com/berita/5/x\n\n", encoding="utf-8")
    args = CrawlArgs.parse(
        {"url": "https://www.antaranews.com/berita/1/a, https://www.antaranews.com/berita/2/b", "urls_file": str(urls)},
        NOW,
    )
    assert args.article_urls == [
        "https://www.antaranews.com/berita/1/a",
        "https://www.antaranews.com/berita/2/b",
        "https://jatim.antaranews.com/berita/5/x",
    ]
    assert (args.sites, args.sources) == ([], [])
    with_sites = CrawlArgs.parse({"listing": "https://www.antaranews.com/politik", "sites": "en"}, NOW)
    assert with_sites.sources == ["rss", "listing"] and with_sites.listings == ["https://www.antaranews.com/politik"]


def test_a_relative_window_is_resolved_once():
    args = CrawlArgs.parse({"since": "2d"}, NOW)
    assert args.window.since == NOW - timedelta(days=2)
    assert args.settings()["ANTARA_SINCE"] == "2025-02-10T10:00:00+00:00"


def test_an_unknown_argument_is_refused_with_the_known_ones():
    [problem] = problems(site="jatim")
    assert problem == f"unknown argument(s) site; known: {', '.join(KNOWN)}"


@pytest.mark.parametrize(
    "name, value, says",
    [
        ("max_pages", "abc", "max_pages: not a whole number of at least 1: 'abc'"),
        ("max_pages", "0", "max_pages: not a whole number"),
        ("since", "last tuesday", "since: not a date, time or duration: 'last tuesday'"),
        ("since", "999999999d", "since: duration too long"),
        ("until", "2025-13-45", "until: not a date, time or duration"),
        ("refresh", "soon", "refresh: not a duration: 'soon'"),
        ("sites", ",", "sites: no site named in ','"),
        ("sites", "www,atlantis", "sites: unknown site(s) atlantis; known: all, "),
        (
            "sources",
            "rss,carrier-pigeon",
            "sources: unknown source(s) carrier-pigeon; known: rss, listing, sitemap, cdx",
        ),
        ("sources", ",", "sources: unknown source(s) ','"),
        ("mirror", "garbage", "mirror: not an http(s) URL with a host: 'garbage'"),
        ("mirror", "ftp://127.0.0.1/x", "mirror: not an http(s) URL"),
        ("mirror", "file:///", "mirror: not an http(s) URL"),
        ("mirror", "http://127.0.0.1:port", "mirror: bad port"),
        ("url", "https://example.com/berita/1/x", "url: not ANTARA URLs"),
        ("url", "file:///etc/passwd", "url: not ANTARA URLs"),
        ("listing", "javascript:alert(1)", "listing: not ANTARA URLs"),
        ("urls_file", "/no/such/file.txt", "urls_file: cannot read /no/such/file.txt: No such file or directory"),
        ("urls_file", "/dev/zero", "urls_file: /dev/zero is larger than 10 MB"),
    ],
)
def test_each_bad_value_is_one_line_naming_its_argument(name, value, says):
    [problem] = problems(**{name: value})
    assert problem.startswith(says)


def test_every_problem_is_reported_at_once():
    found = problems(max_pages="abc", since="2025-03-01", until="2025-02-01", mirror="x", bogus="1")
    assert [p.split(":")[0].split(" ")[0] for p in found] == ["unknown", "since/until", "max_pages", "mirror"]


def test_a_urls_file_that_is_not_text(tmp_path):
    binary = tmp_path / "urls.bin"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert problems(urls_file=str(binary)) == [f"urls_file: {binary} is not UTF-8 text"]


def test_an_archive_source_needs_to_know_where_the_captures_are():
    wayback = CrawlArgs.parse({"cdx": "https://web.archive.org/cdx/search/cdx"}, NOW)
    assert (wayback.sources, wayback.cdx_replay, wayback.cdx_warc) == (["cdx"], "https://web.archive.org/web", None)
    common_crawl = CrawlArgs.parse({"cdx": "https://index.commoncrawl.org/CC-MAIN-2025-08-index"}, NOW)
    assert (common_crawl.cdx_replay, common_crawl.cdx_warc) == (None, "https://data.commoncrawl.org")
    assert problems(cdx="http://127.0.0.1:8080/C/cdx")[0].startswith("cdx: say where its captures are")
    assert problems(cdx_replay="http://127.0.0.1:8080/C") == [
        "cdx_replay, cdx_warc: only with cdx=<a CDX index endpoint>"
    ]
    both = problems(cdx="http://a/cdx", cdx_replay="http://a/C", cdx_warc="http://b/")
    assert both == ["cdx_replay, cdx_warc: one or the other"]
    assert problems(cdx="http://a/cdx", cdx_replay="http://a/C", mirror="http://m/")[0].startswith(
        "cdx: not with mirror"
    )
    assert problems(sources="cdx") == ["sources: cdx needs cdx=<a CDX index endpoint>"]
