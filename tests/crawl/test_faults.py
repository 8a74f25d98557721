"""One real crawl through a fault-injecting local server: every HTTP outcome, broken page and
hostile input the crawler must survive, each ending in a counted, recorded outcome."""

import gzip
import sqlite3

import pytest

from antara_crawler.crawl.exitcodes import EXIT_FAILED
from crawling import WWW, article_page, crawl, first_then_page, path, redirect, serve, status, url


def hang(seconds):
    def fault(h, attempt):
        import time

        time.sleep(seconds)

    return fault


def short_transfer(h, attempt):
    """Promises more bytes than it sends, then hangs up: a transfer cut in the middle."""
    body = article_page(9013)
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body[: len(body) // 2])
    h.wfile.flush()
    h.close_connection = True


NO_BODY = b"""<!DOCTYPE html><html><head><title>Berita - ANTARA News</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Tanpa isi","datePublished":"2025-02-12T10:00:00+07:00"}</script>
</head><body><nav><a href="/">Beranda</a></nav></body></html>"""

HOSTILE_BODY = (
    'Jakarta (ANTARA) - Paragraf pertama yang sah.<script>alert("xss")</script><style>p{color:red}</style>'
    '<br><br><img src="x.jpg" onerror="alert(1)">Paragraf kedua <b onmouseover="steal()">tebal</b>.'
    '<br><br><p><b>Baca juga:</b> <a href="javascript:alert(1)">Jebakan</a> <a href="file:///etc/passwd">Berkas</a></p>'
    '<noscript>Aktifkan JavaScript</noscript><iframe src="https://evil.example/"></iframe><br><br>'
)


def hostile_feed(secret_path):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [
  <!ENTITY xxe SYSTEM "file://{secret_path}">
  <!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rss version="2.0"><channel><title>&xxe;&d;</title>
<item><title>&xxe;</title><link>{url(9023)}</link><pubDate>Wed, 12 Feb 2025 10:00:00 +0700</pubDate></item>
<item><title>luar</title><link>https://evil.example/berita/1/x</link></item>
<item><title>berkas</title><link>file:///etc/passwd</link></item>
<item><title>skrip</title><link>javascript:alert(1)</link></item>
</channel></rss>""".encode()


@pytest.fixture
def faulty_site(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("RAHASIA-JANGAN-BACA", encoding="utf-8")
    cp1252_page = (
        article_page(9016, title="Kafé “kutip” — dari cp1252", body="Jakarta (ANTARA) - Teks “kutip” dan café.")
        .decode("utf-8")
        .encode("cp1252")
    )
    utf8_as_latin = article_page(
        9017, title="Café “kutip” — UTF-8 berlabel latin-1", body="Jakarta (ANTARA) - Kafé “kutip”."
    )
    mojibake = article_page(
        9018, title="Mojibake pada judul", body="Jakarta (ANTARA) - Kata â€œkutipâ€\x9d dan cafÃ© diperbaiki."
    )
    site.faults.update(
        {
            path(9001): status(404),
            path(9002): status(410),
            path(9003): status(500),
            path(9004): status(502),
            path(9005): first_then_page(503, article_page(9005, title="Pulih setelah 503")),
            path(9006): hang(3),
            path(9007): first_then_page(429, article_page(9007, title="Setelah 429"), {"Retry-After": "1"}),
            path(9008): redirect(f"{site.base_url}{path(9009)}"),
            path(9009): serve(article_page(9009, title="Tujuan pengalihan")),
            path(9010): redirect(f"{site.base_url}/www.antaranews.com/"),
            path(9011): redirect("http://offsite.invalid/berita/1/x"),
            path(9012): serve(article_page(9012, title="Halaman terpotong")[:-2000]),
            path(9013): short_transfer,
            path(9014): serve(b""),
            path(9015): serve(NO_BODY),
            path(9016): serve(cp1252_page, "text/html; charset=utf-8"),
            path(9017): serve(
                utf8_as_latin.replace(b'<meta charset="utf-8">', b'<meta charset="iso-8859-1">'),
                "text/html; charset=iso-8859-1",
            ),
            path(9018): serve(mojibake),
            path(9019): serve(b"<html><body>" + b"x" * (20 * 1024 * 1024) + b"</body></html>"),
            path(9020): serve(gzip.compress(b"\0" * (200 * 1024 * 1024), 9), "text/html", {"Content-Encoding": "gzip"}),
            path(9021): serve(article_page(9021, title="Halaman berisi skrip", body=HOSTILE_BODY)),
            path(9022): serve(article_page(9022, title="'); DROP TABLE articles; --")),
            path(9023): serve(article_page(9023, title="Dari umpan RSS")),
            path(9024): serve(article_page(9024, title="Tanggal di masa depan", published="2099-01-01T10:00:00+07:00")),
            "/www.antaranews.com/rss/terkini.xml": serve(hostile_feed(secret), "application/rss+xml"),
        }
    )
    site.secret = secret
    return site


EXPLICIT = [*range(9001, 9023), 9024]
SOFT_404 = f"{WWW}/berita/9999999/artikel-yang-sudah-dihapus"
STORED = {9005, 9007, 9009, 9012, 9016, 9017, 9018, 9021, 9022, 9023, 9024}
REJECTED = {  # stage, reason
    url(9001): ("fetch", "gone"),
    url(9002): ("fetch", "gone"),
    url(9003): ("fetch", "http 500"),
    url(9004): ("fetch", "http 502"),
    url(9006): ("fetch", "DownloadTimeoutError"),
    url(9010): ("parse", "not_article"),
    url(9011): ("fetch", "ignored"),
    url(9013): ("fetch", "ResponseDataLossError"),
    url(9014): ("parse", "unsupported"),
    url(9015): ("parse", "unsupported"),
    url(9019): ("fetch", "DownloadCancelledError"),  # over DOWNLOAD_MAXSIZE by its Content-Length
    url(9020): ("fetch", "ignored"),
    SOFT_404: ("parse", "not_found"),
}


def test_every_fault_ends_in_a_counted_recorded_outcome(faulty_site, tmp_path):
    site = faulty_site
    run = crawl(
        tmp_path / "a.db",
        "-a",
        "sites=www",
        "-a",
        "sources=rss",
        "-a",
        "url=" + ",".join([url(i) for i in EXPLICIT] + [SOFT_404]),
        "-a",
        f"mirror={site.base_url}",
        "-s",
        "RETRY_TIMES=2",
        "-s",
        "DOWNLOAD_TIMEOUT=1",
    )
    # Exact counts: stored, rejected, errored; nothing lost, nothing twice
    assert run.stored() == {("www", str(i)) for i in STORED}
    assert run.query("select count(*) from articles") == [(len(STORED),)]
    rejects = {u: (stage, reason) for u, stage, reason in run.query("select url, stage, reason from rejects")}
    assert rejects == REJECTED
    assert run.query("select count(*) from rejects") == [(len(REJECTED),)]
    last = run.last_run()
    ignored = sum(1 for stage, reason in REJECTED.values() if reason == "ignored")
    assert (last["rejected"], last["ignored"], last["exit_code"], last["unaccounted"]) == (
        len(REJECTED) - ignored,
        ignored,
        0,
        None,
    )
    assert last["errors"] == sum(1 for stage, reason in REJECTED.values() if stage == "fetch" and reason != "ignored")
    # 9008 redirects to 9009, which the run asked for itself: when the redirect is scheduled second,
    # Scrapy's dupefilter drops it (skipped/again); when the start request for 9009 comes second it is
    # fetched twice and the second is stored unchanged. Either way one row, and one outcome each.
    assert last["skipped"] + last["unchanged"] == 1

    # HTTP: gone pages asked once; server errors and timeouts retried (1 + RETRY_TIMES); 429 waited as told
    attempts = {i: len(site.attempts[path(i)]) for i in (9001, 9002, 9003, 9004, 9005, 9006, 9007, 9013)}
    assert attempts == {9001: 1, 9002: 1, 9003: 3, 9004: 3, 9005: 2, 9006: 3, 9007: 2, 9013: 3}
    first, second = site.attempts[path(9007)]
    assert second - first >= 1.0  # Retry-After: 1
    assert "offsite.invalid" not in " ".join(site.requests)  # the off-site redirect was not followed

    # A redirect to another article: stored once, under the final article's URL
    [(final_url,)] = run.query("select url from articles where article_id = '9009'")
    assert final_url == url(9009)
    assert run.query("select detail from rejects where url = ?", [url(9010)])[0][0].endswith(
        f"(redirected from {url(9010)})"
    )

    rows = {r["article_id"]: r for r in run.rows}
    # Broken pages
    assert "page looks truncated: no </html>" in rows["9012"]["warnings"]
    assert rows["9016"]["title"] == "Kafé “kutip” — dari cp1252" and "Teks “kutip” dan café." in rows["9016"]["body"]
    assert rows["9017"]["title"] == "Café “kutip” — UTF-8 berlabel latin-1" and "Kafé “kutip”." in rows["9017"]["body"]
    assert "Kata “kutip” dan café diperbaiki." in rows["9018"]["body"]
    # Hostile content never reaches the body; script URLs never become links
    hostile = rows["9021"]
    assert hostile["body"] == "Paragraf pertama yang sah.\n\nParagraf kedua tebal."
    assert hostile["related"] == []
    assert rows["9022"]["title"] == "'); DROP TABLE articles; --"
    # Hostile feed: no entity expanded, no file read, only the ANTARA article link followed
    dump = "\n".join(sqlite3.connect(run.db).iterdump())
    assert "RAHASIA" not in dump and "hahaha" not in dump
    assert "9023" in rows
    # A date far in the future: kept as text in a warning, never guessed
    assert rows["9024"]["published_at"] is None
    assert rows["9024"]["warnings"] == [
        "date in the future not trusted: '2099-01-01T10:00:00+07:00' (fetched " + rows["9024"]["fetched_at"] + ")"
    ]
    assert rows["9024"]["warnings"][0].startswith("date in the future not trusted")

    # Rejected pages keep their HTML for a later reparse
    [(kept,)] = run.query("select count(*) from rejects where html is not null and stage = 'parse'")
    assert kept == 3  # the home page, the page with no body, the soft 404; the empty page had nothing to keep


def test_gzip_bomb_and_huge_page_are_refused_before_memory_fills(faulty_site, tmp_path):
    run = crawl(
        tmp_path / "a.db",
        "-a",
        "url=" + ",".join([url(9019), url(9020)]),
        "-a",
        f"mirror={faulty_site.base_url}",
        expect=EXIT_FAILED,
    )
    assert (
        run.last_run()["verdict"]
        == "every request failed or was refused (1 errors, 1 refused: robots.txt, off-site, too big)"
    )
    details = dict(run.query("select url, detail from rejects"))
    assert "DOWNLOAD_MAXSIZE" in details[url(9020)] or "max" in details[url(9020)].lower()
    assert details[url(9019)]
