"""WARC: a crawl keeps every request and response as WARC (crawl/warc.py); `antara-crawler import`
stores the ANTARA articles of any WARC file through the same parser (warcs.py, tools/importer.py)."""

import gzip
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from antara_crawler.parsing.page import PageInput
from antara_crawler.process import process_page
from antara_crawler.sites import is_article_url
from antara_crawler.tools.cli import cli
from antara_crawler.tools.fixtures import result_record
from crawling import crawl
from helpers import FIXTURES, fixtures

REAL = {
    "www-berita-527615-2015-11-05.html": "http://www.antaranews.com/berita/527615/29-penerbangan-bandara-internasional-lombok-dibatalkan",
    "otomotif-berita-546646-2016-02-23.html": "http://otomotif.antaranews.com/berita/546646/prototype",
}


def records(folder: Path) -> list:
    found = []
    for path in sorted(folder.glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                payload = record.raw_stream.read() if record.rec_type == "response" else b""
                found.append((record, payload))
    return found


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def write_warc(path: Path, pages: list[tuple[str, bytes, str, str]], version: str = "WARC/1.0", extra: bool = True):
    """A WARC as another tool writes one (wget/warcprox style, WARC/1.0 by default): for each page a
    response (and a request), plus records an import must pass over."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz", warc_version=version)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for url, body, date, content_type in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            response = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": date}
            )
            request = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True),
            )
            writer.write_request_response_pair(request, response)
        if extra:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            other = writer.create_warc_record(
                "https://example.org/", "response", payload=io.BytesIO(b"<html></html>"), http_headers=http
            )
            writer.write_record(other)
            gone = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            missing = writer.create_warc_record(
                "https://www.antaranews.com/berita/1/hilang", "response", payload=io.BytesIO(b"x"), http_headers=gone
            )
            writer.write_record(missing)


def as_parse_sees_it(url: str, body: bytes, date: str, content_type: str) -> dict:
    """What `antara-crawler parse` gives for the same bytes, URL, fetch time and Content-Type."""
    fetched = date.replace("Z", "+00:00")
    return result_record(process_page(PageInput(url, body, fetched, {"content-type": content_type})))


def stored(db: Path) -> dict[str, dict]:
    out = db.with_suffix(".jsonl")
    assert run("export", out, "--db", db).exit_code == 0
    return {r["url"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def fixture_pages() -> list[tuple[str, bytes, str, str]]:
    pages = []
    for saved in fixtures():
        date = saved.fetched_at.replace("+00:00", "Z")
        content_type = saved.headers.get("content-type", "text/html; charset=utf-8")
        pages.append((saved.url, saved.path.read_bytes(), date, content_type))
    return pages


def test_a_replayed_crawl_keeps_one_response_per_fetched_url_as_received(tmp_path):
    warc = tmp_path / "warc"
    result = crawl(
        tmp_path / "a.db",
        "-a", "listing=https://www.antaranews.com/terkini", "-a", "max_pages=1",
        "-a", f"urls_file={FIXTURES / 'demo-urls.txt'}",
        "-s", f"ANTARA_REPLAY_DIR={FIXTURES}", "-s", f"ANTARA_WARC_DIR={warc}",
    )  # fmt: skip
    found = records(warc)
    kinds = [r.rec_type for r, _ in found]
    assert kinds[0] == "warcinfo" and kinds.count("response") == kinds.count("request")
    responses = {
        r.rec_headers.get_header("WARC-Target-URI"): (r, body) for r, body in found if r.rec_type == "response"
    }
    [(requests,)] = result.query("select requests from crawl_runs")
    assert len(responses) == kinds.count("response") == requests  # one response per fetched URL, robots.txt too
    saved = {s.url: s for s in fixtures()}
    for url, (record, body) in responses.items():
        if url in saved:  # the saved page's bytes and fetch time, as the replay served them
            assert body == saved[url].path.read_bytes()
            assert record.rec_headers.get_header("WARC-Date") == saved[url].fetched_at.replace("+00:00", "Z")
    [(files,)] = result.query("select warc_files from crawl_runs")
    assert [Path(f).name for f in json.loads(files)] == [p.name for p in sorted(warc.glob("*.warc.gz"))]
    assert not list(warc.glob("*.open"))

    again = tmp_path / "again.db"  # the WARC alone rebuilds the same archive
    assert run("reparse", "--warc", *sorted(warc.glob("*.warc.gz")), "--db", again).exit_code == 0
    from_crawl = {r["url"]: r for r in result.rows}
    assert stored(again) == from_crawl


def test_a_compressed_response_is_kept_as_it_came_and_read_back(site, tmp_path):
    seed = next(s for s in fixtures() if "seed" in s.path.name)
    path = "/www.antaranews.com" + seed.url.split("antaranews.com", 1)[1]
    compressed = gzip.compress(seed.path.read_bytes())

    def gzipped(handler, attempt):
        handler._send(200, compressed, "text/html; charset=utf-8", {"Content-Encoding": "gzip"})

    site.faults[path] = gzipped
    warc = tmp_path / "warc"
    result = crawl(
        tmp_path / "a.db", "-a", f"url={seed.url}", "-a", f"mirror={site.base_url}", "-s", f"ANTARA_WARC_DIR={warc}"
    )
    [(record, body)] = [
        (r, b)
        for r, b in records(warc)
        if r.rec_type == "response" and "berita" in r.rec_headers.get_header("WARC-Target-URI")
    ]
    assert record.rec_headers.get_header("WARC-Target-URI") == seed.url  # the ANTARA URL, not the mirror's
    assert record.http_headers.get_header("Content-Encoding") == "gzip" and body == compressed
    assert run("import", *warc.glob("*.warc.gz"), "--db", tmp_path / "b.db").exit_code == 0
    [article] = result.rows
    assert stored(tmp_path / "b.db")[seed.url] == article


@pytest.mark.parametrize("name", ["fixtures.warc.gz", "fixtures.warc"])
def test_a_warc_of_the_fixtures_imports_as_parse_reads_the_same_bytes(tmp_path, name):
    pages = fixture_pages()
    warc = tmp_path / name
    write_warc(warc, pages)
    db = tmp_path / "a.db"
    first = run("import", warc, "--db", db)
    assert first.exit_code == 0, first.output
    counts = json.loads(first.output)
    expected = [as_parse_sees_it(*page) for page in pages if is_article_url(page[0])]
    articles = {r["url"]: r for r in expected if "rejected" not in r}
    assert stored(db) == articles
    assert counts["new"] == len(articles) and counts["rejected"] == len(expected) - len(articles) > 0
    assert counts["skipped"] == {
        "warcinfo record": 1,
        "request record": len(pages),
        "not an ANTARA article": 1 + len(pages) - len(expected),  # example.org, the listing and video pages
        "http 404": 1,
    }
    with sqlite3.connect(db) as conn:
        sources = conn.execute("select source from articles").fetchall()
        rejects = conn.execute("select url, count from rejects").fetchall()
    assert all(s.startswith(f"{name}#") for (s,) in sources)
    assert sorted(u for u, _ in rejects) == sorted(r["url"] for r in expected if "rejected" in r)

    second = json.loads(run("import", warc, "--db", db).output)  # importing again changes nothing
    assert second["new"] == second["updated"] == second["history"] == 0 and second["unchanged"] == len(articles)
    assert stored(db) == articles
    with sqlite3.connect(db) as conn:
        assert conn.execute("select url, count from rejects").fetchall() == rejects
        assert conn.execute("select count(*) from article_versions").fetchone() == (0,)


def test_the_real_captures_import_as_parse_reads_them(tmp_path, real_pages):
    pages = [(url, (real_pages / name).read_bytes(), "2016-03-01T00:00:00Z", "text/html") for name, url in REAL.items()]
    write_warc(tmp_path / "real.warc.gz", pages, version="WARC/1.1", extra=False)
    assert run("import", tmp_path / "real.warc.gz", "--db", tmp_path / "a.db").exit_code == 0
    expected = [as_parse_sees_it(*page) for page in pages]
    assert list(stored(tmp_path / "a.db").values()) == sorted(expected, key=lambda r: r["published_at"])
    assert all("rejected" not in r and r["body"] for r in expected)


def test_captures_in_any_order_keep_the_newest_and_the_history(tmp_path):
    url, body, _, content_type = next(p for p in fixture_pages() if "seed" in p[0] or "4645921" in p[0])
    corrected = body.replace(b"China", b"Tiongkok")
    write_warc(tmp_path / "old.warc.gz", [(url, body, "2025-02-12T11:00:00Z", content_type)], extra=False)
    write_warc(tmp_path / "new.warc.gz", [(url, corrected, "2025-03-01T11:00:00Z", content_type)], extra=False)
    stores = {}
    for order in (["old", "new"], ["new", "old"]):
        db = tmp_path / f"{'-'.join(order)}.db"
        for name in order:
            assert run("import", tmp_path / f"{name}.warc.gz", "--db", db).exit_code == 0
        with sqlite3.connect(db) as conn:
            versions = conn.execute("select fetched_at, body like '%Tiongkok%' from article_versions").fetchall()
        stores[tuple(order)] = (stored(db), versions)
    (current, versions), (current_again, versions_again) = stores.values()
    assert current == current_again and "Tiongkok" in next(iter(current.values()))["body"]
    assert versions == versions_again == [("2025-02-12T11:00:00+00:00", 0)]  # the older text, once


def test_files_read_in_parallel_give_what_one_reader_gives(tmp_path):
    pages = fixture_pages()
    for n in range(3):
        write_warc(tmp_path / f"part{n}.warc.gz", pages[n::3])
    files = sorted(tmp_path.glob("part*.warc.gz"))
    one = run("import", *files, "--db", tmp_path / "one.db", "--workers", "0")
    many = run("import", *files, "--db", tmp_path / "many.db", "--workers", "2")
    assert one.exit_code == many.exit_code == 0, many.output
    assert json.loads(one.output) == json.loads(many.output)
    assert stored(tmp_path / "one.db") == stored(tmp_path / "many.db")


def test_a_truncated_warc_is_one_line_and_keeps_what_was_read(tmp_path):
    pages = [p for p in fixture_pages() if "rejected" not in as_parse_sees_it(*p)][:4]
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, pages, extra=False)
    offsets = []
    with whole.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            if record.rec_type == "response":
                offsets.append(iterator.get_record_offset())
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: offsets[2] + 200])  # the third response ends half-way
    result = run("import", cut, "--db", tmp_path / "a.db")
    assert result.exit_code == 3
    assert f"{cut}: unreadable after offset" in result.output
    assert len(stored(tmp_path / "a.db")) == 2
    assert json.loads(result.output.splitlines()[0])["failed"]

    garbage = tmp_path / "not-a-warc.warc"
    garbage.write_bytes(b"this is not a WARC file\n" * 10)
    result = run("import", garbage, "--db", tmp_path / "b.db")
    assert result.exit_code == 3 and f"{garbage}: 5 malformed records" in result.output
