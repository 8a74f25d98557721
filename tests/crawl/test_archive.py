"""Archive discovery: the "cdx" source asks a web archive's CDX index for the captures of each site's
articles in the window and fetches each article's newest capture from the archive's replay or, by
range request, from its WARC files (archives.py). The archive here is a real pywb (in its own venv:
tests/pywb-constraints.txt) over a WARC of the fixtures; the WARC files are served by Twisted."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_warc import as_parse_sees_it, stored, write_warc

from antara_crawler.archives import Capture, cdx_query, latest_captures, page_count, parse_cdx
from antara_crawler.sites import SITES
from antara_crawler.window import Window
from crawling import crawl
from helpers import ROOT, fixtures

PYWB = ROOT / ".venv-pywb" / "bin"
WINDOW = ("2025-01-01", "2025-03-31")
SITES_ASKED = {"www", "jatim"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(command: list[str], cwd: Path, ready: str) -> subprocess.Popen:
    """A server process, once `ready` answers."""
    server = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(150):
        try:
            urllib.request.urlopen(ready, timeout=2).read()
            return server
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"{command[0]} exited: {server.stderr.read().decode()[-2000:] if server.stderr else ''}")
            time.sleep(0.1)
    server.kill()
    pytest.fail(f"{command[0]} did not answer {ready}")


def captured(page: tuple[str, bytes, str, str]) -> tuple[str, bytes, str, str]:
    """A fixture page captured by the archive two hours after it was published (pages with no
    publication time keep their fetch time)."""
    url, body, date, content_type = page
    saved = next(s for s in fixtures() if s.url == url)
    published = saved.meta["expected"].get("published_at")
    if published:
        date = (datetime.fromisoformat(published) + timedelta(hours=2)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return url, body, date, content_type


def archive_pages() -> tuple[list[tuple[str, bytes, str, str]], tuple[str, bytes, str, str]]:
    """The fixtures as the archive captured them, plus an older, different capture of the seed
    article (the newer one must win)."""
    from test_warc import fixture_pages

    pages = [captured(page) for page in fixture_pages()]
    url, body, _date, content_type = next(p for p in pages if "/4645921/" in p[0])
    older = (url, body.replace(b"China", b"Cina"), "2025-02-12T11:00:00Z", content_type)
    return pages, older


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Iterator[tuple[str, str, list]]:
    """(pywb's collection URL, the URL its WARC files are served under, the captured pages)."""
    if not (PYWB / "wayback").exists():
        pytest.fail(
            "pywb is missing: python3 -m venv .venv-pywb && .venv-pywb/bin/pip install -c tests/pywb-constraints.txt pywb"
        )
    folder = tmp_path_factory.mktemp("archive")
    pages, older = archive_pages()
    write_warc(folder / "older.warc.gz", [older], extra=False)
    write_warc(folder / "fixtures.warc.gz", pages)
    for command in (["wb-manager", "init", "C"], ["wb-manager", "add", "C", "older.warc.gz", "fixtures.warc.gz"]):
        subprocess.run([str(PYWB / command[0]), *command[1:]], cwd=folder, check=True, capture_output=True)
    wb_port, files_port = free_port(), free_port()
    collection = f"http://127.0.0.1:{wb_port}/C"
    files = folder / "collections" / "C" / "archive"
    pywb = serve([str(PYWB / "wayback"), "-p", str(wb_port), "-b", "127.0.0.1"], folder, f"{collection}/cdx?url=x")
    twisted = [
        sys.executable,
        "-m",
        "twisted",
        "web",
        "--listen",
        f"tcp:{files_port}:interface=127.0.0.1",
        "--path",
        str(files),
    ]
    warc_files = serve(twisted, folder, f"http://127.0.0.1:{files_port}/")
    try:
        yield collection, f"http://127.0.0.1:{files_port}", [*pages, older]
    finally:
        for server in (pywb, warc_files):
            server.terminate()
            server.wait(timeout=10)


def expected(pages: list) -> dict[str, dict]:
    """What the archive run must store: for the asked sites, each article published in the window,
    as `antara-crawler parse` reads the newest capture's bytes at its capture time."""
    newest: dict[str, tuple] = {}
    for page in pages:
        if page[0] not in newest or page[2] > newest[page[0]][2]:
            newest[page[0]] = page
    records = [as_parse_sees_it(*page) for page in newest.values()]
    since, until = (datetime.fromisoformat(bound).date() for bound in WINDOW)
    return {
        r["url"]: r
        for r in records
        if "rejected" not in r
        and r["site"] in SITES_ASKED
        and since <= datetime.fromisoformat(r["published_at"]).date() <= until
    }


def archive_crawl(db: Path, collection: str, *how: str):
    since, until = WINDOW
    return crawl(
        db,
        "-a", f"cdx={collection}/cdx", *how, "-a", f"sites={','.join(sorted(SITES_ASKED))}",
        "-a", f"since={since}", "-a", f"until={until}",
    )  # fmt: skip


def test_an_archive_run_stores_each_articles_newest_capture_from_the_replay(archive, tmp_path):
    collection, _, pages = archive
    want = expected(pages)
    assert len(want) == 7 and any("/4645921/" in url for url in want)
    db = tmp_path / "a.db"
    first = archive_crawl(db, collection, "-a", f"cdx_replay={collection}")
    assert stored(db) == want  # the newest capture's text, its capture time as fetched_at
    run = first.last_run()
    assert run["mode"] == "archive" and run["verdict"] == "ok"
    # 8 articles captured in the CDX range (a day before the window to a week after it); one was
    # published after the window: fetched, checked on its parsed date, not stored
    assert (run["discovered"], run["fetched"], run["new"], run["skipped"], run["rejected"]) == (8, 8, 7, 1, 0)
    with sqlite3.connect(db) as conn:
        sources = dict(conn.execute("select url, source from articles").fetchall())
    assert all(source.startswith(f"{collection}/") and "id_/" in source for source in sources.values())

    again = archive_crawl(db, collection, "-a", f"cdx_replay={collection}").last_run()  # incremental too
    assert stored(db) == want
    assert (again["new"], again["fetched"], again["skipped"]) == (0, 1, 8)  # 7 known, 1 outside the window again


def test_an_archive_run_reads_the_records_by_range_from_the_warc_files(archive, tmp_path):
    collection, warc_base, pages = archive
    db = tmp_path / "a.db"
    archive_crawl(db, collection, "-a", f"cdx_warc={warc_base}")
    assert stored(db) == expected(pages)
    with sqlite3.connect(db) as conn:
        sources = [s for (s,) in conn.execute("select source from articles")]
    assert all(s.startswith(f"{warc_base}/") and ".warc.gz#" in s for s in sources)


def test_a_cdx_answer_in_either_shape_gives_each_articles_newest_good_capture():
    lines = [
        {"url": "https://www.antaranews.com/berita/1/a", "timestamp": "20250101000000", "status": "200", "mime": "text/html"},
        {"url": "https://www.antaranews.com/berita/1/a", "timestamp": "20250301000000", "status": "200", "mime": "text/html"},
        {"url": "https://www.antaranews.com/berita/1/a", "timestamp": "20250401000000", "status": "301", "mime": "text/html"},
        {"url": "https://www.antaranews.com/berita/2/b", "timestamp": "20250102000000", "status": "200", "mime": "application/pdf"},
        {"url": "https://www.antaranews.com/terkini", "timestamp": "20250102000000", "status": "200", "mime": "text/html"},
    ]  # fmt: skip
    json_lines = "\n".join(json.dumps(line) for line in lines).encode()
    header = ["original", "timestamp", "statuscode", "mimetype"]
    wayback = json.dumps([header, *[[d["url"], d["timestamp"], d["status"], d["mime"]] for d in lines]]).encode()
    for body in (json_lines, wayback):
        assert latest_captures(parse_cdx(body)[0]) == [
            Capture("https://www.antaranews.com/berita/1/a", "20250301000000", "200", "text/html")
        ]
    assert Capture("u", "20250301101500", "200", "text/html").captured_at == "2025-03-01T10:15:00+00:00"
    assert page_count(b"12") == 12 and page_count(b'{"pages": 3, "pageSize": 5, "blocks": 14}') == 3
    assert page_count(json_lines) is None and page_count(b"[]") is None and parse_cdx(b"") == ([], 0)


def test_a_cdx_line_that_is_not_a_capture_is_counted_and_skipped():
    good = b'{"url": "https://www.antaranews.com/berita/1/a", "timestamp": "20250301000000", "status": "200"}'
    bad = [b'{"url": "https://www.antaranews.com/berita/2/b", "timestamp": "20250301000000", "offset": "x"}',
           b'{broken', b'{"url": "https://www.antaranews.com/berita/3/c", "timestamp": "soon"}', b'[1, 2]', b'{}']  # fmt: skip
    captures, skipped = parse_cdx(b"\n".join([bad[0], good, *bad[1:]]))
    assert [c.url for c in captures] == ["https://www.antaranews.com/berita/1/a"] and skipped == 5
    rows = [["original", "timestamp"], ["https://www.antaranews.com/berita/1/a", "20250301000000"], "junk", ["x"]]
    assert parse_cdx(json.dumps(rows).encode())[1] == 2
    # a time cut short is not guessed at: "2025021" could be 10 February or 1 October
    assert parse_cdx(b'{"url": "https://www.antaranews.com/berita/1/a", "timestamp": "2025021"}') == ([], 1)


def test_a_cdx_query_covers_the_window_by_capture_time():
    query = cdx_query("https://index.commoncrawl.org/CC-MAIN-2025-08-index", SITES["en"], Window.parse(*WINDOW))
    assert query == (
        "https://index.commoncrawl.org/CC-MAIN-2025-08-index?url=en.antaranews.com%2Fnews%2F%2A"
        "&output=json&from=20241231000000&to=20250407235959"
    )
